package dev.fetch.report;

import dev.fetch.download.DownloadResult;
import java.io.PrintWriter;
import java.util.function.Consumer;

/**
 * Writes one line per finished entry to stdout, as it finishes: tab-separated text
 * ({@code status http bytes seconds path-or-reason url}) or JSON Lines. With quiet, only failures.
 * If stdout goes away (a closed pipe), the run is told through {@code onClosedOutput}.
 */
public final class ResultPrinter implements Consumer<DownloadResult> {
  private final PrintWriter out;
  private final ResultFormat format;
  private final boolean quiet;
  private final Runnable onClosedOutput;
  private StatusLine statusLine = () -> {};
  private boolean closed;

  /** A line on the terminal (the progress display) to clear before a result line is written. */
  public interface StatusLine {
    void clear();
  }

  public ResultPrinter(PrintWriter out, ResultFormat format, boolean quiet, Runnable onClosedOutput) {
    this.out = out;
    this.format = format;
    this.quiet = quiet;
    this.onClosedOutput = onClosedOutput;
  }

  public synchronized void clearBeforeEachLine(StatusLine line) {
    this.statusLine = line;
  }

  @Override
  public void accept(DownloadResult r) {
    if (quiet && !r.failed()) {
      return; // without taking the lock: -q runs print almost nothing
    }
    print(r);
  }

  private synchronized void print(DownloadResult r) {
    if (closed) {
      return;
    }
    String line = format.render(r);
    statusLine.clear();
    out.println(line);
    out.flush();
    if (out.checkError()) {
      closed = true;
      onClosedOutput.run();
    }
  }
}
