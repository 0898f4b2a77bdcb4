package dev.fetch.download;

import dev.fetch.FetchConfig;
import dev.fetch.download.DownloadResult.Status;
import dev.fetch.http.HttpClients;
import dev.fetch.http.Redactor;
import dev.fetch.input.ListEntry;
import java.util.Iterator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a list of entries through a bounded pool of {@code -t} named workers sharing one OkHttp
 * client. The list is read lazily on the caller's thread and names are assigned there, in input
 * order; at most {@link #backlog} entries are between "read" and "finished" at any time, so memory
 * does not grow with the list. Every entry ends as exactly one {@link DownloadResult} handed to the
 * sink (from a worker thread; the sink must be thread-safe).
 */
public final class Downloader implements AutoCloseable {
  /** The logger, created on first use only (see {@link dev.fetch.Diagnostics}). */
  private static final class Log {
    static final Logger LOG = LoggerFactory.getLogger(Downloader.class);
  }
  /** Entries read ahead of the workers, beyond one per worker (some may be waiting to retry). */
  static final int READ_AHEAD_PER_THREAD = 4;
  static final int READ_AHEAD_MIN = 64;
  /** How long a cancelled run waits for downloads in flight to wind down. */
  static final java.time.Duration CANCEL_GRACE = java.time.Duration.ofMillis(1200);

  private final FetchConfig config;
  private final OkHttpClient client;
  private final RunControl control = new RunControl();
  private final int backlog;

  public Downloader(FetchConfig config) {
    this.config = config;
    this.client = HttpClients.create(config.http(), config.threads());
    this.backlog = config.threads() * READ_AHEAD_PER_THREAD + READ_AHEAD_MIN;
  }

  /** Stops the run: no new request starts and requests in flight are cancelled. Safe from any thread. */
  public void cancel() {
    control.cancel();
  }

  public boolean cancelled() {
    return control.cancelled();
  }

  /** Bytes received so far in this run. */
  public long bytesReceived() {
    return control.bytesReceived();
  }

  /** The bodies being received whose length is known, and their bytes still to come. */
  public RunControl.Transfers transfers() {
    return control.transfers();
  }

  /** Removes the .part files of downloads that were cut off (see {@link #cancel()}). */
  public int removePartFiles() {
    return control.removePartFiles();
  }

  /** Downloads every entry; returns when each has a result (or, after a cancel, when all stopped). */
  public void run(Iterator<ListEntry> entries, Consumer<DownloadResult> sink) throws InterruptedException {
    ThreadPoolExecutor workers = new ThreadPoolExecutor(
        config.threads(), config.threads(), 30, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), new NamedThreadFactory("fetch-worker", true),
        new ThreadPoolExecutor.AbortPolicy());
    ScheduledThreadPoolExecutor timer =
        new ScheduledThreadPoolExecutor(1, new NamedThreadFactory("fetch-retry-timer", true));
    timer.setRemoveOnCancelPolicy(true);
    EntryWindow window = new EntryWindow(backlog);
    RunContext ctx = new RunContext(config, client, new TargetNamer(),
        new RetryPolicy(config.retries(), config.maxRetryWait()), control,
        config.limitRate() > 0 ? new RateLimiter(config.limitRate()) : null,
        new HostGates(config.perHost()));
    Scheduler scheduler = new Scheduler(ctx, workers, timer, window, sink);
    try {
      while (!control.cancelled() && entries.hasNext()) {
        ListEntry entry = entries.next();
        while (!window.take(100, TimeUnit.MILLISECONDS)) {
          if (control.cancelled()) {
            break;
          }
        }
        if (control.cancelled()) {
          break;
        }
        scheduler.submit(entry);
      }
      // Wait for every entry to finish (the window empty); after a cancel, only briefly.
      long deadline = Long.MAX_VALUE;
      while (!window.awaitEmpty(50, TimeUnit.MILLISECONDS)) {
        if (control.cancelled()) {
          scheduler.flushWaiting();
          if (deadline == Long.MAX_VALUE) {
            deadline = System.nanoTime() + CANCEL_GRACE.toNanos();
          } else if (System.nanoTime() > deadline) {
            return;
          }
        }
      }
    } finally {
      timer.shutdownNow();
      workers.shutdown();
      if (!workers.awaitTermination(control.cancelled() ? 1 : 60, TimeUnit.SECONDS)) {
        workers.shutdownNow();
      }
    }
  }

  @Override
  public void close() {
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
  }

  /** Moves jobs between the reader, the workers, the retry timer and the host gates. */
  private static final class Scheduler {
    private final RunContext ctx;
    private final ThreadPoolExecutor workers;
    private final ScheduledThreadPoolExecutor timer;
    private final EntryWindow window;
    private final Consumer<DownloadResult> sink;
    private final Set<DownloadJob> sleeping = ConcurrentHashMap.newKeySet();
    private final Shards shards;

    Scheduler(RunContext ctx, ThreadPoolExecutor workers, ScheduledThreadPoolExecutor timer,
        EntryWindow window, Consumer<DownloadResult> sink) {
      this.ctx = ctx;
      this.workers = workers;
      this.timer = timer;
      this.window = window;
      this.sink = sink;
      this.shards = new Shards(ctx.config().shardIndex(), ctx.config().shardCount());
    }

    /** Called on the reader's thread, in input order, with a place in the window taken for the entry. */
    void submit(ListEntry entry) {
      if (!shards.isMine(entry)) {
        // Still named (below), so that every shard assigns the same names; another shard downloads it.
        if (entry.isValid()) {
          ctx.namer().plan(entry);
        }
        window.give();
        return;
      }
      if (!entry.isValid()) {
        finish(DownloadResult.withoutRequest(entry, Redactor.redact(entry.url()), Status.FAILED, entry.error()));
        return;
      }
      TargetNamer.Target target = ctx.namer().plan(entry);
      if (target == null) {
        finish(DownloadResult.withoutRequest(entry, Redactor.redact(entry.url()), Status.SKIPPED,
            "duplicate of an earlier entry"));
        return;
      }
      if (entry.httpUrl().isHttps()) {
        HttpClients.expectHttps();
      }
      DownloadJob job;
      try {
        job = new DownloadJob(entry, target, ctx);
      } catch (RuntimeException e) {
        finish(DownloadResult.withoutRequest(entry, Redactor.redact(entry.url()), Status.FAILED,
            "internal error: " + e));
        return;
      }
      execute(job);
    }

    private void execute(DownloadJob job) {
      try {
        workers.execute(() -> step(job));
      } catch (RejectedExecutionException e) {
        // only after the pool was shut down, i.e. the run is over
        finishQuietly(job);
      }
    }

    private void step(DownloadJob job) {
      String host = job.host();
      if (!ctx.control().cancelled()) {
        long pause = ctx.hosts().pausedFor(host);
        if (pause > 0) {
          sleep(job, pause);
          return;
        }
      }
      if (!ctx.hosts().tryEnter(host, () -> execute(job))) {
        return;
      }
      Step step;
      try {
        step = job.run();
      } catch (RuntimeException bug) {
        Log.LOG.error("bug while downloading {}", Redactor.redact(job.toString()), bug);
        step = Step.done(job.internalError(bug));
      } finally {
        ctx.hosts().leave(host);
      }
      if (step instanceof Step.Done done) {
        finish(done.result());
      } else if (step instanceof Step.RetryAfter retry) {
        sleep(job, retry.delay().toNanos());
      }
    }

    private void sleep(DownloadJob job, long nanos) {
      if (ctx.control().cancelled()) {
        execute(job);
        return;
      }
      sleeping.add(job);
      ScheduledFuture<?> unused = timer.schedule(() -> {
        if (sleeping.remove(job)) {
          execute(job);
        }
      }, nanos, TimeUnit.NANOSECONDS);
    }

    /** After a cancel: wakes every sleeping or parked job so that it ends now. */
    void flushWaiting() {
      for (DownloadJob job : sleeping) {
        if (sleeping.remove(job)) {
          execute(job);
        }
      }
      for (Runnable parked : ctx.hosts().drain()) {
        parked.run();
      }
    }

    private void finishQuietly(DownloadJob job) {
      window.give();
    }

    private void finish(DownloadResult result) {
      try {
        sink.accept(result);
      } catch (RuntimeException e) {
        Log.LOG.error("could not report a result", e);
      } finally {
        window.give();
      }
    }
  }
}
