package dev.fetch.report;

import dev.fetch.download.DownloadResult;
import dev.fetch.download.RunControl.Transfers;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * A one-line live status on stderr for a person watching a terminal: entries done out of the total
 * (once known), failures, bytes, current rate and ETA (see {@link EtaEstimator}), redrawn in place
 * a few times a second. {@link ResultPrinter} clears it before writing a result line, so the two
 * never garble each other on a shared terminal. Used only when stderr is a terminal.
 */
public final class ProgressDisplay implements Consumer<DownloadResult>, ResultPrinter.StatusLine, AutoCloseable {
  static final long REDRAW_MILLIS = 200;
  private static final String CLEAR = "\r\033[K";

  private final PrintWriter err;
  private final LongSupplier bytesReceived;
  private final Supplier<Transfers> transfers;
  private final LongSupplier total;
  private final LongSupplier clock;
  private final EtaEstimator eta;
  private final Thread ticker;
  private long done;
  private long failed;
  private boolean drawn;
  private volatile boolean closed;
  private double rate;
  private long lastBytes;
  private long lastNanos;

  /**
   * @param transfers the bodies being received whose length is known, for the ETA
   * @param total entries in the run, or a negative number while unknown
   * @param workers downloads that may run at once
   */
  public ProgressDisplay(PrintWriter err, LongSupplier bytesReceived, Supplier<Transfers> transfers,
      LongSupplier total, int workers) {
    this(err, bytesReceived, transfers, total, workers, System::nanoTime);
  }

  /** @param clock nanos, as from {@link System#nanoTime()} */
  ProgressDisplay(PrintWriter err, LongSupplier bytesReceived, Supplier<Transfers> transfers,
      LongSupplier total, int workers, LongSupplier clock) {
    this.err = err;
    this.bytesReceived = bytesReceived;
    this.transfers = transfers;
    this.total = total;
    this.clock = clock;
    this.lastNanos = clock.getAsLong();
    this.eta = new EtaEstimator(workers, lastNanos);
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

  synchronized String render() {
    long now = clock.getAsLong();
    long bytes = bytesReceived.getAsLong();
    double dt = (now - lastNanos) / 1e9;
    if (dt > 0.05) {
      double instant = (bytes - lastBytes) / dt;
      rate = rate == 0 ? instant : 0.7 * rate + 0.3 * instant;
      lastBytes = bytes;
      lastNanos = now;
    }
    long t = total.getAsLong();
    long seconds = eta.secondsLeft(now, done, t, transfers.get());
    return String.format(Locale.ROOT, "%d/%s done, %d failed, %s, %s/s%s",
        done, t >= 0 ? Long.toString(t) : "?", failed, RunSummary.humanBytes(bytes),
        RunSummary.humanBytes((long) rate), seconds == EtaEstimator.NONE ? "" : "  ETA " + duration(seconds));
  }

  /** m:ss, or h:mm:ss from an hour on. */
  static String duration(long seconds) {
    long h = seconds / 3600;
    long m = seconds / 60 % 60;
    long s = seconds % 60;
    return h > 0 ? String.format(Locale.ROOT, "%d:%02d:%02d", h, m, s)
        : String.format(Locale.ROOT, "%d:%02d", m, s);
  }

  @Override
  public synchronized void close() {
    closed = true;
    ticker.interrupt();
    clear();
  }
}
