package dev.fetchpipe.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.util.ContextInitializer;
import ch.qos.logback.core.ConsoleAppender;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The logging every fetchpipe command gets, set up by code through logback's Configurator service. */
class StderrLoggingConfiguratorTest {

  @Test
  void slf4jComesUpWithRootAtWarnOnStderrAndTheTcpListenerOff() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    assertEquals(Level.WARN, root.getLevel());
    assertEquals(Level.OFF, context.getLogger("org.apache.pekko.io.TcpListener").getLevel());

    var appender = assertInstanceOf(ConsoleAppender.class, root.getAppender("STDERR"));
    assertEquals("System.err", appender.getTarget());
    assertEquals(StderrLoggingConfigurator.PATTERN, ((PatternLayoutEncoder) appender.getEncoder()).getPattern());
  }

  @Test
  void aWarningReachesStderrInThePatternAndInfoDoesNot() {
    Logger probe = LoggerFactory.getLogger("dev.fetchpipe.logging.Probe");
    String err = capturingStderr(() -> {
      probe.info("an info line");
      probe.warn("a warning line");
      LoggerFactory.getLogger("org.apache.pekko.io.TcpListener").error("a bind failure");
    });
    assertTrue(err.lines().anyMatch(line ->
        line.matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} WARN  dev\\.fetchpipe\\.logging\\.Probe - a warning line")), err);
    assertFalse(err.contains("an info line"), err);
    assertFalse(err.contains("a bind failure"), err);
  }

  @Test
  void pekkosLogOfAMalformedResponseIsLeftOutAndOtherErrorsAreNot() {
    Logger stage = LoggerFactory.getLogger("org.apache.pekko.actor.RepointableActorRef");
    String err = capturingStderr(() -> {
      stage.error("Error in stage [PrepareResponse]: Illegal response status code",
          new org.apache.pekko.http.scaladsl.model.IllegalResponseException(
              new org.apache.pekko.http.scaladsl.model.ErrorInfo("Illegal response status code", "")));
      stage.error("Error in stage [Other]: boom", new IllegalStateException("boom"));
    });
    assertFalse(err.contains("Illegal response status code"), err);
    assertTrue(err.contains("Error in stage [Other]: boom"), err);
  }

  @Test
  void remotingsNoiseOfACleanLeaveIsQuiet() {
    Logger stream = LoggerFactory.getLogger(RemotingNoiseFilter.STREAM_LOGGER);
    String aborted = "[outbound connection to [pekko://fetchpipe-daemon@127.0.0.1:25621], control stream] Upstream failed,"
        + " cause: StreamTcpException: The connection has been aborted";
    RemotingNoiseFilter.reset(); // a daemon stopped earlier in this JVM's tests set it
    try {
      String running = capturingStderr(() -> stream.warn(aborted));
      assertTrue(running.contains("The connection has been aborted"), "shown while the process runs: " + running);
      RemotingNoiseFilter.shuttingDown();
      String leaving = capturingStderr(() -> {
        stream.warn(aborted);
        stream.warn("[outbound connection to [pekko://x@h:1], message stream] Upstream failed, cause: StreamTcpException:"
            + " Tcp command [Connect(h:1)] failed because of java.net.ConnectException: Connection refused");
        LoggerFactory.getLogger("org.apache.pekko.cluster.Cluster").warn("Marking node as UNREACHABLE");
      });
      assertFalse(leaving.contains("has been aborted"), leaving);
      String flush = capturingStderr(() -> LoggerFactory.getLogger(RemotingNoiseFilter.FLUSH_LOGGER)
          .warn("Flush timeout, [-1] remaining"));
      assertEquals("", flush, "a flush to a node that has left");
      assertTrue(leaving.contains("Connection refused") && leaving.contains("UNREACHABLE"), "only the own aborts go: " + leaving);
    } finally {
      RemotingNoiseFilter.reset();
    }
  }

  @Test
  void aFreshLoggerContextIsConfiguredByThisClass() throws Exception {
    LoggerContext context = new LoggerContext();
    new ContextInitializer(context).autoConfig();
    assertEquals(Level.WARN, context.getLogger(Logger.ROOT_LOGGER_NAME).getLevel());
    assertEquals(Level.OFF, context.getLogger("org.apache.pekko.io.TcpListener").getLevel());
    context.stop();
  }

  @Test
  void aConfigurationFileNamedWithTheSystemPropertyStillWins(@TempDir Path dir) throws Exception {
    Path xml = Files.writeString(dir.resolve("debug.xml"), "<configuration><root level=\"DEBUG\"/></configuration>");
    LoggerContext context = new LoggerContext();
    System.setProperty(StderrLoggingConfigurator.CONFIG_FILE_PROPERTY, xml.toString());
    try {
      new ContextInitializer(context).autoConfig();
    } finally {
      System.clearProperty(StderrLoggingConfigurator.CONFIG_FILE_PROPERTY);
    }
    assertEquals(Level.DEBUG, context.getLogger(Logger.ROOT_LOGGER_NAME).getLevel());
    assertNull(context.getLogger("org.apache.pekko.io.TcpListener").getLevel());
    context.stop();
  }

  private static String capturingStderr(Runnable logging) {
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      logging.run();
    } finally {
      System.setErr(original);
    }
    return captured.toString(StandardCharsets.UTF_8);
  }
}
