package dev.fetch.testing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Holds a server's response until a condition holds. A wait that runs out is remembered and fails
 * the test ({@link #assertNoneTimedOut}): a test must not pass without the situation it set up.
 * After one timeout no further response waits, so a broken run ends quickly.
 */
final class HoldGate {
  private static final long LIMIT_NANOS = TimeUnit.SECONDS.toNanos(20);
  private static final long POLL_MILLIS = 5;

  private final List<String> timedOut = Collections.synchronizedList(new ArrayList<>());

  void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + LIMIT_NANOS;
    while (!condition.getAsBoolean()) {
      if (!timedOut.isEmpty()) {
        return;
      }
      if (System.nanoTime() > deadline) {
        timedOut.add(what);
        return;
      }
      Thread.sleep(POLL_MILLIS);
    }
  }

  void reset() {
    timedOut.clear();
  }

  void assertNoneTimedOut() {
    synchronized (timedOut) {
      if (!timedOut.isEmpty()) {
        throw new AssertionError("the server held a response for 20 s and the condition never came true: "
            + timedOut);
      }
    }
  }
}
