package dev.fetch.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fetch.FetchConfig;
import dev.fetch.download.DownloadResult;
import dev.fetch.download.DownloadResult.Status;
import dev.fetch.download.RunControl.Transfers;
import dev.fetch.input.ListEntry;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The progress line's text, its ETA on a clock driven by hand, and its drawing/clearing, without the ticker thread. */
class ProgressDisplayTest {
  private static final String CLEAR = "\r\033[K";
  private static final Pattern ETA = Pattern.compile("  ETA (?:(\\d+):)?(\\d+):(\\d{2})$");
  private static final long ORIGIN = 5_000_000_000L;

  private final StringWriter sink = new StringWriter();
  private final PrintWriter err = new PrintWriter(sink);
  private final AtomicLong bytes = new AtomicLong();
  private final AtomicLong total = new AtomicLong(-1);
  private final AtomicLong clock = new AtomicLong(ORIGIN);
  private final AtomicReference<Transfers> transfers = new AtomicReference<>(new Transfers(0, 0));

  private ProgressDisplay display() {
    return display(FetchConfig.DEFAULT_THREADS);
  }

  private ProgressDisplay display(int workers) {
    return new ProgressDisplay(err, bytes::get, transfers::get, total::get, workers, clock::get);
  }

  /** One download of a simulated run: its bytes arrive evenly from start to end (seconds). */
  private record Download(double start, double end, long size) {
    long receivedAt(double t) {
      return (long) (size * Math.min(1, Math.max(0, (t - start) / (end - start))));
    }
  }

  /**
   * Plays a run to the display on the hand-driven clock, a redraw every 200 ms as the ticker does,
   * and returns the ETA shown at each redraw (millis since the start; seconds, or null for none).
   */
  private Map<Integer, Long> play(List<Download> run, boolean lengthsKnown, int workers, int untilMillis) {
    total.set(run.size());
    ProgressDisplay p = display(workers);
    boolean[] reported = new boolean[run.size()];
    Map<Integer, Long> shown = new TreeMap<>();
    for (int ms = (int) ProgressDisplay.REDRAW_MILLIS; ms <= untilMillis; ms += (int) ProgressDisplay.REDRAW_MILLIS) {
      double t = ms / 1000.0;
      clock.set(ORIGIN + ms * 1_000_000L);
      long received = 0;
      int withLength = 0;
      long left = 0;
      for (int i = 0; i < run.size(); i++) {
        Download d = run.get(i);
        received += d.receivedAt(t);
        if (d.end() <= t) {
          if (!reported[i]) {
            reported[i] = true;
            p.accept(result(Status.OK));
          }
        } else if (d.start() <= t && lengthsKnown) {
          withLength++;
          left += d.size() - d.receivedAt(t);
        }
      }
      bytes.set(received);
      transfers.set(new Transfers(withLength, left));
      shown.put(ms, etaSeconds(p.render()));
    }
    return shown;
  }

  private static Long etaSeconds(String line) {
    Matcher m = ETA.matcher(line);
    if (!m.find()) {
      assertFalse(line.contains("ETA"), line);
      return null;
    }
    long h = m.group(1) == null ? 0 : Long.parseLong(m.group(1));
    return h * 3600 + Long.parseLong(m.group(2)) * 60 + Long.parseLong(m.group(3));
  }

  /**
   * The reported case: 16 files on 8 workers, 12 small ones done one every 0.5 s in the first 6 s,
   * 4 large ones receiving slowly from the start and ending at 20, 22, 24 and 25 s.
   */
  private static List<Download> slowTail() {
    List<Download> run = new ArrayList<>();
    for (int i = 1; i <= 12; i++) {
      double end = 0.5 * i;
      run.add(new Download(Math.max(0, end - 2), end, 100_000));
    }
    for (double end : new double[] {20, 22, 24, 25}) {
      run.add(new Download(0, end, 400_000));
    }
    return run;
  }

  /** {@code n} entries, the first {@code fast} ending {@code fastPerSecond} a second, the rest {@code slowPerSecond}. */
  private static List<Download> steady(int n, int fast, double fastPerSecond, double slowPerSecond) {
    List<Download> run = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      double end = i <= fast ? i / fastPerSecond : fast / fastPerSecond + (i - fast) / slowPerSecond;
      run.add(new Download(Math.max(0, end - 1), end, 10_000));
    }
    return run;
  }

  @Test
  void slowTailWithKnownLengthsShowsAnEtaNearTheTruthNotThePaceOfTheEarlyFiles() {
    Map<Integer, Long> shown = play(slowTail(), true, 8, 25_000);
    for (int ms = 200; ms < 25_000; ms += 200) {
      Long eta = shown.get(ms);
      double truth = 25 - ms / 1000.0;
      assertTrue(eta == null || eta >= truth / 2 && eta <= truth * 2,
          "at " + ms + " ms the ETA says " + eta + " s, the run ends in " + truth + " s: " + shown);
    }
    Long at10 = shown.get(10_000);
    assertNotNull(at10, "the tail's own pace is known after 3 s of it: " + shown);
    assertTrue(at10 >= 12 && at10 <= 15, "about 15 s left at 10 s: " + at10);
  }

  @Test
  void slowTailWithUnknownLengthsShowsNoEta() {
    Map<Integer, Long> shown = play(slowTail(), false, 8, 25_000);
    for (int ms = 200; ms < 25_000; ms += 200) {
      assertNull(shown.get(ms), "at " + ms + " ms nothing tells when the 4 slow ones end: " + shown);
    }
  }

  @Test
  void etaFollowsTheRecentPaceNotTheAverageSinceTheStart() {
    // 1000 entries: 300 at 10 a second (30 s), then 2 a second
    Map<Integer, Long> shown = play(steady(1000, 300, 10, 2), false, 8, 50_000);
    Long at20 = shown.get(20_000);
    assertNotNull(at20, shown.toString());
    assertTrue(at20 >= 76 && at20 <= 84, "800 left at 10/s: " + at20);
    Long at50 = shown.get(50_000);
    assertNotNull(at50, shown.toString());
    assertTrue(at50 >= 300 && at50 <= 360, "660 left at 2/s, not the 97 s of the average since the start: " + at50);
  }

  @Test
  void noEtaWhileNothingFinishes() {
    // 100 at 10 a second, then the next one only after 1000 s
    Map<Integer, Long> shown = play(steady(1000, 100, 10, 0.001), false, 8, 30_000);
    assertNotNull(shown.get(9_000), shown.toString());
    for (int ms = 15_000; ms <= 30_000; ms += 200) {
      assertNull(shown.get(ms), "at " + ms + " ms nothing has finished for " + (ms - 10_000) + " ms: " + shown);
    }
  }

  @Test
  void noEtaFromTheFirstFewSeconds() {
    Map<Integer, Long> shown = play(steady(1000, 1000, 20, 20), false, 8, 4_000);
    for (int ms = 200; ms < 3_000; ms += 200) {
      assertNull(shown.get(ms), "at " + ms + " ms: " + shown);
    }
    assertEquals(Long.valueOf(46), shown.get(4_000), "920 left at 20/s");
  }

  @Test
  void etaOfAnHourOrMoreShowsHours() {
    assertEquals("0:00", ProgressDisplay.duration(0));
    assertEquals("0:59", ProgressDisplay.duration(59));
    assertEquals("59:59", ProgressDisplay.duration(3599));
    assertEquals("1:00:00", ProgressDisplay.duration(3600));
    assertEquals("27:46:40", ProgressDisplay.duration(100_000));
  }

  private static DownloadResult result(Status status) {
    ListEntry e = ListEntry.of(1, "argument 1", "http://example.com/a.jpg", null);
    return new DownloadResult(e, e.url(), null, status, status == Status.FAILED ? 404 : 200, 0, 1, 1,
        status == Status.FAILED ? "HTTP 404" : null);
  }

  @Test
  void freshDisplayShowsZeroOfTotal() {
    total.set(10);
    assertEquals("0/10 done, 0 failed, 0 B, 0 B/s", display().render());
  }

  @Test
  void countsDoneAndFailedAndShowsBytes() {
    total.set(10);
    bytes.set(1500);
    ProgressDisplay p = display();
    p.accept(result(Status.OK));
    p.accept(result(Status.SKIPPED));
    p.accept(result(Status.FAILED));
    String line = p.render();
    assertTrue(line.startsWith("3/10 done, 1 failed, 1.5 kB, "), line);
    assertFalse(line.contains("ETA"), "no ETA from a few results at once: " + line);
  }

  @Test
  void unknownTotalShowsQuestionMarkAndNoEta() {
    ProgressDisplay p = display();
    p.accept(result(Status.OK));
    String line = p.render();
    assertTrue(line.startsWith("1/? done, 0 failed, 0 B, "), line);
    assertFalse(line.contains("ETA"), line);
  }

  @Test
  void noEtaOnceEverythingIsDone() {
    total.set(2);
    ProgressDisplay p = display();
    p.accept(result(Status.OK));
    p.accept(result(Status.OK));
    String line = p.render();
    assertTrue(line.startsWith("2/2 done, 0 failed"), line);
    assertFalse(line.contains("ETA"), line);
  }

  @Test
  void largeByteCountsAreHumanReadable() {
    total.set(1);
    bytes.set(12_345_678);
    assertTrue(display().render().contains(", 12 MB, "), display().render());
    assertEquals("999 B", RunSummary.humanBytes(999));
    assertEquals("1.0 kB", RunSummary.humanBytes(1000));
    assertEquals("2.5 GB", RunSummary.humanBytes(2_500_000_000L));
  }

  @Test
  void renderIsOneLine() {
    total.set(5);
    ProgressDisplay p = display();
    p.accept(result(Status.FAILED));
    String line = p.render();
    assertFalse(line.contains("\n") || line.contains("\r"), line);
  }

  @Test
  void redrawClearsTheLineThenDrawsIt() {
    total.set(3);
    ProgressDisplay p = display();
    p.redraw();
    assertEquals(CLEAR + "0/3 done, 0 failed, 0 B, 0 B/s", sink.toString());
  }

  @Test
  void clearErasesOnlyWhatWasDrawnAndOnlyOnce() {
    ProgressDisplay p = display();
    p.clear();
    assertEquals("", sink.toString(), "nothing drawn, nothing to clear");
    p.redraw();
    int afterDraw = sink.toString().length();
    p.clear();
    p.clear();
    assertEquals(CLEAR, sink.toString().substring(afterDraw));
  }

  @Test
  void closeClearsAndStopsFurtherDrawing() {
    ProgressDisplay p = display().start();
    p.redraw();
    p.close();
    String atClose = sink.toString();
    assertTrue(atClose.endsWith(CLEAR), atClose);
    p.redraw();
    p.clear();
    assertEquals(atClose, sink.toString());
  }
}
