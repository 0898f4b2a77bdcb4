package dev.fetch.download;

import dev.fetch.http.Redactor;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * --verify's decoders: a pool of its own, one named thread ({@code fetch-decode-N}) per core, apart
 * from the {@code -t} download workers. Decoding is computing, so more decoders than cores would only
 * take turns; and a download worker hands its complete .part over and goes on to the next download.
 *
 * <p>The queue is bounded by the run's entry window: every decoding waiting here still holds its
 * entry's place in the window, so at most {@code capacity} can wait, and when decoding falls behind
 * the window fills and the list reader stops reading. The workers never wait for this queue, so there
 * is no cycle to deadlock on.
 */
final class DecodePool {
  /** The logger, created on first use only (see {@link dev.fetch.Diagnostics}). */
  private static final class Log {
    static final Logger LOG = LoggerFactory.getLogger(DecodePool.class);
  }
  private static final long IDLE_KEEP_ALIVE_SECONDS = 30;

  private final ThreadPoolExecutor decoders;

  /** @param capacity decodings that may wait at most: the run's window size */
  DecodePool(int threads, int capacity) {
    this.decoders = new ThreadPoolExecutor(threads, threads, IDLE_KEEP_ALIVE_SECONDS, TimeUnit.SECONDS,
        new ArrayBlockingQueue<>(Math.max(1, capacity)), new NamedThreadFactory("fetch-decode", true),
        // full (cannot happen within the window) or shut down (the run is over): decode right here,
        // rather than lose the entry's one result
        (work, pool) -> work.run());
    decoders.allowCoreThreadTimeOut(true);
  }

  /** The decoders of a run: as many as the cores. */
  static DecodePool forCores(int capacity) {
    return new DecodePool(Runtime.getRuntime().availableProcessors(), capacity);
  }

  int threads() {
    return decoders.getMaximumPoolSize();
  }

  /**
   * Runs the job's decoding on a decoder, then hands its result to {@code finish}: exactly once, also
   * when the decoding throws (a bug, reported as the entry's failure).
   */
  void decode(ScheduledJob job, Step.Decode decode, Consumer<DownloadResult> finish) {
    decoders.execute(() -> finish.accept(run(job, decode)));
  }

  /** A decoding on the spot, for a job the run can no longer schedule. */
  static DownloadResult run(ScheduledJob job, Step.Decode decode) {
    try {
      return decode.verification().get();
    } catch (RuntimeException | StackOverflowError bug) {
      // the entry must still get its one result: a decoder that died without one would hang the run
      Log.LOG.error("bug while verifying {}", Redactor.redact(job.toString()), bug);
      return job.internalError(bug instanceof RuntimeException r ? r : new IllegalStateException(bug.toString(), bug));
    }
  }

  /**
   * Starts no new decoder and waits up to {@code seconds} for the decodings under way and queued
   * (after a cancel each of those ends at once, "interrupted"); any still queued then are run here.
   */
  void stop(long seconds) throws InterruptedException {
    decoders.shutdown();
    if (!decoders.awaitTermination(seconds, TimeUnit.SECONDS)) {
      for (Runnable queued : decoders.shutdownNow()) {
        queued.run();
      }
    }
  }
}
