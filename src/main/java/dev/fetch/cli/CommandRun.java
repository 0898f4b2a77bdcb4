package dev.fetch.cli;

import dev.fetch.FetchConfig;
import dev.fetch.Fetcher;
import dev.fetch.Version;
import dev.fetch.download.DownloadResult;
import dev.fetch.download.FileErrors;
import dev.fetch.http.Redactor;
import dev.fetch.input.ListEntry;
import dev.fetch.report.ClosingReport;
import dev.fetch.report.FailedListWriter;
import dev.fetch.report.ProgressDisplay;
import dev.fetch.report.ResultFormat;
import dev.fetch.report.ResultLog;
import dev.fetch.report.ResultPrinter;
import dev.fetch.report.RunSummary;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Iterator;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * One run of the command, once its config is valid: the fetcher and where its results go (stdout,
 * the summary, --failed, --log-file, the progress line), the closing report, and what a signal does.
 * However the run ends, {@link #end} removes the .part files of cut-off downloads (unless -c) and
 * prints the closing report, once.
 */
final class CommandRun implements AutoCloseable {
  /** How long a signal waits for the run to wind down before the closing report. */
  static final Duration SIGNAL_GRACE = Duration.ofMillis(1600);

  /** The two output streams, and how stderr is used on them. */
  record Console(PrintWriter out, PrintWriter err, boolean progress, boolean onlyStderrOnTerminal) {}

  private final FetchConfig config;
  private final OutputOptions output;
  private final Console console;
  private final FailedListWriter failedList;
  private final Fetcher fetcher;
  private final RunSummary summary;
  private final AtomicBoolean outputClosed = new AtomicBoolean();
  private final CountDownLatch finished = new CountDownLatch(1);

  private CommandRun(FetchConfig config, OutputOptions output, Console console, FailedListWriter failedList,
      Fetcher fetcher) {
    this.config = config;
    this.output = output;
    this.console = console;
    this.failedList = failedList;
    this.fetcher = fetcher;
    this.summary = new RunSummary(config.dryRun());
  }

  /** Opens --failed, the output folder and --log-file, in that order; {@code args} head the log. */
  static CommandRun open(FetchConfig config, OutputOptions output, Console console, List<String> args,
      List<Path> lists) throws UsageException {
    FailedListWriter failedList = null;
    CommandRun run = null;
    try {
      failedList = openFailedList(output, lists);
      run = new CommandRun(config, output, console, failedList, createFetcher(config));
      if (output.logFile != null) {
        openLogFile(output, args);
      }
      return run;
    } catch (UsageException e) {
      closeAfter(e, run != null ? run : failedList);
      throw e;
    }
  }

  /** Downloads every entry, reporting each result; returns the exit code. */
  int execute(Iterator<ListEntry> entries, LongSupplier totalEntries, Interruption interruption)
      throws UsageException {
    ResultPrinter printer = new ResultPrinter(console.out(),
        output.json ? ResultFormat.JSON_LINES : output.sha256 ? ResultFormat.TEXT_WITH_SHA256 : ResultFormat.TEXT,
        output.quiet,
        () -> { outputClosed.set(true); fetcher.cancel(); });
    Consumer<DownloadResult> sink = summary.andThen(printer);
    if (failedList != null) {
      sink = sink.andThen(failedList);
    }
    if (output.logFile != null) {
      sink = sink.andThen(new ResultLog());
    }
    ProgressDisplay progress = null;
    if (console.progress()) {
      progress = new ProgressDisplay(console.err(), fetcher::bytesReceived, fetcher::transfers, totalEntries,
          config.threads()).start();
      printer.clearBeforeEachLine(progress);
      sink = sink.andThen(progress);
    }
    ClosingReport report = new ClosingReport(console.err(), summary, output.quiet,
        console.onlyStderrOnTerminal(), output.logFile != null, progress);
    interruption.onSignal(() -> {
      fetcher.cancel();
      awaitQuietly(finished, SIGNAL_GRACE);
      end(report);
    });
    try {
      fetcher.fetch(entries, sink);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      fetcher.cancel();
    } catch (UncheckedIOException e) {
      fetcher.cancel();
      throw new UsageException(e.getMessage());
    } finally {
      end(report);
      finished.countDown();
    }
    if (failedList != null && failedList.writeError() != null) {
      console.err().println("fetch: cannot write --failed " + output.failedList + ": "
          + FileErrors.reason(failedList.writeError()) + "; it lacks some failed entries");
      console.err().flush();
    }
    return exitCode();
  }

  /** The one place a run ends, normally or by a signal (the report prints only once). */
  private void end(ClosingReport report) {
    if (fetcher.cancelled() && !config.keepPartial()) {
      fetcher.removePartFiles();
    }
    report.print(config.threads(), fetcher.cancelled(), outputClosed.get());
  }

  private int exitCode() {
    if (outputClosed.get()) {
      return ExitCodes.CLOSED_OUTPUT;
    }
    if (fetcher.cancelled()) {
      return ExitCodes.INTERRUPTED;
    }
    return summary.failed() > 0 ? ExitCodes.SOME_FAILED : ExitCodes.OK;
  }

  @Override
  public void close() throws IOException {
    try (FailedListWriter list = failedList) {
      if (list != null && (fetcher.cancelled() || outputClosed.get())) {
        list.abandon();
      }
      fetcher.close();
    }
  }

  private static FailedListWriter openFailedList(OutputOptions output, List<Path> lists) throws UsageException {
    if (output.failedList == null) {
      return null;
    }
    try {
      return new FailedListWriter(output.failedList, lists);
    } catch (IOException e) {
      throw new UsageException("cannot write --failed " + output.failedList + ": " + FileErrors.reason(e));
    }
  }

  private static Fetcher createFetcher(FetchConfig config) throws UsageException {
    try {
      return Fetcher.create(config);
    } catch (IOException | UnsupportedOperationException e) {
      throw new UsageException("cannot write to output dir " + config.outputDir() + ": " + FileErrors.reason(e));
    }
  }

  private static void openLogFile(OutputOptions output, List<String> args) throws UsageException {
    try {
      LoggingConfigurator.logToFile(output.logFile);
    } catch (IOException e) {
      throw new UsageException("cannot write --log-file " + output.logFile + ": " + FileErrors.reason(e));
    }
    ResultLog.info("fetch " + Version.FETCH + " started: " + Redactor.redact(String.join(" ", args)));
  }

  private static void closeAfter(UsageException e, AutoCloseable opened) {
    if (opened == null) {
      return;
    }
    try {
      opened.close();
    } catch (Exception suppressed) {
      e.addSuppressed(suppressed); // the usage error is what the user needs to see
    }
  }

  private static void awaitQuietly(CountDownLatch latch, Duration d) {
    try {
      latch.await(d.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
