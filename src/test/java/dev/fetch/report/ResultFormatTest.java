package dev.fetch.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.fetch.download.DownloadResult;
import dev.fetch.download.DownloadResult.Status;
import dev.fetch.input.ListEntry;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class ResultFormatTest {
  private static final ListEntry ENTRY = ListEntry.of(3, "line 5", "http://h/a.jpg", null);

  private static DownloadResult ok() {
    return new DownloadResult(ENTRY, "http://h/a.jpg", Path.of("out", "a.jpg"), Status.OK,
        200, 12345, 1504, 1, null);
  }

  private static DownloadResult failed(String error) {
    return new DownloadResult(ENTRY, "http://h/a.jpg", null, Status.FAILED, 404, 0, 7, 1, error);
  }

  @Test
  void textLineHasSixTabSeparatedFields() {
    String line = ResultFormat.TEXT.render(ok());
    assertEquals("ok\t200\t12345\t1.50\t" + Path.of("out", "a.jpg") + "\thttp://h/a.jpg", line);
  }

  @Test
  void failedTextLineCarriesTheReasonInsteadOfAPath() {
    String line = ResultFormat.TEXT.render(failed("HTTP 404"));
    assertEquals("failed\t404\t0\t0.01\tHTTP 404\thttp://h/a.jpg", line);
  }

  @Test
  void missingHttpStatusIsADash() {
    ListEntry bad = ListEntry.invalid(1, "line 3", "nope", "line 3: not an absolute http(s) URL: nope");
    DownloadResult r = DownloadResult.withoutRequest(bad, "nope", Status.FAILED, bad.error());
    assertEquals("failed\t-\t0\t0.00\tline 3: not an absolute http(s) URL: nope\tnope",
        ResultFormat.TEXT.render(r));
  }

  @Test
  void skippedLineShowsTheExistingPathOrTheReason() {
    DownloadResult exists = new DownloadResult(ENTRY, "http://h/a.jpg", Path.of("a.jpg"),
        Status.SKIPPED, 0, 0, 0, 0, "exists");
    assertEquals("skipped\t-\t0\t0.00\ta.jpg\thttp://h/a.jpg", ResultFormat.TEXT.render(exists));
    DownloadResult dup = DownloadResult.withoutRequest(ENTRY, "http://h/a.jpg", Status.SKIPPED,
        "duplicate of an earlier entry");
    assertEquals("skipped\t-\t0\t0.00\tduplicate of an earlier entry\thttp://h/a.jpg",
        ResultFormat.TEXT.render(dup));
  }

  @Test
  void tabsAndNewlinesInFieldsCannotBreakTheLine() {
    DownloadResult r = new DownloadResult(ENTRY, "http://h/a\tb\nc.jpg", null, Status.FAILED, 500, 0, 0,
        1, "bad\tthing\r\nhappened");
    String line = ResultFormat.TEXT.render(r);
    assertFalse(line.contains("\n") || line.contains("\r"), line);
    assertEquals(6, line.split("\t", -1).length, line);
  }

  @Test
  void jsonLineHasEveryFieldAndParses() throws Exception {
    String line = ResultFormat.JSON_LINES.render(ok());
    assertFalse(line.contains("\n"));
    Map<String, Object> m = JSON.std.mapFrom(line);
    assertEquals("http://h/a.jpg", m.get("url"));
    assertEquals(Path.of("out", "a.jpg").toString(), m.get("file"));
    assertEquals("ok", m.get("status"));
    assertEquals(200, ((Number) m.get("http")).intValue());
    assertEquals(12345L, ((Number) m.get("bytes")).longValue());
    assertEquals(1504L, ((Number) m.get("ms")).longValue());
    assertEquals(1, ((Number) m.get("attempts")).intValue());
    assertTrue(m.containsKey("error"));
    assertNull(m.get("error"));
  }

  @Test
  void jsonLineCarriesTheProtocolAndTheTextLineStaysSixFields() throws Exception {
    DownloadResult h2 = new DownloadResult(ENTRY, "http://h/a.jpg", Path.of("out", "a.jpg"), Status.OK,
        200, 12345, 1504, 1, null, "h2");
    assertEquals("h2", JSON.std.mapFrom(ResultFormat.JSON_LINES.render(h2)).get("protocol"));
    assertEquals(ResultFormat.TEXT.render(ok()), ResultFormat.TEXT.render(h2));
  }

  @Test
  void theDigestIsALastTextFieldOnlyInTheSha256FormatAndAJsonKeyAlways() throws Exception {
    String hex = "ab".repeat(32);
    DownloadResult r = new DownloadResult(ENTRY, "http://h/a.jpg", Path.of("out", "a.jpg"), Status.OK,
        200, 12345, 1504, 1, null, "h2", hex, DownloadResult.CHANGED);
    assertEquals(ResultFormat.TEXT.render(ok()), ResultFormat.TEXT.render(r));
    assertEquals(ResultFormat.TEXT.render(ok()) + "\t" + hex, ResultFormat.TEXT_WITH_SHA256.render(r));
    assertEquals(ResultFormat.TEXT.render(ok()) + "\t-", ResultFormat.TEXT_WITH_SHA256.render(ok()));
    Map<String, Object> m = JSON.std.mapFrom(ResultFormat.JSON_LINES.render(r));
    assertEquals(hex, m.get("sha256"));
    assertEquals("changed", m.get("refresh"));
    Map<String, Object> plain = JSON.std.mapFrom(ResultFormat.JSON_LINES.render(ok()));
    assertTrue(plain.containsKey("sha256") && plain.containsKey("refresh"));
    assertNull(plain.get("sha256"));
  }

  @Test
  void jsonLineForAFailureHasNullFileAndTheError() throws Exception {
    Map<String, Object> m = JSON.std.mapFrom(ResultFormat.JSON_LINES.render(failed("HTTP \"404\"\n")));
    assertEquals("failed", m.get("status"));
    assertTrue(m.containsKey("file"));
    assertNull(m.get("file"));
    assertEquals("HTTP \"404\"\n", m.get("error"), "quotes and newlines are escaped, not lost");
  }

  @Test
  void jsonHttpIsNullWhenNoResponseWasSeen() throws Exception {
    DownloadResult r = DownloadResult.withoutRequest(ENTRY, "http://h/a.jpg", Status.SKIPPED,
        "duplicate of an earlier entry");
    Map<String, Object> m = JSON.std.mapFrom(ResultFormat.JSON_LINES.render(r));
    assertTrue(m.containsKey("http"));
    assertNull(m.get("http"));
    assertTrue(m.containsKey("protocol"));
    assertNull(m.get("protocol"));
    assertEquals(0, ((Number) m.get("attempts")).intValue());
  }

  @Test
  void quietPrinterPrintsOnlyFailures() {
    StringWriter sw = new StringWriter();
    ResultPrinter p = new ResultPrinter(new PrintWriter(sw), ResultFormat.TEXT, true, () -> {});
    p.accept(ok());
    assertEquals("", sw.toString());
    p.accept(failed("HTTP 404"));
    assertTrue(sw.toString().startsWith("failed\t404\t"), sw.toString());
  }

  @Test
  void printerReportsAClosedOutputOnceAndThenStopsWriting() {
    AtomicBoolean closed = new AtomicBoolean();
    PrintWriter broken = new PrintWriter(new java.io.Writer() {
      @Override public void write(char[] c, int o, int l) throws java.io.IOException {
        throw new java.io.IOException("Broken pipe");
      }
      @Override public void flush() throws java.io.IOException {
        throw new java.io.IOException("Broken pipe");
      }
      @Override public void close() {}
    });
    ResultPrinter p = new ResultPrinter(broken, ResultFormat.TEXT, false, () -> {
      assertFalse(closed.getAndSet(true), "reported twice");
    });
    p.accept(ok());
    p.accept(ok());
    assertTrue(closed.get());
  }
}
