package dev.fetch.download;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fetch.download.DownloadResult.Status;
import dev.fetch.input.ListEntry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The scheduler without HTTP: scripted jobs, latches for every hand-over, results counted per entry. */
class SchedulerTest {
  /** Generous: only reached when the behaviour under test is broken. */
  private static final long WAIT_SECONDS = 30;
  private static final Duration FOREVER = Duration.ofHours(1);

  private final RunControl control = new RunControl();
  private final Map<Long, List<DownloadResult>> results = new ConcurrentHashMap<>();
  private final List<Long> finishOrder = Collections.synchronizedList(new ArrayList<>());
  private final Map<Long, CountDownLatch> finished = new ConcurrentHashMap<>();
  private final ExecutorService reader = Executors.newSingleThreadExecutor();

  @AfterEach
  void stopReader() {
    control.cancel();
    reader.shutdownNow();
  }

  /** One scripted turn of a fake job. */
  @FunctionalInterface
  interface TurnScript {
    Step run(FakeJob job) throws Exception;
  }

  /** A job whose turns the test scripts; like a real one, a turn after a cancel ends it "interrupted". */
  final class FakeJob extends ScheduledJob {
    final ListEntry entry;
    final String host;
    final List<TurnScript> script;
    final AtomicInteger turns = new AtomicInteger();

    FakeJob(ListEntry entry, String host, List<TurnScript> script) {
      this.entry = entry;
      this.host = host;
      this.script = script;
    }

    @Override
    String host() {
      return host;
    }

    @Override
    Step run() {
      int turn = turns.getAndIncrement();
      if (control.cancelled()) {
        return Step.done(result(Status.FAILED, "interrupted"));
      }
      try {
        return script.get(Math.min(turn, script.size() - 1)).run(this);
      } catch (RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }

    @Override
    DownloadResult internalError(RuntimeException bug) {
      return result(Status.FAILED, "internal error: " + bug);
    }

    Step ok() {
      return Step.done(result(Status.OK, null));
    }

    Step interruptedOr(Step step) {
      return control.cancelled() ? Step.done(result(Status.FAILED, "interrupted")) : step;
    }

    DownloadResult result(Status status, String error) {
      return DownloadResult.withoutRequest(entry, entry.url(), status, error);
    }
  }

  private static ListEntry entry(long ordinal) {
    return ListEntry.of(ordinal, "line " + ordinal, "http://example.test/" + ordinal, null);
  }

  private Scheduler scheduler(int threads, int perHost, Duration cancelGrace) {
    return new Scheduler(threads, 16, new HostGates(perHost), control, cancelGrace, r -> {
      results.computeIfAbsent(r.ordinal(), k -> Collections.synchronizedList(new ArrayList<>())).add(r);
      finishOrder.add(r.ordinal());
      latch(r.ordinal()).countDown();
    }, null);
  }

  private CountDownLatch latch(long ordinal) {
    return finished.computeIfAbsent(ordinal, k -> new CountDownLatch(1));
  }

  private void awaitResult(long ordinal) throws InterruptedException {
    assertTrue(latch(ordinal).await(WAIT_SECONDS, TimeUnit.SECONDS), "no result for entry " + ordinal);
  }

  private static void await(CountDownLatch latch, String what) throws InterruptedException {
    assertTrue(latch.await(WAIT_SECONDS, TimeUnit.SECONDS), "waited in vain: " + what);
  }

  /** Waits for the latch ignoring interrupts, as a transfer stuck in the kernel would. */
  private static void awaitUninterruptibly(CountDownLatch latch) {
    boolean interrupted = false;
    while (true) {
      try {
        latch.await();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** Runs the scheduler on the reader thread; every entry {@code i} becomes {@code jobs.apply(i)}. */
  private Future<?> start(Scheduler scheduler, int entries, Function<ListEntry, FakeJob> jobs) {
    List<ListEntry> list = new ArrayList<>();
    for (int i = 1; i <= entries; i++) {
      list.add(entry(i));
    }
    return reader.submit(() -> {
      scheduler.run(list.iterator(), (entry, done) -> jobs.apply(entry));
      return null;
    });
  }

  private FakeJob job(ListEntry entry, String host, TurnScript... turns) {
    return new FakeJob(entry, host, List.of(turns));
  }

  private DownloadResult onlyResult(long ordinal) {
    List<DownloadResult> r = results.get(ordinal);
    assertNotNull(r, "no result for entry " + ordinal);
    assertEquals(1, r.size(), "results for entry " + ordinal + ": " + r);
    return r.get(0);
  }

  @Test
  void everyEntryEndsInExactlyOneResultWhetherItNeedsAJobOrNot() throws Exception {
    int n = 60;
    Scheduler scheduler = scheduler(3, 0, FOREVER);
    List<ListEntry> list = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      list.add(entry(i));
    }
    scheduler.run(list.iterator(), (entry, done) -> {
      long i = entry.ordinal();
      if (i % 5 == 0) {
        done.accept(DownloadResult.withoutRequest(entry, entry.url(), Status.SKIPPED, "duplicate"));
        return null;
      }
      if (i % 3 == 0) {
        // a retry first, then done
        return job(entry, "h" + i % 4, j -> Step.retryIn(Duration.ofMillis(1)), FakeJob::ok);
      }
      return job(entry, "h" + i % 4, FakeJob::ok);
    });
    for (long i = 1; i <= n; i++) {
      DownloadResult r = onlyResult(i);
      assertEquals(i % 5 == 0 ? Status.SKIPPED : Status.OK, r.status(), "entry " + i);
    }
    assertEquals(n, finishOrder.size());
  }

  @Test
  void anEntryOfAnotherShardTakesNoPlaceAndGetsNoResult() throws Exception {
    Scheduler scheduler = scheduler(2, 0, FOREVER);
    List<ListEntry> list = new ArrayList<>();
    for (int i = 1; i <= 40; i++) {
      list.add(entry(i));
    }
    // 40 entries through a window of 16: the run ends only if the skipped ones gave their places back
    scheduler.run(list.iterator(), (entry, done) -> entry.ordinal() % 2 == 0 ? null : job(entry, "h", FakeJob::ok));
    for (long i = 1; i <= 40; i++) {
      if (i % 2 == 0) {
        assertNull(results.get(i), "entry " + i);
      } else {
        assertEquals(Status.OK, onlyResult(i).status());
      }
    }
  }

  @Test
  void entriesArePlannedOnTheReaderThreadInInputOrderWhileResultsMayFinishOutOfOrder() throws Exception {
    Thread caller = Thread.currentThread();
    List<Long> planned = new ArrayList<>();
    List<Thread> planners = new ArrayList<>();
    CountDownLatch secondDone = latch(2);
    Scheduler scheduler = scheduler(2, 0, FOREVER);
    List<ListEntry> list = List.of(entry(1), entry(2), entry(3), entry(4));
    scheduler.run(list.iterator(), (entry, done) -> {
      planned.add(entry.ordinal());
      planners.add(Thread.currentThread());
      if (entry.ordinal() == 1) {
        // the first entry finishes only after the second one did
        return job(entry, "a", j -> {
          await(secondDone, "entry 2 finished");
          return j.ok();
        });
      }
      return job(entry, "b", FakeJob::ok);
    });
    assertEquals(List.of(1L, 2L, 3L, 4L), planned);
    for (Thread t : planners) {
      assertEquals(caller, t, "planned on the thread that called run");
    }
    assertTrue(finishOrder.indexOf(2L) < finishOrder.indexOf(1L), "finish order " + finishOrder);
    assertEquals(4, finishOrder.size());
  }

  @Test
  void perHostOneNeverRunsTwoJobsForTheSameHostAtOnceAndParksTheSecondOutsideTheWorkers() throws Exception {
    AtomicInteger inFlightOnH = new AtomicInteger();
    AtomicInteger peakOnH = new AtomicInteger();
    List<String> events = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch otherHostRan = new CountDownLatch(1);
    AtomicLong firstOnH = new AtomicLong();
    TurnScript onH = j -> {
      peakOnH.accumulateAndGet(inFlightOnH.incrementAndGet(), Math::max);
      events.add("start " + j.entry.ordinal());
      if (firstOnH.compareAndSet(0, j.entry.ordinal())) {
        // Entry 3 (another host) is queued behind the other h entry on the 2-worker pool; with this
        // one stuck here it can only run once that entry's turn left its worker, so it must have
        // been parked rather than run. (Which of 1 and 2 reaches h first is up to the pool.)
        await(otherHostRan, "entry 3 ran while the first h entry was in flight");
      }
      events.add("end " + j.entry.ordinal());
      inFlightOnH.decrementAndGet();
      return j.ok();
    };
    Scheduler scheduler = scheduler(2, 1, FOREVER);
    start(scheduler, 3, e -> e.ordinal() == 3
        ? job(e, "other", j -> {
          events.add("other");
          otherHostRan.countDown();
          return j.ok();
        })
        : job(e, "h", onH)).get(WAIT_SECONDS, TimeUnit.SECONDS);
    assertEquals(1, peakOnH.get(), "jobs in flight to h at once, events " + events);
    long first = firstOnH.get();
    long second = 3 - first;
    // the first h entry waited for entry 3 (so entry 3 ran meanwhile, on the worker the parked entry
    // left free); the second h entry started only after the first ended
    assertTrue(events.indexOf("other") < events.indexOf("end " + first), "events " + events);
    assertTrue(events.indexOf("end " + first) < events.indexOf("start " + second), "events " + events);
    for (long i = 1; i <= 3; i++) {
      assertEquals(Status.OK, onlyResult(i).status());
    }
  }

  @Test
  void aJobWaitingToRetryHoldsNoWorker() throws Exception {
    CountDownLatch firstTurnOver = new CountDownLatch(1);
    Scheduler scheduler = scheduler(1, 0, FOREVER);
    Future<?> run = start(scheduler, 2, e -> e.ordinal() == 1
        ? job(e, "a", j -> {
          firstTurnOver.countDown();
          return Step.retryIn(FOREVER);
        })
        : job(e, "b", j -> {
          await(firstTurnOver, "entry 1 asked to retry");
          return j.ok();
        }));
    // one worker, and entry 1 waits an hour: entry 2 can only finish on a worker the wait left free
    awaitResult(2);
    assertNull(results.get(1L), "entry 1 is still waiting");
    control.cancel();
    run.get(WAIT_SECONDS, TimeUnit.SECONDS);
    assertEquals("interrupted", onlyResult(1).error());
  }

  @Test
  void aJobAskingToRetryRunsAgainAfterItsDelay() throws Exception {
    Duration delay = Duration.ofMillis(30);
    long[] returnedAt = new long[1];
    long[] againAt = new long[1];
    Scheduler scheduler = scheduler(1, 0, FOREVER);
    start(scheduler, 1, e -> job(e, "a",
        j -> {
          returnedAt[0] = System.nanoTime();
          return Step.retryIn(delay);
        },
        j -> {
          againAt[0] = System.nanoTime();
          return j.ok();
        })).get(WAIT_SECONDS, TimeUnit.SECONDS);
    assertEquals(Status.OK, onlyResult(1).status());
    assertTrue(againAt[0] - returnedAt[0] >= delay.toNanos(), "the next turn came no earlier than the delay");
  }

  @Test
  void aCancelEndsSleepingAndParkedJobsNowWithOneResultEach() throws Exception {
    CountDownLatch sleeping = new CountDownLatch(1);
    CountDownLatch behindTheParked = new CountDownLatch(1);
    CountDownLatch cut = new CountDownLatch(1);
    List<Long> turnsAfterCancel = Collections.synchronizedList(new ArrayList<>());
    // a grace of an hour: the run can only end this soon because the waiting jobs were woken
    Scheduler scheduler = scheduler(2, 1, FOREVER);
    Future<?> run = start(scheduler, 4, e -> switch ((int) e.ordinal()) {
      case 1 -> job(e, "h", j -> {  // in flight until the cancel cuts it
        await(cut, "the cancel");
        return j.interruptedOr(j.ok());
      });
      case 2 -> job(e, "s", j -> {  // waits an hour to retry
        sleeping.countDown();
        return Step.retryIn(FOREVER);
      });
      case 3 -> job(e, "h", j -> {  // parked behind 1
        turnsAfterCancel.add(3L);
        return j.ok();
      });
      default -> job(e, "other", j -> {  // queued behind 3: runs once 3 was parked
        behindTheParked.countDown();
        return j.ok();
      });
    });
    await(sleeping, "entry 2 sleeping");
    await(behindTheParked, "entry 3 parked");
    control.cancel();
    cut.countDown();
    run.get(WAIT_SECONDS, TimeUnit.SECONDS);

    assertEquals("interrupted", onlyResult(1).error());
    assertEquals("interrupted", onlyResult(2).error());
    assertEquals("interrupted", onlyResult(3).error());
    assertEquals(Status.OK, onlyResult(4).status());
    assertTrue(turnsAfterCancel.isEmpty(), "the parked job started nothing after the cancel");
  }

  @Test
  void aJobStillQueuedWhenACancelledRunStopsEndsWithOneResult() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Scheduler scheduler = scheduler(1, 0, Duration.ZERO);
    Future<?> run = start(scheduler, 2, e -> e.ordinal() == 1
        ? job(e, "a", j -> {  // stuck past the grace, deaf to interrupts
          started.countDown();
          awaitUninterruptibly(release);
          return j.interruptedOr(j.ok());
        })
        : job(e, "b", FakeJob::ok));
    await(started, "entry 1 started");
    control.cancel();
    run.get(WAIT_SECONDS, TimeUnit.SECONDS);
    // entry 2 never got the only worker: the run gave it its result before it returned
    assertEquals("interrupted", onlyResult(2).error());

    release.countDown();
    awaitResult(1);
    assertEquals("interrupted", onlyResult(1).error());
  }

  @Test
  void aJobWhoseNextTurnIsRejectedAfterTheRunStoppedStillEndsWithOneResult() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Scheduler scheduler = scheduler(1, 0, Duration.ZERO);
    Future<?> run = start(scheduler, 1, e -> job(e, "a", j -> {
      started.countDown();
      awaitUninterruptibly(release);
      // a retryable failure, seen as the run was stopping: its next turn finds the pool shut down
      return Step.retryIn(Duration.ofMillis(1));
    }));
    await(started, "entry 1 started");
    control.cancel();
    run.get(WAIT_SECONDS, TimeUnit.SECONDS);
    assertNull(results.get(1L), "still in its turn when the run returned");

    release.countDown();
    awaitResult(1);
    assertEquals("interrupted", onlyResult(1).error());
  }

  @Test
  void aJobThatThrowsEndsAsAnInternalErrorAndTheRunGoesOn() throws Exception {
    Scheduler scheduler = scheduler(1, 1, FOREVER);
    start(scheduler, 3, e -> e.ordinal() == 1
        ? job(e, "h", j -> {
          throw new IllegalStateException("boom");
        })
        : job(e, "h", FakeJob::ok)).get(WAIT_SECONDS, TimeUnit.SECONDS);
    DownloadResult bug = onlyResult(1);
    assertEquals(Status.FAILED, bug.status());
    assertEquals("internal error: java.lang.IllegalStateException: boom", bug.error());
    // same host, --per-host 1: the throwing job gave its slot back
    assertEquals(Status.OK, onlyResult(2).status());
    assertEquals(Status.OK, onlyResult(3).status());
  }

  @Test
  void aSinkThatThrowsLosesNoOtherResult() throws Exception {
    AtomicInteger seen = new AtomicInteger();
    Scheduler scheduler = new Scheduler(2, 4, new HostGates(0), control, FOREVER, r -> {
      seen.incrementAndGet();
      if (r.ordinal() == 1) {
        throw new IllegalStateException("sink bug");
      }
    }, null);
    List<ListEntry> list = new ArrayList<>();
    for (int i = 1; i <= 10; i++) {
      list.add(entry(i));
    }
    // a window of 4 for 10 entries: the run ends only if the failed hand-over gave its place back
    scheduler.run(list.iterator(), (entry, done) -> job(entry, "h", FakeJob::ok));
    assertEquals(10, seen.get());
    assertFalse(control.cancelled());
  }
}
