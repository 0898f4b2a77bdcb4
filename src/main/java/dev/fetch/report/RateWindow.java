package dev.fetch.report;

import java.util.concurrent.TimeUnit;

/**
 * How fast a growing count grew lately: samples of it, at most one a {@link #SPACING_NANOS}, over the
 * last {@link #WINDOW_SECONDS} seconds. Times are nanos from the caller's clock; not thread-safe.
 */
final class RateWindow {
  static final int WINDOW_SECONDS = 20;
  static final long SPACING_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final long[] times = new long[WINDOW_SECONDS + 1];
  private final long[] values = new long[WINDOW_SECONDS + 1];
  private int first;
  private int size;

  /** Forgets every sample: the count starts over at {@code value}. */
  void reset(long now, long value) {
    first = 0;
    size = 0;
    sample(now, value);
  }

  /** Records the count, unless the last sample is younger than the spacing. */
  void sample(long now, long value) {
    if (size > 0 && now - times[index(size - 1)] < SPACING_NANOS) {
      return;
    }
    if (size == times.length) {
      first = index(1);
      size--;
    }
    int i = index(size);
    times[i] = now;
    values[i] = value;
    size++;
  }

  /** Nanos since the oldest sample. */
  long spanNanos(long now) {
    return now - times[first];
  }

  /** How much the count grew since the oldest sample. */
  long growth(long value) {
    return value - values[first];
  }

  /** Growth per second over the whole window. */
  double perSecond(long now, long value) {
    return perSecondSince(first, now, value);
  }

  /** Growth per second since the newest sample at least {@code nanos} old (the oldest if none is). */
  double perSecondOver(long nanos, long now, long value) {
    int from = first;
    for (int k = 0; k < size; k++) {
      int i = index(k);
      if (now - times[i] >= nanos) {
        from = i;
      }
    }
    return perSecondSince(from, now, value);
  }

  private double perSecondSince(int i, long now, long value) {
    long dt = now - times[i];
    return dt <= 0 ? 0 : (value - values[i]) * 1e9 / dt;
  }

  private int index(int k) {
    return (first + k) % times.length;
  }
}
