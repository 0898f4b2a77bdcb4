package dev.fetch.report;

import dev.fetch.download.DownloadResult;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * A one-line live status on stderr for a person watching a terminal: entries done out of the total
 * (once known), failures, bytes, current rate and ETA, redrawn in place a few times a second.
 * {@link ResultPrinter} clears it before writing a result line, so the two never garble each other
 * on a shared terminal. Used only when stderr is a terminal.
 */
public final class ProgressDisplay implements Consumer<DownloadResult>, ResultPrinter.StatusLine, AutoCloseable {
  static final long REDRAW_MILLIS = 200;
  private static final String CLEAR = "\r\033[K";

  private final PrintWriter err;
  private final LongSupplier bytesReceived;
  private final LongSupplier total;
  private final long startNanos = System.nanoTime();
  private final Thread ticker;
  private long done;
  private long failed;
  private boolean drawn;
  private volatile boolean closed;
  private double rate;
  private long lastBytes;
  private long lastNanos = startNanos;

  /** @param total entries in the run, or a negative number while unknown */
  public ProgressDisplay(PrintWriter err, LongSupplier bytesReceived, LongSupplier total) {
    this.err = err;
    this.bytesReceived = bytesReceived;
    this.total = total;
    this.ticker = new Thread(this::tick, "fetch-progress");
    ticker.setDaemon(true);
  }

  public ProgressDisplay start() {
    ticker.start();
    return this;
  }

  @Override
  public synchronized void accept(DownloadResult r) {
    done++;
    if (r.failed()) {
      failed++;
    }
  }

  @Override
  public synchronized void clear() {
    if (drawn) {
      err.print(CLEAR);
      err.flush();
      drawn = false;
    }
  }

  private void tick() {
    while (!closed) {
      try {
        TimeUnit.MILLISECONDS.sleep(REDRAW_MILLIS);
      } catch (InterruptedException e) {
        return;
      }
      redraw();
    }
  }

  synchronized void redraw() {
    if (closed) {
      return;
    }
    err.print(CLEAR + render());
    err.flush();
    drawn = true;
  }

  String render() {
    long now = System.nanoTime();
    long bytes = bytesReceived.getAsLong();
    double dt = (now - lastNanos) / 1e9;
    if (dt > 0.05) {
      double instant = (bytes - lastBytes) / dt;
      rate = rate == 0 ? instant : 0.7 * rate + 0.3 * instant;
      lastBytes = bytes;
      lastNanos = now;
    }
    long t = total.getAsLong();
    double elapsed = (now - startNanos) / 1e9;
    String eta = "";
    if (t > 0 && done > 0 && done < t) {
      long seconds = (long) (elapsed / done * (t - done));
      eta = String.format(Locale.ROOT, "  ETA %d:%02d", seconds / 60, seconds % 60);
    }
    return String.format(Locale.ROOT, "%d/%s done, %d failed, %s, %s/s%s",
        done, t >= 0 ? Long.toString(t) : "?", failed, RunSummary.humanBytes(bytes),
        RunSummary.humanBytes((long) rate), eta);
  }

  @Override
  public synchronized void close() {
    closed = true;
    ticker.interrupt();
    clear();
  }
}
