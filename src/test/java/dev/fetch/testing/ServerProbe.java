package dev.fetch.testing;

import com.github.tomakehurst.wiremock.extension.Parameters;
import com.github.tomakehurst.wiremock.extension.ServeEventListener;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A WireMock listener that sees requests from the server's side: how many are in flight at once
 * (and the peak), and how many arrived in all. It can also hold responses back.
 *
 * <p>A request counts as in flight from {@code beforeMatch} until just before its response starts
 * to go out ({@code beforeResponseSent}); the hold ({@link #holdEveryResponse}) happens inside that
 * window. The client cannot have its response, and so cannot start another request on that worker,
 * before the count has dropped: a peak of N proves N requests were really outstanding at once. (A
 * count decremented in {@code afterComplete} would race with the client's next request.)
 *
 * <p>Register it with {@code @RegisterExtension} too: it resets before each test, and after each
 * test fails it if a held response waited in vain (see {@link HoldGate}).
 */
public final class ServerProbe implements ServeEventListener, BeforeEachCallback, AfterEachCallback {
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger peak = new AtomicInteger();
  private final AtomicInteger requests = new AtomicInteger();
  private volatile long holdMillis;
  private volatile int holdUntilInFlight;
  private final Map<String, BooleanSupplier> heldUntil = new ConcurrentHashMap<>();
  private final HoldGate gate = new HoldGate();

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
    holdUntilInFlight = 0;
    heldUntil.clear();
    gate.reset();
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    reset();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    gate.assertNoneTimedOut();
  }

  /** Every response waits this long (while still counted as in flight) before it is sent. */
  public void holdEveryResponse(long millis) {
    this.holdMillis = millis;
  }

  /**
   * Every response waits until {@code n} requests have been in flight at once (a latch: once
   * reached, it stays open). With a client bound of N, a peak of exactly N is then certain.
   */
  public void holdUntilInFlight(int n) {
    this.holdUntilInFlight = n;
  }

  /**
   * The response for {@code path} is held until {@code condition} holds (polled; a wait that runs
   * out fails the test),
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
      String url = serveEvent.getRequest().getUrl();
      BooleanSupplier condition = heldUntil.get(url);
      int n = holdUntilInFlight;
      if (condition != null) {
        gate.await(url + " held until its condition", condition);
      } else if (n > 0) {
        gate.await(url + " held until " + n + " in flight", () -> peak.get() >= n);
      }
      if (holdMillis > 0) {
        Thread.sleep(holdMillis);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      inFlight.decrementAndGet();
    }
  }
}
