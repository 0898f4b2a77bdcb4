package dev.fetch.download;

import dev.fetch.http.Redactor;
import dev.fetch.input.ListEntry;
import java.time.Duration;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run's concurrency: moves jobs between the list reader, a pool of named workers, the retry timer
 * and the host gates. The reader (the caller of {@link #run}) plans each entry in input order and
 * takes a place in the {@link EntryWindow} for it; a job's turns run on the workers, and a job that
 * waits (a retry delay, a paused host, a host at its {@code --per-host} bound) holds no worker.
 *
 * <p>Every planned job ends in exactly one result handed to the sink, also after a cancel: a job the
 * run can no longer schedule (its pool shut down) gets one last turn on the spot, which the cancel
 * ends "interrupted" (see {@link ScheduledJob}).
 */
final class Scheduler {
  /** The logger, created on first use only (see {@link dev.fetch.Diagnostics}). */
  private static final class Log {
    static final Logger LOG = LoggerFactory.getLogger(Scheduler.class);
  }
  /** How long the reader waits for a place in the window before it looks at the cancel switch again. */
  private static final long TAKE_POLL_MILLIS = 100;
  /** How often a waiting reader looks at the cancel switch, and after a cancel wakes waiting jobs. */
  private static final long DRAIN_POLL_MILLIS = 50;
  private static final long IDLE_KEEP_ALIVE_SECONDS = 30;
  /** How long a finished run waits for its workers to stop: after a cancel, and otherwise. */
  private static final long STOP_WAIT_CANCELLED_SECONDS = 1;
  private static final long STOP_WAIT_SECONDS = 60;

  /** Turns an entry into its job, on the reader's thread and in input order. */
  @FunctionalInterface
  interface Planner {
    /**
     * @param done takes the entry's result when it needs no job (an unusable line, a duplicate)
     * @return the entry's job; null when it needs none (after {@code done}, or none for an entry of
     *     another shard)
     */
    ScheduledJob plan(ListEntry entry, Consumer<DownloadResult> done);
  }

  private final ThreadPoolExecutor workers;
  /** --verify's decoders; null without --verify. */
  private final DecodePool decoders;
  private final ScheduledThreadPoolExecutor timer;
  private final EntryWindow window;
  private final HostGates hosts;
  private final RunControl control;
  private final Duration cancelGrace;
  private final Consumer<DownloadResult> sink;
  private final Set<ScheduledJob> sleeping = ConcurrentHashMap.newKeySet();

  /**
   * @param backlog entries read and not yet finished, at most
   * @param cancelGrace how long a cancelled run waits for the downloads in flight to wind down
   * @param sink takes every result, from any thread
   * @param decoders where {@link Step.Decode} steps run (--verify; null without); each keeps its window place
   */
  Scheduler(int threads, int backlog, HostGates hosts, RunControl control, Duration cancelGrace,
      Consumer<DownloadResult> sink, DecodePool decoders) {
    this.decoders = decoders;
    this.workers = new ThreadPoolExecutor(threads, threads, IDLE_KEEP_ALIVE_SECONDS, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), new NamedThreadFactory("fetch-worker", true),
        new ThreadPoolExecutor.AbortPolicy());
    this.timer = new ScheduledThreadPoolExecutor(1, new NamedThreadFactory("fetch-retry-timer", true));
    timer.setRemoveOnCancelPolicy(true);
    this.window = new EntryWindow(backlog);
    this.hosts = hosts;
    this.control = control;
    this.cancelGrace = cancelGrace;
    this.sink = sink;
  }

  /**
   * Plans and runs every entry; returns when each has its result, or, after a cancel, when the
   * downloads in flight stopped or {@code cancelGrace} passed. A scheduler runs once.
   */
  void run(Iterator<ListEntry> entries, Planner planner) throws InterruptedException {
    try {
      while (!control.cancelled() && entries.hasNext()) {
        ListEntry entry = entries.next();
        if (!takePlace()) {
          break;
        }
        ScheduledJob job = planner.plan(entry, this::report);
        if (job == null) {
          window.give();
        } else {
          execute(job);
        }
      }
      // Wait for every entry to finish (the window empty); after a cancel, only briefly.
      long deadline = Long.MAX_VALUE;
      while (!window.awaitEmpty(DRAIN_POLL_MILLIS, TimeUnit.MILLISECONDS)) {
        if (control.cancelled()) {
          flushWaiting();
          if (deadline == Long.MAX_VALUE) {
            deadline = System.nanoTime() + cancelGrace.toNanos();
          } else if (System.nanoTime() > deadline) {
            return;
          }
        }
      }
    } finally {
      stop();
    }
  }

  /** Takes a place in the window for the entry just read; false (and no place) when the run was cancelled. */
  private boolean takePlace() throws InterruptedException {
    while (!window.take(TAKE_POLL_MILLIS, TimeUnit.MILLISECONDS)) {
      if (control.cancelled()) {
        return false;
      }
    }
    if (control.cancelled()) {
      window.give();
      return false;
    }
    return true;
  }

  private void execute(ScheduledJob job) {
    try {
      workers.execute(new Turn(job));
    } catch (RejectedExecutionException e) {
      // only after the pool was shut down, i.e. the run is over
      endNow(job);
    }
  }

  private void step(ScheduledJob job) {
    String host = job.host();
    if (!control.cancelled()) {
      long pause = hosts.pausedFor(host);
      if (pause > 0) {
        sleep(job, pause);
        return;
      }
    }
    if (!hosts.tryEnter(host, () -> execute(job))) {
      return;
    }
    Step step;
    try {
      step = turn(job);
    } finally {
      hosts.leave(host);
    }
    if (step instanceof Step.Done done) {
      finish(done.result());
    } else if (step instanceof Step.RetryAfter retry) {
      sleep(job, retry.delay().toNanos());
    } else if (step instanceof Step.Decode decode) {
      // the worker is free as soon as this returns; the entry keeps its window place until decoded
      if (decoders == null) {
        finish(DecodePool.run(job, decode));
      } else {
        decoders.decode(job, decode, this::finish);
      }
    }
  }

  private static Step turn(ScheduledJob job) {
    try {
      return job.run();
    } catch (RuntimeException bug) {
      Log.LOG.error("bug while downloading {}", Redactor.redact(job.toString()), bug);
      return Step.done(job.internalError(bug));
    }
  }

  private void sleep(ScheduledJob job, long nanos) {
    if (control.cancelled()) {
      execute(job);
      return;
    }
    sleeping.add(job);
    try {
      ScheduledFuture<?> unused = timer.schedule(() -> {
        if (sleeping.remove(job)) {
          execute(job);
        }
      }, nanos, TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      // the timer was shut down: the run is over
      if (sleeping.remove(job)) {
        endNow(job);
      }
    }
  }

  /** After a cancel: wakes every sleeping or parked job so that it ends now. */
  private void flushWaiting() {
    for (ScheduledJob job : sleeping) {
      if (sleeping.remove(job)) {
        execute(job);
      }
    }
    for (Runnable parked : hosts.drain()) {
      parked.run();
    }
  }

  /**
   * The run can schedule no more turns for the job: after a cancel, one last turn here ends it;
   * otherwise (the list reader failed) it ends as an internal error rather than without a result.
   */
  private void endNow(ScheduledJob job) {
    if (!control.cancelled()) {
      finish(job.internalError(new RejectedExecutionException("the run stopped before this download")));
      return;
    }
    Step last = turn(job);
    if (last instanceof Step.Done done) {
      finish(done.result());
    } else if (last instanceof Step.Decode decode) {
      finish(DecodePool.run(job, decode));
    } else {
      finish(job.internalError(new IllegalStateException("a cancelled download asked for another turn")));
    }
  }

  private void stop() throws InterruptedException {
    timer.shutdownNow();
    workers.shutdown();
    // Jobs still sleeping or parked get no turn from a pool that was shut down: they end here.
    for (ScheduledJob job : sleeping) {
      if (sleeping.remove(job)) {
        endNow(job);
      }
    }
    for (Runnable parked : hosts.drain()) {
      parked.run();
    }
    boolean stopped = false;
    long wait = control.cancelled() ? STOP_WAIT_CANCELLED_SECONDS : STOP_WAIT_SECONDS;
    try {
      stopped = workers.awaitTermination(wait, TimeUnit.SECONDS);
    } finally {
      if (!stopped) {
        for (Runnable queued : workers.shutdownNow()) {
          endNow(((Turn) queued).job);
        }
      }
      if (decoders != null) {
        decoders.stop(wait);
      }
    }
  }

  /** Hands a result to the sink; a failing sink must not take a worker or the window down with it. */
  private void report(DownloadResult result) {
    try {
      sink.accept(result);
    } catch (RuntimeException e) {
      Log.LOG.error("could not report a result: {}", e.toString()); // one line, no stack trace
    }
  }

  private void finish(DownloadResult result) {
    try {
      report(result);
    } finally {
      window.give();
    }
  }

  /** A job's next turn, queued for a worker; a type of its own so that a pool shut down early gives the job back. */
  private final class Turn implements Runnable {
    final ScheduledJob job;

    Turn(ScheduledJob job) {
      this.job = job;
    }

    @Override
    public void run() {
      step(job);
    }
  }
}
