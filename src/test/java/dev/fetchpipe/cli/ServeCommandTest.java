package dev.fetchpipe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fetchpipe.config.FetchpipeSettings;
import dev.fetchpipe.config.OriginSettings;
import java.io.IOException;
import java.io.PrintStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** What `serve` reads: reference.conf's origin unless --config is given, whatever conf/application.conf says. */
class ServeCommandTest {

  private static OriginSettings origin(String... args) {
    CommandLine line = new CommandLine(new Main(new PrintStream(OutputStream.nullOutputStream()), false));
    CommandLine.ParseResult parsed = line.parseArgs(args);
    ServeCommand serve = (ServeCommand) parsed.subcommand().commandSpec().userObject();
    return FetchpipeSettings.originFrom(serve.merged());
  }

  @Test
  void withoutConfigItIgnoresTheProjectsDemoOrigin() throws IOException {
    // The tests run in the project, whose conf/application.conf slows the origin down: serve must not read it.
    assertTrue(Files.readString(Path.of("conf/application.conf")).contains("delay = 500ms"));
    OriginSettings origin = origin("serve", "--set", "origin.delay=0s");
    assertEquals(Duration.ZERO, origin.delay());
    assertEquals(Duration.ZERO, origin.jitter());
    assertEquals(Duration.ZERO, origin("serve").delay());
  }

  @Test
  void aGivenConfigIsRead(@TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("slow.conf"), "fetchpipe.origin { delay = 2s, jitter = 1s }\n");
    OriginSettings origin = origin("serve", "--config", file.toString(), "--port", "0");
    assertEquals(Duration.ofSeconds(2), origin.delay());
    assertEquals(Duration.ofSeconds(1), origin.jitter());
    assertEquals(0, origin.port());
  }
}
