package dev.fetch.download;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.concurrent.ThreadLocalRandom;

/** Which failures are worth another attempt, and how long to wait before it. */
public final class RetryPolicy {
  static final Duration FIRST_BACKOFF = Duration.ofMillis(500);
  static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

  private final int retries;
  private final Duration maxRetryWait;

  public RetryPolicy(int retries, Duration maxRetryWait) {
    this.retries = retries;
    this.maxRetryWait = maxRetryWait;
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
