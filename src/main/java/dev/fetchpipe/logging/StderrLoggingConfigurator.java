package dev.fetchpipe.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * fetchpipe's logging: warnings and errors only, all to stderr, so that stdout carries only the header, the progress
 * and the summary.
 *
 * <p>Code and not a logback.xml because reading that file costs start-up time: logback parses it with the JDK's XML
 * parser and its Joran framework, hundreds of classes loaded early in every command, for a configuration that never
 * changes.
 *
 * <p>Logback finds this class through META-INF/services/ch.qos.logback.classic.spi.Configurator and runs it before
 * its own configurators; since it answers DO_NOT_INVOKE_NEXT_IF_ANY, they (the XML search, Joran, the DEBUG-to-stdout
 * fallback) never run.
 *
 * <p>{@code -Dlogback.configurationFile=FILE} still works for someone who needs other logging for a while: this
 * class then steps aside and logback reads that file as usual.
 */
public final class StderrLoggingConfigurator extends ContextAwareBase implements Configurator {
  static final String PATTERN = "%d{HH:mm:ss.SSS} %-5level %logger{30} - %msg%n";
  static final String APPENDER_NAME = "STDERR";
  /** A failed bind is reported by fetchpipe itself in one line; Pekko's own stack trace would only repeat it. */
  static final String TCP_LISTENER = "org.apache.pekko.io.TcpListener";
  /**
   * What Pekko HTTP's client throws at a response head that is not HTTP (a status code that is not a number, say).
   * The URL ends as an ERROR that says so in the report; Pekko's own log of it would only repeat it, stack and all.
   */
  static final String MALFORMED_RESPONSE = "org.apache.pekko.http.scaladsl.model.IllegalResponseException";
  /** logback's own system property (ClassicConstants.CONFIG_FILE_PROPERTY) naming a configuration file. */
  static final String CONFIG_FILE_PROPERTY = "logback.configurationFile";

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    if (System.getProperty(CONFIG_FILE_PROPERTY) != null) return ExecutionStatus.INVOKE_NEXT_IF_ANY;

    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern(PATTERN);
    encoder.start();

    ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
    stderr.setContext(context);
    stderr.setName(APPENDER_NAME);
    stderr.setTarget("System.err");
    stderr.setEncoder(encoder);
    stderr.addFilter(new Filter<>() {
      @Override
      public FilterReply decide(ILoggingEvent event) {
        IThrowableProxy thrown = event.getThrowableProxy();
        return thrown != null && MALFORMED_RESPONSE.equals(thrown.getClassName()) ? FilterReply.DENY : FilterReply.NEUTRAL;
      }
    });
    stderr.start();

    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.WARN);
    root.addAppender(stderr);
    context.getLogger(TCP_LISTENER).setLevel(Level.OFF);
    RemotingNoiseFilter quietLeave = new RemotingNoiseFilter();
    quietLeave.setContext(context);
    quietLeave.start();
    context.addTurboFilter(quietLeave);
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }
}
