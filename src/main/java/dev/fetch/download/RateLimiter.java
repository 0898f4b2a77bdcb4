package dev.fetch.download;

import java.util.concurrent.TimeUnit;

/** A cap on the run's total bandwidth, shared by all downloads: each read reserves its time slot. */
final class RateLimiter {
  private final double nanosPerByte;
  private long nextFree = System.nanoTime();

  RateLimiter(long bytesPerSecond) {
    this.nanosPerByte = 1e9 / bytesPerSecond;
  }

  /** Waits until {@code bytes} more may be read; returns early if interrupted. */
  void acquire(long bytes) {
    long wait;
    synchronized (this) {
      long now = System.nanoTime();
      if (nextFree < now) {
        nextFree = now;
      }
      wait = nextFree - now;
      nextFree += (long) (bytes * nanosPerByte);
    }
    if (wait > 0) {
      try {
        TimeUnit.NANOSECONDS.sleep(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
