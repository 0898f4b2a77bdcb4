package dev.fetch.download;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fetch.download.RetryPolicy.GiveUp;
import dev.fetch.download.RetryPolicy.Retry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What follows a failed attempt: another one after which wait, or the end with which reason. */
class RetryDecisionTest {
  final RetryPolicy twoRetries = new RetryPolicy(2, Duration.ofSeconds(60));
  final List<Duration> hostPauses = new ArrayList<>();

  @Test
  void aRetryableFailureIsRetriedAfterTheBackoffUntilRetriesRunOut() {
    Retry first = assertInstanceOf(Retry.class, twoRetries.afterFailure("connection reset", 1));
    assertEquals("connection reset", first.reason());
    assertTrue(first.delay().toMillis() >= 250 && first.delay().toMillis() <= 500, "about 0.5 s: " + first.delay());
    assertInstanceOf(Retry.class, twoRetries.afterFailure("connection reset", 2));

    assertEquals(new GiveUp("connection reset"), twoRetries.afterFailure("connection reset", 3));
  }

  @Test
  void aBusyHostIsRetriedAfterItsRetryAfterAndPausedForAsLong() {
    assertEquals(new Retry("HTTP 503", Duration.ofSeconds(7)),
        twoRetries.afterStatus(503, Duration.ofSeconds(7), 1, hostPauses::add));
    assertEquals(List.of(Duration.ofSeconds(7)), hostPauses);
  }

  @Test
  void withoutRetryAfterTheBackoffIsTheWaitAndOnlyBusyStatusesPauseTheHost() {
    Retry after500 = assertInstanceOf(Retry.class, twoRetries.afterStatus(500, null, 1, hostPauses::add));
    assertEquals(List.of(), hostPauses, "a 500 says nothing about the host being busy");

    Retry after429 = assertInstanceOf(Retry.class, twoRetries.afterStatus(429, null, 1, hostPauses::add));
    assertEquals(List.of(after429.delay()), hostPauses, "the host waits as long as this download");
    assertTrue(after500.delay().toMillis() <= 500 && after429.delay().toMillis() <= 500);
  }

  @Test
  void aRetryAfterBeyondMaxRetryWaitEndsTheEntryAtOnce() {
    assertEquals(new GiveUp("HTTP 429: Retry-After 120 s is longer than --max-retry-wait 60 s"),
        twoRetries.afterStatus(429, Duration.ofSeconds(120), 1, hostPauses::add));
    assertEquals(List.of(), hostPauses);
  }

  @Test
  void withNoRetriesLeftTheEntryEndsButTheBusyHostStillPauses() {
    assertEquals(new GiveUp("HTTP 503"), twoRetries.afterStatus(503, Duration.ofSeconds(120), 3, hostPauses::add));
    assertEquals(List.of(Duration.ofSeconds(120)), hostPauses, "the other downloads to the host still wait");

    assertEquals(new GiveUp("HTTP 502"), twoRetries.afterStatus(502, null, 3, hostPauses::add));
    assertEquals(1, hostPauses.size());
  }

  @Test
  void aPartThatDoesNotFitStartsOverOnceEvenWithoutRetries() {
    RetryPolicy noRetries = new RetryPolicy(0, Duration.ofSeconds(60));

    assertEquals(new Retry("HTTP 416 for a resumed download", Duration.ZERO),
        noRetries.afterMismatch("HTTP 416 for a resumed download", 1, true));
    assertEquals(new GiveUp("HTTP 416 for a resumed download"),
        noRetries.afterMismatch("HTTP 416 for a resumed download", 2, false));
    assertEquals(new Retry("unexpected partial content", Duration.ZERO),
        twoRetries.afterMismatch("unexpected partial content", 2, false));
  }
}
