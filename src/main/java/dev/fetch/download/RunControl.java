package dev.fetch.download;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import okhttp3.Call;

/**
 * The run's stop switch: once {@link #cancel()} is called no new request starts, the calls in flight
 * are cancelled, and the .part files being written are removed (or kept, with -c).
 */
public final class RunControl {
  private volatile boolean cancelled;
  private volatile boolean diskFull;
  private final Set<Call> calls = ConcurrentHashMap.newKeySet();
  private final Set<Path> parts = ConcurrentHashMap.newKeySet();
  private final java.util.concurrent.atomic.LongAdder received = new java.util.concurrent.atomic.LongAdder();

  /** Bytes written to .part files so far in this run, for progress displays. */
  public long bytesReceived() {
    return received.sum();
  }

  void received(long n) {
    received.add(n);
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

  void writing(Path part) {
    parts.add(part);
  }

  void doneWriting(Path part) {
    parts.remove(part);
  }

  /** Removes the .part files still being written; returns how many could not be removed. */
  public int removePartFiles() {
    int failures = 0;
    for (Path part : parts) {
      try {
        Files.deleteIfExists(part);
      } catch (IOException e) {
        failures++;
      }
    }
    return failures;
  }
}
