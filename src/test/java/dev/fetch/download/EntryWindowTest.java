package dev.fetch.download;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class EntryWindowTest {

  @Test
  void aReaderThatFoundTheWindowFullWaitsUntilHalfOfItIsGivenBack() throws Exception {
    EntryWindow window = new EntryWindow(8);
    for (int i = 0; i < 8; i++) {
      assertTrue(window.take(0, TimeUnit.MILLISECONDS), "place " + i);
    }
    assertFalse(window.take(20, TimeUnit.MILLISECONDS), "full");
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      AtomicReference<Thread> thread = new AtomicReference<>();
      Future<Boolean> reader = pool.submit(() -> {
        thread.set(Thread.currentThread());
        return window.take(30, TimeUnit.SECONDS);
      });
      awaitParked(thread);
      for (int i = 0; i < 4; i++) {
        window.give();
      }
      Thread.sleep(200);
      assertFalse(reader.isDone(), "4 of 8 still taken: the reader keeps waiting");

      window.give();

      assertTrue(reader.get(5, TimeUnit.SECONDS), "3 of 8 taken: woken, long before its 30 s timeout");
      assertEquals(4, window.taken());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aWindowNotFullIsTakenAtOnce() throws Exception {
    EntryWindow window = new EntryWindow(2);
    assertTrue(window.take(0, TimeUnit.MILLISECONDS));
    assertTrue(window.take(0, TimeUnit.MILLISECONDS));
    window.give();
    assertTrue(window.take(0, TimeUnit.MILLISECONDS), "one place free and the reader not waiting: taken");
  }

  @Test
  void awaitEmptyReturnsOnlyOnceEveryPlaceIsBack() throws Exception {
    EntryWindow window = new EntryWindow(3);
    window.take(0, TimeUnit.MILLISECONDS);
    window.take(0, TimeUnit.MILLISECONDS);

    assertFalse(window.awaitEmpty(20, TimeUnit.MILLISECONDS));
    window.give();
    assertFalse(window.awaitEmpty(20, TimeUnit.MILLISECONDS));
    window.give();
    assertTrue(window.awaitEmpty(0, TimeUnit.MILLISECONDS));
  }

  @Test
  void anInterruptedReaderStopsWaiting() throws Exception {
    EntryWindow window = new EntryWindow(1);
    window.take(0, TimeUnit.MILLISECONDS);
    Thread.currentThread().interrupt();
    try {
      assertThrows(InterruptedException.class, () -> window.take(30, TimeUnit.SECONDS));
    } finally {
      Thread.interrupted();
    }
  }

  private static void awaitParked(AtomicReference<Thread> thread) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (thread.get() == null || thread.get().getState() != Thread.State.TIMED_WAITING) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the reader never started waiting");
      }
      Thread.sleep(1);
    }
  }
}
