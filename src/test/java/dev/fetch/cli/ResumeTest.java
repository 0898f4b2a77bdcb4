package dev.fetch.cli;

import static dev.fetch.cli.CliFixtures.run;
import static dev.fetch.cli.CliFixtures.integer;
import static dev.fetch.testing.TestImages.jpeg;
import static dev.fetch.cli.CliFixtures.partFiles;
import static dev.fetch.cli.CliFixtures.text;
import static dev.fetch.cli.CliFixtures.tree;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fetch.cli.CliFixtures.Outcome;
import dev.fetch.testing.RawHttpServer;
import dev.fetch.testing.RawHttpServer.Exchange;
import dev.fetch.testing.RawHttpServer.Request;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** -c/--continue and in-run resumption: Range, If-Range, 200 instead of 206, 416, and .part clean-up. */
class ResumeTest {
  static final int SIZE = 100_000;
  static final int CUT = 40_000;

  @TempDir Path dir;
  Path out;
  final byte[] body = jpeg(SIZE, 42);
  RawHttpServer server;

  @BeforeEach
  void setUp() {
    out = dir.resolve("out");
  }

  @AfterEach
  void tearDown() {
    if (server != null) {
      server.close();
    }
  }

  /** Serves body, honouring "Range: bytes=N-" with a 206; extra headers on every answer. */
  static void serve(Request req, Exchange ex, byte[] body, Map<String, String> extra) throws IOException {
    Map<String, String> h = new LinkedHashMap<>(extra);
    h.put("Content-Type", "image/jpeg");
    String range = req.header("Range");
    if (range != null && range.startsWith("bytes=") && range.endsWith("-")) {
      int from = Integer.parseInt(range.substring(6, range.length() - 1));
      if (from >= body.length) {
        ex.respond(416, Map.of("Content-Range", "bytes */" + body.length), new byte[0]);
        return;
      }
      h.put("Content-Range", "bytes " + from + "-" + (body.length - 1) + "/" + body.length);
      ex.respond(206, h, Arrays.copyOfRange(body, from, body.length));
    } else {
      ex.respond(200, h, body);
    }
  }

  /** Sends the head of a full 200 and the first {@code cut} bytes, then closes. */
  static void cutShort(Exchange ex, byte[] body, int cut, Map<String, String> extra) throws IOException {
    Map<String, String> h = new LinkedHashMap<>(extra);
    h.put("Content-Type", "image/jpeg");
    h.put("Content-Length", "" + body.length);
    ex.head(200, h);
    ex.write(body, 0, cut);
    ex.close();
  }

  Path part() {
    return out.resolve("a.jpg.part");
  }

  @Test
  void continueKeepsThePartOfABrokenTransferAndResumesItNextRun() throws Exception {
    Map<String, String> ranges = Map.of("Accept-Ranges", "bytes", "ETag", "\"v1\"");
    server = new RawHttpServer((req, ex) -> {
      if (req.header("Range") == null) {
        cutShort(ex, body, CUT, ranges);
      } else {
        serve(req, ex, body, ranges);
      }
    });

    Outcome first = run("--json", "-c", "--retries", "0", "-o", out.toString(), server.url("/a.jpg"));

    assertEquals(1, first.exit(), first.toString());
    assertTrue(text(first.single(), "error").contains("truncated"), first.toString());
    assertEquals(List.of("a.jpg.part"), tree(out));
    assertArrayEquals(Arrays.copyOf(body, CUT), Files.readAllBytes(part()));

    Outcome second = run("--json", "-c", "-o", out.toString(), server.url("/a.jpg"));

    assertEquals(0, second.exit(), second.toString());
    List<Request> seen = server.requests();
    assertEquals(2, seen.size());
    assertNull(seen.get(0).header("Range"));
    assertEquals("bytes=" + CUT + "-", seen.get(1).header("Range"));
    assertEquals("\"v1\"", seen.get(1).header("If-Range"), "the version the .part holds");
    assertArrayEquals(body, Files.readAllBytes(out.resolve("a.jpg")));
    assertEquals(List.of("a.jpg"), tree(out));
    assertEquals(SIZE - CUT, integer(second.single(), "bytes"), "only the rest was downloaded");
  }

  /** .part files of failed downloads are kept with -c, whether or not the server said Accept-Ranges. */
  @Test
  void continueKeepsThePartEvenWithoutAcceptRanges() throws Exception {
    String date = "Wed, 21 Oct 2015 07:28:00 GMT";
    AtomicInteger n = new AtomicInteger();
    server = new RawHttpServer((req, ex) -> {
      if (n.incrementAndGet() == 1) {
        cutShort(ex, body, CUT, Map.of("Last-Modified", date));
      } else {
        serve(req, ex, body, Map.of("Last-Modified", date));
      }
    });

    Outcome first = run("--json", "-c", "--retries", "0", "-o", out.toString(), server.url("/a.jpg"));

    assertEquals(1, first.exit(), first.toString());
    assertEquals(List.of("a.jpg.part"), tree(out));
    assertArrayEquals(Arrays.copyOf(body, CUT), Files.readAllBytes(part()));

    Outcome second = run("--json", "-c", "-o", out.toString(), server.url("/a.jpg"));

    assertEquals(0, second.exit(), second.toString());
    assertEquals("bytes=" + CUT + "-", server.requests().get(1).header("Range"));
    assertEquals(date, server.requests().get(1).header("If-Range"));
    assertArrayEquals(body, Files.readAllBytes(out.resolve("a.jpg")));
    assertEquals(List.of("a.jpg"), tree(out));
  }

  @Test
  void aRetryAfterABrokenTransferResumesWithRangeAndIfRange() throws Exception {
    Map<String, String> validator = Map.of("Accept-Ranges", "bytes", "ETag", "\"v1\"");
    AtomicInteger n = new AtomicInteger();
    server = new RawHttpServer((req, ex) -> {
      if (n.incrementAndGet() == 1) {
        cutShort(ex, body, CUT, validator);
      } else {
        serve(req, ex, body, validator);
      }
    });

    Outcome r = run("--json", "-o", out.toString(), server.url("/a.jpg"));

    assertEquals(0, r.exit(), r.toString());
    List<Request> seen = server.requests();
    assertEquals(2, seen.size());
    assertEquals("bytes=" + CUT + "-", seen.get(1).header("Range"));
    assertEquals("\"v1\"", seen.get(1).header("If-Range"));
    assertArrayEquals(body, Files.readAllBytes(out.resolve("a.jpg")));
    assertEquals(List.of("a.jpg"), tree(out));
    Map<String, Object> j = r.single();
    assertEquals(2, integer(j, "attempts"));
    assertEquals(SIZE, integer(j, "bytes"));
  }

  @Test
  void aWeakEtagIsNoValidatorSoIfRangeUsesLastModified() throws Exception {
    String date = "Wed, 21 Oct 2015 07:28:00 GMT";
    Map<String, String> validator = Map.of("Accept-Ranges", "bytes", "ETag", "W/\"weak\"", "Last-Modified", date);
    AtomicInteger n = new AtomicInteger();
    server = new RawHttpServer((req, ex) -> {
      if (n.incrementAndGet() == 1) {
        cutShort(ex, body, CUT, validator);
      } else {
        serve(req, ex, body, validator);
      }
    });

    Outcome r = run("--json", "-o", out.toString(), server.url("/a.jpg"));

    assertEquals(0, r.exit(), r.toString());
    assertEquals(date, server.requests().get(1).header("If-Range"));
    assertArrayEquals(body, Files.readAllBytes(out.resolve("a.jpg")));
  }

  @Test
  void withoutAcceptRangesARetryStartsOverFromByteZero() throws Exception {
    AtomicInteger n = new AtomicInteger();
    server = new RawHttpServer((req, ex) -> {
      if (n.incrementAndGet() == 1) {
        cutShort(ex, body, CUT, Map.of());
      } else {
        ex.respond(200, Map.of("Content-Type", "image/jpeg"), body);
      }
    });

    Outcome r = run("--json", "-o", out.toString(), server.url("/a.jpg"));

    assertEquals(0, r.exit(), r.toString());
    assertEquals(2, server.requests().size());
    assertNull(server.requests().get(1).header("Range"));
    assertArrayEquals(body, Files.readAllBytes(out.resolve("a.jpg")));
  }

  @Test
  void aServerThatIgnoresRangeAndSends200RestartsCleanly() throws Exception {
    byte[] older = jpeg(SIZE, 999); // not a prefix of body: appending would corrupt the file
    AtomicInteger n = new AtomicInteger();
    server = new RawHttpServer((req, ex) -> {
      if (n.incrementAndGet() == 1) {
        cutShort(ex, older, CUT, Map.of("ETag", "\"v1\""));
      } else {
        ex.respond(200, Map.of("Content-Type", "image/jpeg", "ETag", "\"v1\""), body);
      }
    });
    keepPart();

    Outcome r = run("--json", "-c", "-o", out.toString(), server.url("/a.jpg"));

    assertEquals(0, r.exit(), r.toString());
    assertEquals("bytes=" + CUT + "-", server.requests().get(1).header("Range"));
    assertArrayEquals(body, Files.readAllBytes(out.resolve("a.jpg")));
    assertEquals(List.of("a.jpg"), tree(out));
  }

  @Test
  void aPartLongerThanTheFileGets416AndStartsOver() throws Exception {
    byte[] longer = jpeg(SIZE + 10_000, 1);
    Map<String, String> sameTag = Map.of("Accept-Ranges", "bytes", "ETag", "\"same\""); // a server that lies
    AtomicInteger n = new AtomicInteger();
    server = new RawHttpServer((req, ex) -> {
      if (n.incrementAndGet() == 1) {
        cutShort(ex, longer, SIZE + 5_000, sameTag);
      } else {
        serve(req, ex, body, sameTag);
      }
    });
    keepPart();

    Outcome r = run("--json", "-c", "-o", out.toString(), server.url("/a.jpg"));

    assertEquals(0, r.exit(), r.toString());
    List<Request> seen = server.requests().subList(1, server.requests().size());
    assertEquals(2, seen.size());
    assertEquals("bytes=" + (SIZE + 5_000) + "-", seen.get(0).header("Range"));
    assertNull(seen.get(1).header("Range"));
    assertArrayEquals(body, Files.readAllBytes(out.resolve("a.jpg")));
    assertEquals(List.of("a.jpg"), tree(out));
  }

  @Test
  void a206ForTheWrongRangeIsNotAppended() throws Exception {
    AtomicInteger n = new AtomicInteger();
    server = new RawHttpServer((req, ex) -> {
      if (n.incrementAndGet() == 1) {
        cutShort(ex, body, CUT, Map.of("ETag", "\"v1\""));
      } else if (req.header("Range") != null) {
        // claims to start at 0, not at CUT
        ex.respond(206, Map.of("Content-Type", "image/jpeg",
            "Content-Range", "bytes 0-" + (SIZE - 1) + "/" + SIZE), body);
      } else {
        ex.respond(200, Map.of("Content-Type", "image/jpeg"), body);
      }
    });
    keepPart();

    Outcome r = run("--json", "-c", "-o", out.toString(), server.url("/a.jpg"));

    assertEquals(0, r.exit(), r.toString());
    assertNotNull(server.requests().get(1).header("Range"), "the kept .part was offered for resuming");
    assertArrayEquals(body, Files.readAllBytes(out.resolve("a.jpg")));
    assertEquals(List.of("a.jpg"), tree(out));
  }

  @Test
  void withoutContinueTheFailedDownloadsPartIsRemoved() throws Exception {
    server = new RawHttpServer((req, ex) -> cutShort(ex, body, CUT, Map.of("Accept-Ranges", "bytes")));

    Outcome r = run("--json", "--retries", "0", "-o", out.toString(), server.url("/a.jpg"));

    assertEquals(1, r.exit(), r.toString());
    assertEquals(List.of(), tree(out));
  }

  @Test
  void withoutContinueAStalePartIsNotResumedAndIsGoneAfterwards() throws Exception {
    Files.createDirectories(out);
    Files.write(part(), Arrays.copyOf(body, CUT));
    Files.write(out.resolve("b.jpg.part"), Arrays.copyOf(body, CUT));
    server = new RawHttpServer((req, ex) -> {
      if (req.path().equals("/a.jpg")) {
        serve(req, ex, body, Map.of("Accept-Ranges", "bytes"));
      } else {
        ex.respond(404, Map.of(), new byte[0]);
      }
    });

    Outcome r = run("--json", "-o", out.toString(), server.url("/a.jpg"), server.url("/b.jpg"));

    assertEquals(1, r.exit(), r.toString());
    for (Request req : server.requests()) {
      assertNull(req.header("Range"), "no resume without -c");
    }
    assertArrayEquals(body, Files.readAllBytes(out.resolve("a.jpg")));
    assertEquals(List.of("a.jpg"), tree(out), "both stale .part files are gone");
  }

  /** First run of a test: the server's first answer is cut short, and -c keeps a.jpg.part with its record. */
  void keepPart() throws IOException {
    Outcome first = run("--json", "-c", "--any-type", "--retries", "0", "-o", out.toString(), server.url("/a.jpg"));
    assertEquals(1, first.exit(), first.toString());
    assertEquals(List.of("a.jpg.part"), tree(out), first.toString());
  }

  /** The issue: a .part left by one URL was completed with the tail of another URL under the same name. */
  @Test
  void aPartWrittenForAnotherUrlIsNeverJoinedToThisOne() throws Exception {
    byte[] first = jpeg(SIZE, 6);
    byte[] second = jpeg(SIZE, 5);
    server = new RawHttpServer((req, ex) -> {
      if (req.path().equals("/photo6.jpg")) {
        cutShort(ex, first, CUT, Map.of("Accept-Ranges", "bytes", "ETag", "\"six\""));
      } else {
        serve(req, ex, second, Map.of("Accept-Ranges", "bytes", "ETag", "\"five\"")); // ignores If-Range
      }
    });
    Outcome one = run("--json", "-c", "--retries", "0", "-o", out.toString(), server.url("/photo6.jpg") + " cover.jpg");
    assertEquals(List.of("cover.jpg.part"), tree(out), one.toString());

    Outcome two = run("--json", "-c", "-o", out.toString(), server.url("/photo5.jpg") + " cover.jpg");

    assertEquals(0, two.exit(), two.toString());
    assertNull(server.requests("/photo5.jpg").get(0).header("Range"), "another URL's bytes are not resumed");
    assertArrayEquals(second, Files.readAllBytes(out.resolve("cover.jpg")));
    assertEquals(List.of("cover.jpg"), tree(out));
  }

  /** The issue: a 5-byte .part holding "junk" became the start of a "downloaded" image. */
  @Test
  void aPartWithoutARecordIsNeverResumed() throws Exception {
    Files.createDirectories(out);
    Files.write(out.resolve("junk.jpg.part"), "junk\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    Files.write(out.resolve("prefix.jpg.part"), Arrays.copyOf(body, CUT)); // even the right bytes: unproven
    server = new RawHttpServer((req, ex) -> serve(req, ex, body, Map.of("Accept-Ranges", "bytes", "ETag", "\"v1\"")));

    Outcome r = run("--json", "-c", "-o", out.toString(), server.url("/junk.jpg"), server.url("/prefix.jpg"));

    assertEquals(0, r.exit(), r.toString());
    for (Request req : server.requests()) {
      assertNull(req.header("Range"), req.path());
    }
    assertArrayEquals(body, Files.readAllBytes(out.resolve("junk.jpg")));
    assertArrayEquals(body, Files.readAllBytes(out.resolve("prefix.jpg")));
    assertEquals(List.of("junk.jpg", "prefix.jpg"), tree(out));
  }

  @Test
  void aChangedEtagMakesTheServerSendItAllAndTheDownloadStartsOver() throws Exception {
    byte[] newer = jpeg(SIZE + 3_000, 77);
    AtomicInteger n = new AtomicInteger();
    server = new RawHttpServer((req, ex) -> {
      if (n.incrementAndGet() == 1) {
        cutShort(ex, body, CUT, Map.of("Accept-Ranges", "bytes", "ETag", "\"v1\""));
      } else if ("\"v2\"".equals(req.header("If-Range"))) {
        serve(req, ex, newer, Map.of("Accept-Ranges", "bytes", "ETag", "\"v2\""));
      } else { // If-Range names an older version: the whole new one, as RFC 9110 says
        ex.respond(200, Map.of("Content-Type", "image/jpeg", "ETag", "\"v2\""), newer);
      }
    });
    keepPart();

    Outcome r = run("--json", "-c", "-o", out.toString(), server.url("/a.jpg"));

    assertEquals(0, r.exit(), r.toString());
    assertEquals("\"v1\"", server.requests().get(1).header("If-Range"));
    assertArrayEquals(newer, Files.readAllBytes(out.resolve("a.jpg")));
    assertEquals(List.of("a.jpg"), tree(out));
  }

  @Test
  void aServerThatIgnoresIfRangeAndSendsTheRestOfANewVersionIsNotAppended() throws Exception {
    byte[] newer = jpeg(SIZE, 78);
    AtomicInteger n = new AtomicInteger();
    server = new RawHttpServer((req, ex) -> {
      if (n.incrementAndGet() == 1) {
        cutShort(ex, body, CUT, Map.of("Accept-Ranges", "bytes", "ETag", "\"v1\""));
      } else {
        serve(req, ex, newer, Map.of("Accept-Ranges", "bytes", "ETag", "\"v2\""));
      }
    });
    keepPart();

    Outcome r = run("--json", "-c", "-o", out.toString(), server.url("/a.jpg"));

    assertEquals(0, r.exit(), r.toString());
    List<Request> seen = server.requests();
    assertEquals(3, seen.size(), "the 206 of another version is dropped and the download starts over");
    assertNotNull(seen.get(1).header("Range"));
    assertNull(seen.get(2).header("Range"));
    assertArrayEquals(newer, Files.readAllBytes(out.resolve("a.jpg")));
  }

  @Test
  void withoutValidatorsAPartIsResumedWithinTheRunButNotByALaterRun() throws Exception {
    AtomicInteger n = new AtomicInteger();
    server = new RawHttpServer((req, ex) -> {
      int k = n.incrementAndGet();
      if (k == 1 || k == 3) { // the first answer of each run is cut short
        cutShort(ex, body, CUT, Map.of("Accept-Ranges", "bytes"));
      } else {
        serve(req, ex, body, Map.of("Accept-Ranges", "bytes"));
      }
    });

    Outcome within = run("--json", "-o", out.toString(), server.url("/a.jpg"));

    assertEquals(0, within.exit(), within.toString());
    assertEquals("bytes=" + CUT + "-", server.requests().get(1).header("Range"), "resumed within the run");
    assertNull(server.requests().get(1).header("If-Range"));
    assertArrayEquals(body, Files.readAllBytes(out.resolve("a.jpg")));

    Path later = dir.resolve("later");
    Outcome first = run("--json", "-c", "--retries", "0", "-o", later.toString(), server.url("/a.jpg"));
    assertEquals(List.of("a.jpg.part"), tree(later), first.toString());
    Outcome second = run("--json", "-c", "-o", later.toString(), server.url("/a.jpg"));

    assertEquals(0, second.exit(), second.toString());
    assertNull(server.requests().get(3).header("Range"), "nothing proves the .part is of today's version");
    assertArrayEquals(body, Files.readAllBytes(later.resolve("a.jpg")));
  }

  @Test
  void aResumedFileMustStillStartLikeAnImage() throws Exception {
    byte[] page = "junk\n<html><body>not an image, whatever the Content-Type says</body></html>\n"
        .repeat(50).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    AtomicInteger n = new AtomicInteger();
    server = new RawHttpServer((req, ex) -> {
      if (n.incrementAndGet() == 1) {
        cutShort(ex, page, CUT / 40, Map.of("Accept-Ranges", "bytes", "ETag", "\"p\""));
      } else {
        serve(req, ex, page, Map.of("Accept-Ranges", "bytes", "ETag", "\"p\""));
      }
    });
    keepPart(); // with --any-type: 1 000 bytes of text kept, with a record that matches

    Outcome r = run("--json", "-c", "-o", out.toString(), server.url("/a.jpg"));

    assertEquals(1, r.exit(), r.toString());
    assertTrue(text(r.single(), "error").startsWith("not an image"), r.toString());
    assertNull(server.requests().get(1).header("Range"), "a .part that is no image is not resumed");
    assertFalse(Files.exists(out.resolve("a.jpg")), "nothing saved under the final name");
  }

  @Test
  void continueLeavesNoPartWhenNoByteArrived() throws Exception {
    server = new RawHttpServer((req, ex) -> ex.respond(404, Map.of(), new byte[0]));

    Outcome r = run("--json", "-c", "-o", out.toString(), server.url("/a.jpg"));

    assertEquals(1, r.exit(), r.toString());
    assertEquals(List.of(), partFiles(out));
    assertFalse(Files.exists(out.resolve("a.jpg")));
  }
}
