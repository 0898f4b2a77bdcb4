package dev.fetch.testing;

import com.github.tomakehurst.wiremock.extension.Parameters;
import com.github.tomakehurst.wiremock.extension.ServeEventListener;
import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * A WireMock listener that records requests in arrival order (with their headers and arrival time)
 * and counts the requests in flight per Host. A request counts as in flight from its arrival until
 * just before its response is sent: a window that always lies inside the client's own view of the
 * request, so the peak never over-counts. {@link #holdMillis} keeps each request in that window for
 * a while, so that overlapping requests really overlap; {@link #holdUntil} keeps every request there
 * until a condition holds (e.g. a peak of N reached), which makes an exact peak certain.
 */
public final class RequestLog implements ServeEventListener {

  public record Seen(String host, String method, String url, Map<String, String> headers, long nanos) {
    public String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }

    public String path() {
      int q = url.indexOf('?');
      return q < 0 ? url : url.substring(0, q);
    }
  }

  private final List<Seen> seen = Collections.synchronizedList(new ArrayList<>());
  private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
  private final Map<String, Integer> peak = new HashMap<>();
  private final AtomicInteger totalInFlight = new AtomicInteger();
  private int totalPeak;
  private volatile long holdMillis;
  private volatile BooleanSupplier holdUntil;
  private final HoldGate gate = new HoldGate();

  @Override
  public String getName() {
    return "fetch-request-log";
  }

  @Override
  public boolean applyGlobally() {
    return true;
  }

  @Override
  public void beforeMatch(ServeEvent event, Parameters parameters) {
    String host = hostOf(event.getRequest().getHeader("Host"));
    Map<String, String> headers = new HashMap<>();
    for (HttpHeader h : event.getRequest().getHeaders().all()) {
      headers.put(h.key().toLowerCase(Locale.ROOT), h.firstValue());
    }
    seen.add(new Seen(host, event.getRequest().getMethod().getName(), event.getRequest().getUrl(),
        headers, System.nanoTime()));
    int now = inFlight.computeIfAbsent(host, h -> new AtomicInteger()).incrementAndGet();
    int total = totalInFlight.incrementAndGet();
    synchronized (peak) {
      peak.merge(host, now, Math::max);
      totalPeak = Math.max(totalPeak, total);
    }
    try {
      BooleanSupplier condition = holdUntil;
      if (condition != null) {
        gate.await(event.getRequest().getUrl() + " held until its condition", condition);
      }
      long hold = holdMillis;
      if (hold > 0) {
        Thread.sleep(hold);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void beforeResponseSent(ServeEvent event, Parameters parameters) {
    String host = hostOf(event.getRequest().getHeader("Host"));
    inFlight.get(host).decrementAndGet();
    totalInFlight.decrementAndGet();
  }

  public void holdMillis(long millis) {
    this.holdMillis = millis;
  }

  /**
   * Every request is held (in flight) until {@code condition} holds, e.g. until a peak is reached;
   * a wait that runs out makes {@link #peak} and {@link #totalPeak} fail.
   */
  public void holdUntil(BooleanSupplier condition) {
    this.holdUntil = condition;
  }

  public void reset() {
    seen.clear();
    holdUntil = null;
    gate.reset();
    synchronized (peak) {
      peak.clear();
      totalPeak = 0;
    }
    holdMillis = 0;
  }

  public List<Seen> seen() {
    synchronized (seen) {
      return List.copyOf(seen);
    }
  }

  public List<String> paths() {
    return seen().stream().map(Seen::path).toList();
  }

  public List<Seen> seen(String path) {
    return seen().stream().filter(s -> s.path().equals(path)).toList();
  }

  /** The peak in flight to {@code host}; fails the test if a hold ran out. */
  public int peak(String host) {
    gate.assertNoneTimedOut();
    return peakSoFar(host);
  }

  /** The peak so far, for hold conditions (which run on the server's threads). */
  public int peakSoFar(String host) {
    synchronized (peak) {
      return peak.getOrDefault(host, 0);
    }
  }

  public int totalPeak() {
    gate.assertNoneTimedOut();
    synchronized (peak) {
      return totalPeak;
    }
  }

  private static String hostOf(String hostHeader) {
    if (hostHeader == null) {
      return "";
    }
    int colon = hostHeader.lastIndexOf(':');
    return colon > 0 && !hostHeader.endsWith("]") ? hostHeader.substring(0, colon) : hostHeader;
  }
}
