package dev.fetch.download;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HostGatesTest {
  private static final Runnable NOT_PARKED = () -> {
    throw new AssertionError("should have entered, not been parked");
  };

  private final List<String> resumed = new ArrayList<>();

  private Runnable resume(String name) {
    return () -> resumed.add(name);
  }

  @Test
  void admitsUpToPerHostDownloadsToOneHostAndParksTheNext() {
    HostGates gates = new HostGates(2);
    assertTrue(gates.tryEnter("a", NOT_PARKED));
    assertTrue(gates.tryEnter("a", NOT_PARKED));
    assertFalse(gates.tryEnter("a", resume("third")));
    assertTrue(gates.tryEnter("b", NOT_PARKED), "another host has its own bound");
    assertTrue(resumed.isEmpty());
  }

  @Test
  void perHostZeroBoundsNothing() {
    HostGates gates = new HostGates(0);
    for (int i = 0; i < 1000; i++) {
      assertTrue(gates.tryEnter("a", NOT_PARKED));
    }
  }

  @Test
  void aLeavingDownloadResumesTheParkedOnesOneAtATimeInTheOrderTheyCame() {
    HostGates gates = new HostGates(1);
    assertTrue(gates.tryEnter("a", NOT_PARKED));
    assertFalse(gates.tryEnter("a", resume("first")));
    assertFalse(gates.tryEnter("a", resume("second")));

    gates.leave("a");
    assertEquals(List.of("first"), resumed);
    // the resumed one comes back through tryEnter, as the scheduler does, and holds the slot
    assertTrue(gates.tryEnter("a", NOT_PARKED));
    assertFalse(gates.tryEnter("a", resume("third")));

    gates.leave("a");
    assertEquals(List.of("first", "second"), resumed);
    assertTrue(gates.tryEnter("a", NOT_PARKED));
    gates.leave("a");
    assertEquals(List.of("first", "second", "third"), resumed);
    assertTrue(gates.tryEnter("a", NOT_PARKED));
    gates.leave("a");
    assertEquals(3, resumed.size(), "nothing more was parked");
  }

  @Test
  void aParkedDownloadIsResumedOutsideTheGatesLock() throws Exception {
    HostGates gates = new HostGates(1);
    assertTrue(gates.tryEnter("a", NOT_PARKED));
    boolean[] enteredFromAnotherThread = new boolean[1];
    assertFalse(gates.tryEnter("a", () -> {
      // a resume that needs the gates on another thread must not deadlock against leave()
      Thread t = new Thread(() -> enteredFromAnotherThread[0] = gates.tryEnter("b", NOT_PARKED));
      t.start();
      try {
        t.join(30_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }));
    gates.leave("a");
    assertTrue(enteredFromAnotherThread[0]);
  }

  @Test
  void aHostThatAskedForAPauseIsPausedForAboutThatLongAndOthersAreNot() {
    HostGates gates = new HostGates(0);
    assertEquals(0, gates.pausedFor("a"));
    gates.slowDown("a", Duration.ofHours(1));
    long left = gates.pausedFor("a");
    assertTrue(left > Duration.ofMinutes(59).toNanos() && left <= Duration.ofHours(1).toNanos(), "left " + left);
    assertEquals(0, gates.pausedFor("b"));
  }

  @Test
  void aShorterPauseDoesNotCutALongerOneShort() {
    HostGates gates = new HostGates(0);
    gates.slowDown("a", Duration.ofHours(1));
    gates.slowDown("a", Duration.ofMillis(1));
    assertTrue(gates.pausedFor("a") > Duration.ofMinutes(59).toNanos());
  }

  @Test
  void aPauseThatPassedIsOver() {
    HostGates gates = new HostGates(1);
    gates.slowDown("a", Duration.ofNanos(1));
    long deadline = System.nanoTime() + 1;
    while (System.nanoTime() <= deadline) {
      Thread.onSpinWait();
    }
    assertEquals(0, gates.pausedFor("a"));
    assertTrue(gates.tryEnter("a", NOT_PARKED));
  }

  @Test
  void drainHandsOverEveryParkedDownloadOfEveryHostOnce() {
    HostGates gates = new HostGates(1);
    assertTrue(gates.tryEnter("a", NOT_PARKED));
    assertTrue(gates.tryEnter("b", NOT_PARKED));
    assertFalse(gates.tryEnter("a", resume("a1")));
    assertFalse(gates.tryEnter("a", resume("a2")));
    assertFalse(gates.tryEnter("b", resume("b1")));

    List<Runnable> drained = gates.drain();
    drained.forEach(Runnable::run);
    assertEquals(3, drained.size());
    assertTrue(resumed.containsAll(List.of("a1", "a2", "b1")));

    gates.leave("a");
    gates.leave("b");
    assertEquals(3, resumed.size(), "a drained download is not resumed again when a slot frees");
    assertTrue(gates.drain().isEmpty());
  }
}
