package dev.fetchpipe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The logging the packaged jar ships (logging.StderrLoggingConfigurator), as the launcher starts it. */
class LauncherLoggingIT {

  @Test
  void serveOnABusyPortSaysSoInOneLineWithoutPekkosOwnStackTrace(@TempDir Path dir) throws Exception {
    try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
        Launcher fetchpipe = Launcher.start(dir, "serve", "--port", String.valueOf(busy.getLocalPort()))) {
      assertEquals(2, fetchpipe.awaitExit(Duration.ofSeconds(60)), fetchpipe.stderr());
      // Pekko's TcpListener logs the failed bind as an ERROR with a stack trace unless its logger is OFF.
      assertEquals("fetchpipe: cannot bind 127.0.0.1:" + busy.getLocalPort() + ": address already in use\n",
          fetchpipe.stderr());
      assertEquals("", fetchpipe.stdout());
    }
  }
}
