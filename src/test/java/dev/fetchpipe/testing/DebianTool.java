package dev.fetchpipe.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A server a test starts from a Debian package (nginx, tinyproxy, microsocks): found on the PATH or in /usr/sbin, or
 * the test FAILS naming the package to install (.ci/run installs them all). Stopped by {@link #close}.
 */
public class DebianTool implements AutoCloseable {
  private final Process process;
  private final Path log;

  protected DebianTool(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /** The command's path; fails the test naming {@code debianPackage} when it is missing. */
  public static String require(String command, String debianPackage) {
    List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(":")));
    dirs.addAll(List.of("/usr/sbin", "/sbin", "/usr/bin"));
    for (String dir : dirs) {
      if (dir.isEmpty()) continue;
      Path candidate = Path.of(dir, command);
      if (Files.isExecutable(candidate)) return candidate.toString();
    }
    throw new AssertionError(command + " is missing: install the Debian package " + debianPackage
        + " (apt-get install " + debianPackage + ")");
  }

  /** A port nobody listens on now. */
  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Starts {@code command} with its output in {@code log}; returns once it listens on {@code port} of 127.0.0.1. */
  protected static Process start(List<String> command, Path log, int port) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (System.nanoTime() < deadline) {
        if (!process.isAlive()) {
          throw new AssertionError(command.get(0) + " ended at once: " + Files.readString(log));
        }
        try (Socket probe = new Socket()) {
          probe.connect(new InetSocketAddress("127.0.0.1", port), 200);
          return process;
        } catch (IOException notYet) {
          Thread.sleep(50);
        }
      }
      process.destroyForcibly();
      throw new AssertionError(command.get(0) + " did not listen on " + port + " within 10 s: " + Files.readString(log));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Everything it logged so far. */
  public String log() {
    try {
      return Files.exists(log) ? Files.readString(log) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Path logFile() {
    return log;
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) process.destroyForcibly();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
