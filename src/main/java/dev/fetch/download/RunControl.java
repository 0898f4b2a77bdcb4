package dev.fetch.download;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import okhttp3.Call;

/**
 * The run's stop switch: once {@link #cancel()} is called no new request starts, the calls in flight
 * are cancelled, and the .part files being written are removed (or kept, with -c).
 */
public final class RunControl {
  private volatile boolean cancelled;
  private volatile boolean diskFull;
  private final Set<Call> calls = ConcurrentHashMap.newKeySet();
  private final Map<Path, Body> parts = new ConcurrentHashMap<>();
  /** --verify: complete .part files waiting for, or in, their decoding. */
  private final Set<Path> verifying = ConcurrentHashMap.newKeySet();
  private final LongAdder received = new LongAdder();

  /** The bodies being received whose length is known, and how many of their bytes are still to come. */
  public record Transfers(int withLength, long bytesLeft) {}

  /** A body being written to its .part file. */
  private static final class Body {
    final long length;
    final AtomicLong received = new AtomicLong();

    Body(long length) {
      this.length = length;
    }
  }

  /** Bytes written to .part files so far in this run, for progress displays. */
  public long bytesReceived() {
    return received.sum();
  }

  /** For progress displays: what the bodies being received still have to bring, where that is known. */
  public Transfers transfers() {
    int withLength = 0;
    long left = 0;
    for (Body b : parts.values()) {
      if (b.length >= 0) {
        withLength++;
        left += Math.max(0, b.length - b.received.get());
      }
    }
    return new Transfers(withLength, left);
  }

  void received(Path part, long n) {
    received.add(n);
    Body b = parts.get(part);
    if (b != null) {
      b.received.addAndGet(n);
    }
  }

  public boolean cancelled() {
    return cancelled;
  }

  /** Whether a write failed for lack of space: then no new download starts (see {@link #diskFull()}). */
  public boolean diskIsFull() {
    return diskFull;
  }

  /** Called when a write failed for lack of space: downloads not yet begun are not attempted. */
  void diskFull() {
    diskFull = true;
  }

  public void cancel() {
    cancelled = true;
    for (Call call : calls) {
      call.cancel();
    }
  }

  void started(Call call) {
    calls.add(call);
    if (cancelled) {
      call.cancel();
    }
  }

  void finished(Call call) {
    calls.remove(call);
  }

  /** @param length the bytes this body brings (its Content-Length), or -1 when unknown */
  void writing(Path part, long length) {
    parts.put(part, new Body(length));
  }

  void doneWriting(Path part) {
    parts.remove(part);
  }

  /** --verify: the complete .part waits for its decoding; until then an interrupt removes it too. */
  void verifying(Path part) {
    verifying.add(part);
  }

  void doneVerifying(Path part) {
    verifying.remove(part);
  }

  /** Removes the .part files still being written or verified; returns how many could not be removed. */
  public int removePartFiles() {
    int failures = 0;
    Set<Path> all = new HashSet<>(parts.keySet());
    all.addAll(verifying);
    for (Path part : all) {
      try {
        Files.deleteIfExists(part);
      } catch (IOException e) {
        failures++;
      }
    }
    return failures;
  }
}
