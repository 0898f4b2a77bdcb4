package dev.fetch.download;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** RetryPolicy: how many attempts, which statuses, the backoff's range and cap, and Retry-After. */
class BackoffTest {
  final RetryPolicy policy = new RetryPolicy(3, Duration.ofSeconds(60));

  @Test
  void retriesNMeansNPlusOneAttempts() {
    assertTrue(policy.mayRetry(1));
    assertTrue(policy.mayRetry(3));
    assertFalse(policy.mayRetry(4));
    assertFalse(new RetryPolicy(0, Duration.ZERO).mayRetry(1));
  }

  @Test
  void onlyTheTransientStatusesAreRetryable() {
    for (int code = 100; code < 600; code++) {
      boolean expected = switch (code) {
        case 408, 425, 429, 500, 502, 503, 504 -> true;
        default -> false;
      };
      assertEquals(expected, RetryPolicy.isRetryableStatus(code), "HTTP " + code);
    }
  }

  /** About 0.5 s, 1 s, 2 s, … with jitter in the upper half, never more than 30 s. */
  @ParameterizedTest
  @CsvSource({"1, 250, 500", "2, 500, 1000", "3, 1000, 2000", "4, 2000, 4000", "6, 8000, 16000",
      "7, 15000, 30000", "8, 15000, 30000", "40, 15000, 30000", "100, 15000, 30000"})
  void backoffGrowsExponentiallyUpToTheCap(int attempts, long min, long max) {
    long lo = Long.MAX_VALUE;
    long hi = 0;
    for (int i = 0; i < 2_000; i++) {
      long ms = policy.backoff(attempts).toMillis();
      assertTrue(ms >= min && ms <= max, "attempt " + attempts + ": " + ms + " ms");
      lo = Math.min(lo, ms);
      hi = Math.max(hi, ms);
    }
    assertTrue(hi - lo > (max - min) / 2, "jittered: " + lo + ".." + hi);
  }

  @Test
  void retryAfterInSecondsOrAsAnHttpDate() {
    Instant now = Instant.parse("2025-01-01T12:00:00Z");
    assertEquals(Duration.ofSeconds(7), RetryPolicy.parseRetryAfter("7", now));
    assertEquals(Duration.ofSeconds(7), RetryPolicy.parseRetryAfter(" 7 ", now));
    assertEquals(Duration.ZERO, RetryPolicy.parseRetryAfter("0", now));
    String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.ofInstant(now.plusSeconds(90),
        ZoneOffset.UTC));
    assertEquals(Duration.ofSeconds(90), RetryPolicy.parseRetryAfter(date, now));
    assertEquals(Duration.ofSeconds(90), RetryPolicy.parseRetryAfter("Wed, 01 Jan 2025 12:01:30 GMT", now));
    assertEquals(Duration.ZERO, RetryPolicy.parseRetryAfter("Tue, 31 Dec 2024 12:00:00 GMT", now), "a past date");
    assertNull(RetryPolicy.parseRetryAfter(null, now));
    assertNull(RetryPolicy.parseRetryAfter("", now));
    assertNull(RetryPolicy.parseRetryAfter("-5", now));
    assertNull(RetryPolicy.parseRetryAfter("soon", now));
    assertNull(RetryPolicy.parseRetryAfter("1.5", now));
  }
}
