package dev.fetch.report;

import dev.fetch.download.DownloadResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/** Counts results as they pass, and renders the closing summary for stderr. */
public final class RunSummary implements Consumer<DownloadResult> {
  private final boolean dryRun;
  private final long startNanos = System.nanoTime();
  private final AtomicLong ok = new AtomicLong();
  private final AtomicLong skipped = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong bytes = new AtomicLong();
  private final AtomicLong planned = new AtomicLong();
  /** The first failures (URL and reason), for a person reading the summary; never more than this. */
  static final int FAILURES_LISTED = 20;
  private final List<String> failures = new ArrayList<>();

  public RunSummary() {
    this(false);
  }

  public RunSummary(boolean dryRun) {
    this.dryRun = dryRun;
  }

  @Override
  public void accept(DownloadResult r) {
    switch (r.status()) {
      case OK -> {
        ok.incrementAndGet();
        bytes.addAndGet(r.bytes());
      }
      case SKIPPED -> skipped.incrementAndGet();
      case FAILED -> {
        failed.incrementAndGet();
        synchronized (failures) {
          if (failures.size() < FAILURES_LISTED) {
            failures.add(r.url() + ": " + r.error());
          }
        }
      }
      case PLANNED -> planned.incrementAndGet();
    }
  }

  public long ok() { return ok.get(); }
  public long skipped() { return skipped.get(); }
  public long failed() { return failed.get(); }
  public long bytes() { return bytes.get(); }
  public long planned() { return planned.get(); }

  /** The first {@link #FAILURES_LISTED} failures, as "URL: reason". */
  public List<String> failures() {
    synchronized (failures) {
      return List.copyOf(failures);
    }
  }
  public long total() { return ok() + skipped() + failed() + planned(); }

  /** E.g. {@code fetch: 26 entries: 26 ok, 0 skipped, 0 failed; 1.2 MB in 2.92 s (410 KB/s) with 16 threads}. */
  public String render(int threads, boolean interrupted) {
    double seconds = (System.nanoTime() - startNanos) / 1e9;
    if (dryRun) {
      return String.format(Locale.ROOT, "fetch: dry run: %d %s: %d to download, %d skipped, %d failed",
          total(), total() == 1 ? "entry" : "entries", planned(), skipped(), failed());
    }
    return String.format(Locale.ROOT,
        "fetch: %s%d %s: %d ok, %d skipped, %d failed; %s in %.2f s (%s/s) with %d thread%s",
        interrupted ? "interrupted after " : "",
        total(), total() == 1 ? "entry" : "entries", ok(), skipped(), failed(),
        humanBytes(bytes()), seconds, humanBytes((long) (bytes() / Math.max(seconds, 1e-3))),
        threads, threads == 1 ? "" : "s");
  }

  static String humanBytes(long n) {
    if (n < 1000) {
      return n + " B";
    }
    String[] units = {"kB", "MB", "GB", "TB"};
    double v = n;
    int u = -1;
    while (v >= 1000 && u < units.length - 1) {
      v /= 1000;
      u++;
    }
    return String.format(Locale.ROOT, v < 10 ? "%.1f %s" : "%.0f %s", v, units[u]);
  }
}
