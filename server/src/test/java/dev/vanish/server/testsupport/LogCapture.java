package dev.vanish.server.testsupport;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/** Captures every log line the server writes at INFO or above (with stack traces), for privacy assertions. */
public final class LogCapture extends AppenderBase<ILoggingEvent> implements AutoCloseable {

  private final List<String> lines = new ArrayList<>();

  public static LogCapture capture() {
    LogCapture c = new LogCapture();
    c.setContext((ch.qos.logback.classic.LoggerContext) LoggerFactory.getILoggerFactory());
    c.start();
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(c);
    return c;
  }

  @Override
  protected synchronized void append(ILoggingEvent e) {
    if (!e.getLevel().isGreaterOrEqual(Level.INFO)) return;
    String line = e.getLoggerName() + " " + e.getFormattedMessage();
    if (e.getThrowableProxy() != null) line += "\n" + ThrowableProxyUtil.asString(e.getThrowableProxy());
    lines.add(line);
  }

  public synchronized String text() {
    return String.join("\n", lines);
  }

  public synchronized int count() {
    return lines.size();
  }

  @Override
  public void close() {
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(this);
    stop();
  }
}
