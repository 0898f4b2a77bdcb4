package dev.fetch.report;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The end of a run on stderr, printed exactly once whether the run ends normally or by a signal:
 * the progress line taken down, the summary line (not with -q unless something failed or the run
 * was interrupted; never after stdout was closed), and, when a person watches stderr while the
 * result lines go elsewhere, the first failures with their reasons.
 */
public final class ClosingReport {
  private final PrintWriter err;
  private final RunSummary summary;
  private final boolean quiet;
  private final boolean listFailures;
  private final boolean log;
  private final ProgressDisplay progress;
  private final AtomicBoolean printed = new AtomicBoolean();

  /**
   * @param listFailures whether to list failures under the summary (stderr a terminal, stdout not)
   * @param log whether the summary also goes to the --log-file log
   * @param progress the progress display to take down first, or null
   */
  public ClosingReport(PrintWriter err, RunSummary summary, boolean quiet, boolean listFailures,
      boolean log, ProgressDisplay progress) {
    this.err = err;
    this.summary = summary;
    this.quiet = quiet;
    this.listFailures = listFailures;
    this.log = log;
    this.progress = progress;
  }

  /** Prints the report the first time it is called; later calls do nothing. */
  public void print(int threads, boolean interrupted, boolean outputClosed) {
    if (!printed.compareAndSet(false, true)) {
      return;
    }
    if (progress != null) {
      progress.close();
    }
    String line = summary.render(threads, interrupted && !outputClosed);
    if (log) {
      ResultLog.info(line);
    }
    if (outputClosed || (quiet && summary.failed() == 0 && !interrupted)) {
      return;
    }
    err.println(line);
    if (listFailures) {
      List<String> failures = summary.failures();
      failures.forEach(f -> err.println("  failed: " + f));
      if (summary.failed() > failures.size()) {
        err.println("  … and " + (summary.failed() - failures.size()) + " more");
      }
    }
    err.flush();
  }
}
