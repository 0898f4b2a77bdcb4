package dev.fetch.download;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-host admission: at most {@code perHost} downloads in flight to one host (0: no bound beyond
 * -t), and a shared pause for a host that answered 429 or 503, so that its pending downloads slow
 * down together. A download that cannot start is parked here, not in a worker, and resumed when a
 * slot frees. State is kept only for hosts with something in flight, waiting or paused.
 */
final class HostGates {
  private final int perHost;
  private final Map<String, Gate> gates = new HashMap<>();

  private static final class Gate {
    int inFlight;
    long notBefore;
    final ArrayDeque<Runnable> waiting = new ArrayDeque<>();
  }

  HostGates(int perHost) {
    this.perHost = perHost;
  }

  /** Nanoseconds the host asked us to hold off for, or 0. */
  synchronized long pausedFor(String host) {
    Gate g = gates.get(host);
    if (g == null) {
      return 0;
    }
    long left = g.notBefore - System.nanoTime();
    if (left <= 0) {
      g.notBefore = 0;
      forgetIfIdle(host, g);
      return 0;
    }
    return left;
  }

  /** Takes a slot, or parks {@code resume} to be run when one frees and returns false. */
  synchronized boolean tryEnter(String host, Runnable resume) {
    Gate g = gates.computeIfAbsent(host, h -> new Gate());
    if (perHost > 0 && g.inFlight >= perHost) {
      g.waiting.add(resume);
      return false;
    }
    g.inFlight++;
    return true;
  }

  void leave(String host) {
    Runnable next;
    synchronized (this) {
      Gate g = gates.get(host);
      g.inFlight--;
      next = g.waiting.poll();
      forgetIfIdle(host, g);
    }
    if (next != null) {
      next.run();
    }
  }

  synchronized void slowDown(String host, Duration pause) {
    Gate g = gates.computeIfAbsent(host, h -> new Gate());
    g.notBefore = Math.max(g.notBefore, System.nanoTime() + pause.toNanos());
  }

  /** Every parked download, removed from the gates (used when the run is cancelled). */
  synchronized List<Runnable> drain() {
    List<Runnable> all = new ArrayList<>();
    for (Gate g : gates.values()) {
      all.addAll(g.waiting);
      g.waiting.clear();
    }
    return all;
  }

  private void forgetIfIdle(String host, Gate g) {
    if (g.inFlight == 0 && g.waiting.isEmpty() && g.notBefore == 0) {
      gates.remove(host);
    }
  }
}
