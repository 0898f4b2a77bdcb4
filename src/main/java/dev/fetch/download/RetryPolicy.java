package dev.fetch.download;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * Which failures are worth another attempt, and how long to wait before it: after each failed attempt
 * a {@link Decision}, to try again after a wait or to give up with the reason.
 */
public final class RetryPolicy {
  static final Duration FIRST_BACKOFF = Duration.ofMillis(500);
  static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

  private final int retries;
  private final Duration maxRetryWait;

  /** What follows a failed attempt. */
  sealed interface Decision permits GiveUp, Retry {
    /** Why the attempt failed: the entry's error if no attempt follows. */
    String reason();
  }

  /** No further attempt: the entry fails with {@code reason}. */
  record GiveUp(String reason) implements Decision {}

  /** Another attempt after {@code delay}. */
  record Retry(String reason, Duration delay) implements Decision {}

  public RetryPolicy(int retries, Duration maxRetryWait) {
    this.retries = retries;
    this.maxRetryWait = maxRetryWait;
  }

  /** After a failure another attempt may mend: a retry after the backoff, while retries are left. */
  Decision afterFailure(String reason, int attempts) {
    return mayRetry(attempts) ? new Retry(reason, backoff(attempts)) : new GiveUp(reason);
  }

  /**
   * After a resumed download's .part turned out not to fit the server's answer: it starts over at
   * once. The first time even with --retries 0, as that is a restart, not a retry.
   */
  Decision afterMismatch(String reason, int attempts, boolean firstRestart) {
    return firstRestart || mayRetry(attempts) ? new Retry(reason, Duration.ZERO) : new GiveUp(reason);
  }

  /**
   * After a status that says "try again later" ({@link #isRetryableStatus}): a retry after the wait
   * the server asked for ({@code asked}, from Retry-After; null when none) or else the backoff. A wait
   * asked beyond --max-retry-wait is not waited for. A busy host (429, 503) holds all its downloads
   * for that wait: {@code pauseHost} is given it, also when this entry has no retries left.
   */
  Decision afterStatus(int code, Duration asked, int attempts, Consumer<Duration> pauseHost) {
    String reason = "HTTP " + code;
    boolean retrying = mayRetry(attempts);
    if (asked != null && asked.compareTo(maxRetryWait) > 0 && retrying) {
      return new GiveUp(reason + ": Retry-After " + asked.toSeconds() + " s is longer than --max-retry-wait "
          + maxRetryWait.toSeconds() + " s");
    }
    Duration wait = asked != null ? asked : retrying ? backoff(attempts) : null;
    if ((code == 429 || code == 503) && wait != null) {
      pauseHost.accept(wait);
    }
    return retrying ? new Retry(reason, wait) : new GiveUp(reason);
  }

  /** Whether an entry that has made {@code attempts} requests may make another. */
  public boolean mayRetry(int attempts) {
    return attempts <= retries;
  }

  public Duration maxRetryWait() {
    return maxRetryWait;
  }

  /** Statuses that say "try again later"; every other 4xx is final after one request. */
  public static boolean isRetryableStatus(int code) {
    switch (code) {
      case 408: case 425: case 429: case 500: case 502: case 503: case 504:
        return true;
      default:
        return false;
    }
  }

  /** Exponential backoff with full jitter in its upper half: about 0.5 s, 1 s, 2 s, … up to 30 s. */
  public Duration backoff(int attempts) {
    long base = FIRST_BACKOFF.toMillis() << Math.min(attempts - 1, 16);
    long capped = Math.min(base, MAX_BACKOFF.toMillis());
    long jittered = capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1);
    return Duration.ofMillis(jittered);
  }

  /** The wait a Retry-After header asks for (seconds or an HTTP date), or null when absent or unreadable. */
  public static Duration parseRetryAfter(String value, Instant now) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String v = value.strip();
    try {
      long seconds = Long.parseLong(v);
      return seconds < 0 ? null : Duration.ofSeconds(seconds);
    } catch (NumberFormatException notSeconds) {
      try {
        Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        Duration d = Duration.between(now, at);
        return d.isNegative() ? Duration.ZERO : d;
      } catch (DateTimeParseException notADate) {
        return null;
      }
    }
  }
}
