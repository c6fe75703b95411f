package dev.fetchpipe.daemon;

import com.typesafe.config.Config;
import dev.fetchpipe.config.DaemonSettings;
import java.io.PrintStream;
import java.nio.file.Path;

/** `fetchpipe daemon` as a process: start, say where it listens, stop on Ctrl-C or SIGTERM. */
public final class DaemonProcess {
  private DaemonProcess() {}

  /** Runs until a signal stops the daemon; returns the exit status, 0. */
  public static int run(Config merged, DaemonSettings settings, Path workingDir, PrintStream out) {
    return run(merged, settings, workingDir, out, false);
  }

  /** @param background started by {@code run}: it also stops after daemon.idle-timeout with no job and no client */
  public static int run(Config merged, DaemonSettings settings, Path workingDir, PrintStream out, boolean background) {
    Daemon daemon = Daemon.start(merged, settings, workingDir, background);
    DaemonSignals.install(daemon, settings.shutdownTimeout());
    daemon.warnings().forEach(warning -> System.err.println("fetchpipe daemon: " + warning));
    out.println("fetchpipe daemon at " + daemon.address().withToken());
    out.flush();
    daemon.whenStopped().toCompletableFuture().join();
    out.println("fetchpipe daemon stopped.");
    out.flush();
    return 0;
  }
}
