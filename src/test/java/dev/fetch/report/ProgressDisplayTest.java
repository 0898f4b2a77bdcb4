package dev.fetch.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fetch.download.DownloadResult;
import dev.fetch.download.DownloadResult.Status;
import dev.fetch.input.ListEntry;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The progress line's text and its drawing/clearing, without the ticker thread. */
class ProgressDisplayTest {
  private static final String CLEAR = "\r\033[K";

  private final StringWriter sink = new StringWriter();
  private final PrintWriter err = new PrintWriter(sink);
  private final AtomicLong bytes = new AtomicLong();
  private final AtomicLong total = new AtomicLong(-1);

  private ProgressDisplay display() {
    return new ProgressDisplay(err, bytes::get, total::get);
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
  void countsDoneAndFailedAndShowsBytesAndEta() {
    total.set(10);
    bytes.set(1500);
    ProgressDisplay p = display();
    p.accept(result(Status.OK));
    p.accept(result(Status.SKIPPED));
    p.accept(result(Status.FAILED));
    String line = p.render();
    assertTrue(line.startsWith("3/10 done, 1 failed, 1.5 kB, "), line);
    assertTrue(line.matches(".* B/s  ETA \\d+:\\d{2}"), line);
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
