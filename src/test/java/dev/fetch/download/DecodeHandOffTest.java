package dev.fetch.download;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fetch.download.DownloadResult.Status;
import dev.fetch.input.ListEntry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * --verify's hand-off: a download turn that ends in {@link Step.Decode} frees its worker at once, the
 * decoding runs on the {@code fetch-decode-N} threads (no more at once than the pool has), the entry
 * holds its window place until decoded (so the window bounds the decode queue), and every entry
 * still ends in exactly one result, also after a cancel.
 */
class DecodeHandOffTest {
  private static final long WAIT_SECONDS = 30;

  private final RunControl control = new RunControl();
  private final Map<Long, List<DownloadResult>> results = new ConcurrentHashMap<>();
  private final ExecutorService reader = Executors.newSingleThreadExecutor();
  private final CountDownLatch gate = new CountDownLatch(1);
  private final Set<String> downloadThreads = ConcurrentHashMap.newKeySet();
  private final Set<String> decodeThreads = ConcurrentHashMap.newKeySet();
  private final AtomicInteger decoding = new AtomicInteger();
  private final AtomicInteger mostDecoding = new AtomicInteger();
  private final AtomicInteger awaitingResult = new AtomicInteger();
  private final AtomicInteger mostAwaitingResult = new AtomicInteger();

  @AfterEach
  void stop() {
    gate.countDown();
    control.cancel();
    reader.shutdownNow();
  }

  /** A download turn that is over at once and leaves a decoding that waits for the gate. */
  private final class GatedJob extends ScheduledJob {
    final ListEntry entry;
    final CountDownLatch turnsDone;

    GatedJob(ListEntry entry, CountDownLatch turnsDone) {
      this.entry = entry;
      this.turnsDone = turnsDone;
    }

    @Override
    String host() {
      return "h";
    }

    @Override
    Step run() {
      downloadThreads.add(Thread.currentThread().getName());
      if (control.cancelled()) {
        return Step.done(result(Status.FAILED, "interrupted"));
      }
      mostAwaitingResult.accumulateAndGet(awaitingResult.incrementAndGet(), Math::max);
      turnsDone.countDown();
      return new Step.Decode(() -> {
        decodeThreads.add(Thread.currentThread().getName());
        mostDecoding.accumulateAndGet(decoding.incrementAndGet(), Math::max);
        try {
          if (!control.cancelled()) {
            gate.await(WAIT_SECONDS, TimeUnit.SECONDS);
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        } finally {
          decoding.decrementAndGet();
          awaitingResult.decrementAndGet();
        }
        return result(control.cancelled() ? Status.FAILED : Status.OK, control.cancelled() ? "interrupted" : null);
      });
    }

    @Override
    DownloadResult internalError(RuntimeException bug) {
      return result(Status.FAILED, "internal error: " + bug);
    }

    DownloadResult result(Status status, String error) {
      return DownloadResult.withoutRequest(entry, entry.url(), status, error);
    }
  }

  private Future<?> start(int threads, int backlog, int decoders, int entries, CountDownLatch turnsDone) {
    Scheduler scheduler = new Scheduler(threads, backlog, new HostGates(0), control, Duration.ofSeconds(5),
        r -> results.computeIfAbsent(r.ordinal(), k -> new ArrayList<>()).add(r),
        new DecodePool(decoders, backlog));
    List<ListEntry> list = new ArrayList<>();
    for (int i = 1; i <= entries; i++) {
      list.add(ListEntry.of(i, "line " + i, "http://example.test/" + i, null));
    }
    return reader.submit(() -> {
      scheduler.run(list.iterator(), (entry, done) -> new GatedJob(entry, turnsDone));
      return null;
    });
  }

  private void assertOneResultEach(int entries, Status status) {
    for (long i = 1; i <= entries; i++) {
      List<DownloadResult> r = results.get(i);
      assertTrue(r != null && r.size() == 1, "entry " + i + ": " + r);
      assertEquals(status, r.get(0).status(), "entry " + i + ": " + r);
    }
  }

  @Test
  void downloadWorkersGoOnWhileEveryDecoderIsBusy() throws Exception {
    int entries = 12;
    CountDownLatch turnsDone = new CountDownLatch(entries);
    Future<?> run = start(3, 16, 2, entries, turnsDone);
    // 3 workers finish all 12 download turns although not one decoding may end yet
    assertTrue(turnsDone.await(WAIT_SECONDS, TimeUnit.SECONDS), "a worker waited for a decoder");
    gate.countDown();
    run.get(WAIT_SECONDS, TimeUnit.SECONDS);
    assertOneResultEach(entries, Status.OK);
    assertTrue(downloadThreads.stream().allMatch(n -> n.startsWith("fetch-worker-")), downloadThreads.toString());
    assertTrue(Set.of("fetch-decode-1", "fetch-decode-2").containsAll(decodeThreads), decodeThreads.toString());
    assertTrue(mostDecoding.get() <= 2, "decodings at once: " + mostDecoding);
  }

  @Test
  void theWindowBoundsTheDecodingsWaitingAndTheRunEndsWithoutDeadlock() throws Exception {
    int entries = 40;
    int backlog = 4;
    CountDownLatch someTurns = new CountDownLatch(backlog);
    Future<?> run = start(8, backlog, 1, entries, someTurns);
    assertTrue(someTurns.await(WAIT_SECONDS, TimeUnit.SECONDS));
    gate.countDown();
    run.get(WAIT_SECONDS, TimeUnit.SECONDS);
    assertOneResultEach(entries, Status.OK);
    assertTrue(mostAwaitingResult.get() <= backlog,
        "entries downloaded and not yet decoded at once: " + mostAwaitingResult + ", window " + backlog);
    assertEquals(Set.of("fetch-decode-1"), decodeThreads);
  }

  @Test
  void aCancelEndsQueuedDecodingsWithOneResultEach() throws Exception {
    int entries = 10;
    CountDownLatch turnsDone = new CountDownLatch(entries);
    Future<?> run = start(2, 16, 1, entries, turnsDone);
    assertTrue(turnsDone.await(WAIT_SECONDS, TimeUnit.SECONDS));
    control.cancel();
    gate.countDown(); // the one decoding under way finishes; the queued ones see the cancel
    run.get(WAIT_SECONDS, TimeUnit.SECONDS);
    for (long i = 1; i <= entries; i++) {
      assertEquals(1, results.get(i).size(), "entry " + i);
    }
    assertTrue(results.values().stream().filter(r -> r.get(0).status() == Status.FAILED).count() >= entries - 1);
  }

  @Test
  void aRunHasOneDecoderPerCore() {
    assertEquals(Runtime.getRuntime().availableProcessors(), DecodePool.forCores(8).threads());
  }
}
