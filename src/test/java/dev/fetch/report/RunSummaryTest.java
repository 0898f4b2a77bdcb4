package dev.fetch.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fetch.download.DownloadResult;
import dev.fetch.download.DownloadResult.Status;
import dev.fetch.input.ListEntry;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class RunSummaryTest {

  static DownloadResult result(Status status, long bytes) {
    ListEntry e = ListEntry.of(1, "line 1", "http://h/a.jpg", null);
    return new DownloadResult(e, e.url(), status == Status.FAILED ? null : Path.of("a.jpg"),
        status, status == Status.SKIPPED ? 0 : 200, bytes, 5, status == Status.SKIPPED ? 0 : 1,
        status == Status.FAILED ? "HTTP 500" : null);
  }

  @Test
  void countsEachStatusAndAddsUpBytes() {
    RunSummary s = new RunSummary();
    s.accept(result(Status.OK, 1000));
    s.accept(result(Status.OK, 500));
    s.accept(result(Status.SKIPPED, 0));
    s.accept(result(Status.FAILED, 0));
    assertEquals(2, s.ok());
    assertEquals(1, s.skipped());
    assertEquals(1, s.failed());
    assertEquals(4, s.total());
    assertEquals(1500, s.bytes());
  }

  @Test
  void rendersOneLineWithCountsBytesAndThreads() {
    RunSummary s = new RunSummary();
    s.accept(result(Status.OK, 1500));
    s.accept(result(Status.SKIPPED, 0));
    s.accept(result(Status.FAILED, 0));
    String line = s.render(4, false);
    assertTrue(line.matches(
        "fetch: 3 entries: 1 ok, 1 skipped, 1 failed; 1\\.5 kB in \\d+\\.\\d\\d s \\([^)]+/s\\) with 4 threads"),
        line);
    assertTrue(!line.contains("\n"));
  }

  @Test
  void singularEntryAndThreadAndInterruption() {
    RunSummary s = new RunSummary();
    s.accept(result(Status.OK, 10));
    String line = s.render(1, true);
    assertTrue(line.startsWith("fetch: interrupted after 1 entry: 1 ok, 0 skipped, 0 failed; 10 B in "), line);
    assertTrue(line.endsWith(" with 1 thread"), line);
  }

  @Test
  void emptyRun() {
    String line = new RunSummary().render(8, false);
    assertTrue(line.startsWith("fetch: 0 entries: 0 ok, 0 skipped, 0 failed; 0 B in "), line);
  }

  @Test
  void humanBytesUsesDecimalUnits() {
    assertEquals("0 B", RunSummary.humanBytes(0));
    assertEquals("999 B", RunSummary.humanBytes(999));
    assertEquals("1.0 kB", RunSummary.humanBytes(1000));
    assertEquals("1.5 kB", RunSummary.humanBytes(1500));
    assertEquals("12 kB", RunSummary.humanBytes(12_345));
    assertEquals("1.5 MB", RunSummary.humanBytes(1_500_000));
    assertEquals("2.0 GB", RunSummary.humanBytes(2_000_000_000L));
    assertEquals("3.0 TB", RunSummary.humanBytes(3_000_000_000_000L));
    assertEquals("3000 TB", RunSummary.humanBytes(3_000_000_000_000_000L));
  }
}
