package dev.berth.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * Records every log event of this JVM while open, rendered as the production log pattern renders it
 * (message, key-value pairs, MDC and stack trace), with the production levels except that Berth's
 * own loggers record everything down to TRACE. {@link #close()} restores the levels.
 *
 * <p>Log configuration is global, so tests using this must not run in parallel with others that
 * log. The recorded events may be read from any thread.
 */
public final class LogCapture implements AutoCloseable {

  /** The levels of the production {@code logback.xml}, plus Berth's loggers at TRACE. */
  private static final Map<String, Level> LEVELS =
      Map.of(
          org.slf4j.Logger.ROOT_LOGGER_NAME,
          Level.INFO,
          "org.eclipse.jetty",
          Level.WARN,
          "org.eclipse.jetty.server.RequestLog",
          Level.INFO,
          "com.zaxxer.hikari",
          Level.WARN,
          "org.flywaydb",
          Level.WARN,
          "dev.berth",
          Level.TRACE);

  private final LoggerContext context;
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
  private final PatternLayout layout = new PatternLayout();
  private final Map<String, Level> previousLevels = new LinkedHashMap<>();

  private LogCapture(LoggerContext context) {
    this.context = context;
  }

  /**
   * Starts recording.
   *
   * @throws IllegalStateException when Logback is not the SLF4J binding
   */
  public static LogCapture start() {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      throw new IllegalStateException(
          "Logback is not the SLF4J binding, so log events cannot be recorded");
    }
    LogCapture capture = new LogCapture(context);
    capture.layout.setContext(context);
    capture.layout.setPattern("%level %logger %msg %kvp %mdc%n%ex{full}");
    capture.layout.start();
    capture.appender.setContext(context);
    capture.appender.setName("log-capture");
    capture.appender.start();
    for (var entry : LEVELS.entrySet()) {
      Logger logger = context.getLogger(entry.getKey());
      capture.previousLevels.put(entry.getKey(), logger.getLevel());
      logger.setLevel(entry.getValue());
    }
    context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).addAppender(capture.appender);
    return capture;
  }

  /** Returns every event recorded so far, each rendered as one or more lines. */
  public List<String> renderedEvents() {
    List<String> rendered = new ArrayList<>();
    synchronized (appender) {
      for (ILoggingEvent event : appender.list) {
        rendered.add(layout.doLayout(event));
      }
    }
    return rendered;
  }

  @Override
  public void close() {
    context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).detachAppender(appender);
    appender.stop();
    layout.stop();
    for (var entry : previousLevels.entrySet()) {
      context.getLogger(entry.getKey()).setLevel(entry.getValue());
    }
  }
}
