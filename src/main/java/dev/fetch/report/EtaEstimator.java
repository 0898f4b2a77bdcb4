package dev.fetch.report;

import dev.fetch.download.RunControl.Transfers;
import java.util.concurrent.TimeUnit;

/**
 * When a run will end, from what remains and how fast it went lately, or nothing when that cannot
 * be told well. A since-start average is wrong as soon as the pace changes: with 12 of 16 files done
 * in 6 s it said 0:01 while the 4 slow ones still needed about 15 s.
 *
 * <ul>
 *   <li>Every remaining entry is receiving a body of known length (the tail of a run): bytes still
 *       to come / the rate they arrive at, measured afresh each time an entry ends, since bodies
 *       that ended no longer add to that rate.
 *   <li>More than {@link #TAIL_PER_WORKER} entries a worker remain: entries left / the
 *       completion rate of the last {@link RateWindow#WINDOW_SECONDS} seconds.
 *   <li>Otherwise nothing: the last few entries end when their own downloads end, which how often
 *       entries ended so far says little about (a slow one may have been running from the start).
 * </ul>
 *
 * Nothing either while the total is unknown, before {@link #MIN_OBSERVED_NANOS} of data or
 * {@link #MIN_COMPLETIONS} completions, and when the rate of the last {@link #RECENT_NANOS} is zero
 * or differs from the window's by more than {@link #UNSTABLE_FACTOR} (a stall, or a change of pace
 * the window has not caught up with yet).
 */
final class EtaEstimator {
  static final long MIN_OBSERVED_NANOS = TimeUnit.SECONDS.toNanos(3);
  static final long RECENT_NANOS = TimeUnit.SECONDS.toNanos(5);
  static final long MIN_COMPLETIONS = 2;
  static final double UNSTABLE_FACTOR = 2;
  /** Below this many remaining entries a worker, the completion rate no longer tells the end. */
  static final int TAIL_PER_WORKER = 2;
  /** What "no estimate" looks like. */
  static final long NONE = -1;

  private final int workers;
  private final RateWindow completions = new RateWindow();
  private final RateWindow tailBytes = new RateWindow();
  private long tailDone = -1;
  private int tailBodies = -1;
  private long tailStartLeft;

  /** @param workers downloads that may run at once */
  EtaEstimator(int workers, long startNanos) {
    this.workers = workers;
    completions.reset(startNanos, 0);
  }

  /** Seconds until the run ends, or {@link #NONE}; call a few times a second with the run's state. */
  long secondsLeft(long now, long done, long total, Transfers transfers) {
    completions.sample(now, done);
    long remaining = total - done;
    if (total < 0 || remaining <= 0) {
      return NONE;
    }
    // A body belongs to an entry without a result yet, so equal counts mean every remaining entry has one.
    if (transfers.withLength() == remaining) {
      long received = tailStartLeft - transfers.bytesLeft();
      if (done != tailDone || transfers.withLength() != tailBodies || received < 0) {
        tailDone = done;
        tailBodies = transfers.withLength();
        tailStartLeft = transfers.bytesLeft();
        received = 0;
        tailBytes.reset(now, 0);
      }
      tailBytes.sample(now, received);
      return estimate(tailBytes, now, received, 1, transfers.bytesLeft());
    }
    tailDone = -1;
    if (remaining <= (long) workers * TAIL_PER_WORKER) {
      return NONE;
    }
    return estimate(completions, now, done, MIN_COMPLETIONS, remaining);
  }

  private static long estimate(RateWindow window, long now, long value, long minGrowth, long left) {
    if (window.spanNanos(now) < MIN_OBSERVED_NANOS || window.growth(value) < minGrowth || left <= 0) {
      return NONE;
    }
    double rate = window.perSecond(now, value);
    double recent = window.perSecondOver(RECENT_NANOS, now, value);
    if (rate <= 0 || recent <= 0 || recent > rate * UNSTABLE_FACTOR || rate > recent * UNSTABLE_FACTOR) {
      return NONE;
    }
    return (long) Math.ceil(left / rate);
  }
}
