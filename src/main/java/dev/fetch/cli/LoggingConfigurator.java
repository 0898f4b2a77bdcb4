package dev.fetch.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logback set up in code (found through META-INF/services), so that start-up parses no XML and prints
 * no status lines: warnings and errors only, to stderr. {@link #verbose()} turns on debug output.
 */
public final class LoggingConfigurator extends ContextAwareBase implements Configurator {
  static final String CONSOLE_PATTERN = "fetch: %level %logger{0}: %msg%n";

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
    console.setContext(context);
    console.setName("stderr");
    console.setTarget("System.err");
    console.setEncoder(encoder(context, CONSOLE_PATTERN));
    console.start();
    ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.WARN);
    root.addAppender(console);
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }

  /** Debug output from fetch itself on stderr (-v). */
  static void verbose() {
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx) {
      ctx.getLogger("dev.fetch").setLevel(Level.DEBUG);
    }
  }

  static final String FILE_PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{0}: %msg%n";

  /**
   * --log-file: appends a timestamped log of the run (results, summary, warnings, and debug output
   * with -v) to {@code file}, whatever -q says.
   *
   * @throws java.io.IOException when the file cannot be opened for appending
   */
  static void logToFile(Path file) throws IOException {
    // Open it once ourselves first: Logback reports failures only as status messages.
    Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
        StandardOpenOption.WRITE).close();
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx)) {
      return;
    }
    // A run in the same JVM before this one (Main.run in tests) may have left its file attached.
    ch.qos.logback.core.Appender<ILoggingEvent> previous = ctx.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("file");
    if (previous != null) {
      ctx.getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(previous);
      previous.stop();
    }
    ch.qos.logback.core.FileAppender<ILoggingEvent> appender = new ch.qos.logback.core.FileAppender<>();
    appender.setContext(ctx);
    appender.setName("file");
    appender.setFile(file.toString());
    appender.setAppend(true);
    appender.setEncoder(encoder(ctx, FILE_PATTERN));
    appender.start();
    ch.qos.logback.classic.Logger root = ctx.getLogger(Logger.ROOT_LOGGER_NAME);
    root.addAppender(appender);
    ch.qos.logback.classic.Logger fetch = ctx.getLogger("dev.fetch");
    if (fetch.getLevel() == null || fetch.getLevel().isGreaterOrEqual(Level.INFO)) {
      fetch.setLevel(Level.INFO);
    }
    // INFO lines (one per result) go to the file only; the console keeps WARN unless -v.
    for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
      ch.qos.logback.core.Appender<ILoggingEvent> a = it.next();
      if (a instanceof ConsoleAppender<ILoggingEvent> console && !fetch.isDebugEnabled()) {
        ch.qos.logback.classic.filter.ThresholdFilter warnOnly = new ch.qos.logback.classic.filter.ThresholdFilter();
        warnOnly.setLevel("WARN");
        warnOnly.start();
        console.addFilter(warnOnly);
      }
    }
  }

  private static PatternLayoutEncoder encoder(LoggerContext context, String pattern) {
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern(pattern);
    encoder.start();
    return encoder;
  }
}
