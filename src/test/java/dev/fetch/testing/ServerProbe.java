package dev.fetch.testing;

import com.github.tomakehurst.wiremock.extension.Parameters;
import com.github.tomakehurst.wiremock.extension.ServeEventListener;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * A WireMock listener that sees requests from the server's side: how many are in flight at once
 * (and the peak), and how many arrived in all. It can also hold responses back.
 *
 * <p>A request counts as in flight from {@code beforeMatch} until just before its response starts
 * to go out ({@code beforeResponseSent}); the hold ({@link #holdEveryResponse}) happens inside that
 * window. The client cannot have its response, and so cannot start another request on that worker,
 * before the count has dropped: a peak of N proves N requests were really outstanding at once. (A
 * count decremented in {@code afterComplete} would race with the client's next request.)
 */
public final class ServerProbe implements ServeEventListener {
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger peak = new AtomicInteger();
  private final AtomicInteger requests = new AtomicInteger();
  private volatile long holdMillis;
  private final Map<String, BooleanSupplier> heldUntil = new ConcurrentHashMap<>();

  @Override
  public String getName() {
    return "fetch-server-probe";
  }

  /** Forgets counts and holds (call before each test). */
  public void reset() {
    inFlight.set(0);
    peak.set(0);
    requests.set(0);
    holdMillis = 0;
    heldUntil.clear();
  }

  /** Every response waits this long (while still counted as in flight) before it is sent. */
  public void holdEveryResponse(long millis) {
    this.holdMillis = millis;
  }

  /**
   * The response for {@code path} is held until {@code condition} holds (polled; at most 10 s),
   * e.g. until other downloads are complete on disk: that request then finishes after them,
   * whatever the scheduling.
   */
  public void holdUntil(String path, BooleanSupplier condition) {
    heldUntil.put(path, condition);
  }

  public int peakInFlight() {
    return peak.get();
  }

  public int requests() {
    return requests.get();
  }

  @Override
  public void beforeMatch(ServeEvent serveEvent, Parameters parameters) {
    requests.incrementAndGet();
    int now = inFlight.incrementAndGet();
    peak.accumulateAndGet(now, Math::max);
  }

  @Override
  public void beforeResponseSent(ServeEvent serveEvent, Parameters parameters) {
    try {
      BooleanSupplier gate = heldUntil.get(serveEvent.getRequest().getUrl());
      if (gate != null) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!gate.getAsBoolean() && System.nanoTime() < deadline) {
          Thread.sleep(10);
        }
      } else if (holdMillis > 0) {
        Thread.sleep(holdMillis);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      inFlight.decrementAndGet();
    }
  }
}
