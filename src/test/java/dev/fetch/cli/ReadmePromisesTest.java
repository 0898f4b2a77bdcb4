package dev.fetch.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.fetch.cli.CliFixtures.Outcome;
import dev.fetch.testing.RawHttpServer;
import dev.fetch.testing.TestImages;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** README promises that had no test of their own, run in-process against a local server. */
class ReadmePromisesTest {
  static final Map<String, String> JPEG_TYPE = Map.of("Content-Type", "image/jpeg");

  @TempDir Path dir;
  RawHttpServer server;

  @AfterEach
  void closeServer() {
    if (server != null) {
      server.close();
    }
  }

  /** Serves {@code TestImages.jpeg(size, seed)} with the path's hash as seed, for any path. */
  RawHttpServer imageServer(int size) throws IOException {
    return new RawHttpServer((req, ex) -> ex.respond(200, JPEG_TYPE, body(req.path(), size)));
  }

  static byte[] body(String path, int size) {
    return TestImages.jpeg(size, path.hashCode());
  }

  static List<Map<String, Object>> json(Outcome o) throws IOException {
    List<Map<String, Object>> all = new ArrayList<>();
    for (String line : o.outLines()) {
      all.add(JSON.std.mapFrom(line));
    }
    return all;
  }

  /** url → origin, from the --json result lines. */
  static Map<String, Object> origins(Outcome o) throws IOException {
    Map<String, Object> byUrl = new HashMap<>();
    json(o).forEach(j -> byUrl.put((String) j.get("url"), j.get("origin")));
    return byUrl;
  }

  @Test
  void noSyncStillSavesEveryFileWholeUnderItsFinalName() throws Exception {
    server = imageServer(150_000);
    Path out = dir.resolve("out");
    List<String> names = List.of("a.jpg", "b.jpg", "c.jpg");
    List<String> args = new ArrayList<>(List.of("--no-sync", "-o", out.toString()));
    names.forEach(n -> args.add(server.url("/" + n)));

    Outcome o = CliFixtures.run(args.toArray(String[]::new));

    assertEquals(0, o.exit(), o.toString());
    assertEquals(names, CliFixtures.fileNames(out), "every file, no .part left");
    for (String n : names) {
      assertArrayEquals(body("/" + n, 150_000), Files.readAllBytes(out.resolve(n)), n);
    }
  }

  @Test
  void jsonOriginNamesTheArgumentOrTheLine() throws Exception {
    server = imageServer(500);
    Path list = CliFixtures.writeList(dir.resolve("urls.txt"), List.of(
        "# six lines before the entry", "", "# …", "", "", "", server.url("/from-list.jpg")));

    Outcome o = CliFixtures.run("--json", "-o", dir.resolve("out").toString(), "-f", list.toString(),
        server.url("/first-arg.jpg"), server.url("/second-arg.jpg"));

    assertEquals(0, o.exit(), o.toString());
    assertEquals(Map.of(
        server.url("/first-arg.jpg"), "argument 1",
        server.url("/second-arg.jpg"), "argument 2",
        server.url("/from-list.jpg"), "line 7"), origins(o), o.toString());
  }

  @Test
  void jsonOriginNamesTheListWhenThereAreSeveral() throws Exception {
    server = imageServer(500);
    List<String> padding = List.of("# a", "# b", "", "# c", "", "# d");
    List<String> a = new ArrayList<>(padding);
    a.add(server.url("/a7.jpg"));
    List<String> b = new ArrayList<>(List.of(server.url("/b1.jpg")));
    Path aList = CliFixtures.writeList(dir.resolve("a.txt"), a);
    Path bList = CliFixtures.writeList(dir.resolve("b.txt"), b);

    Outcome o = CliFixtures.run("--json", "-o", dir.resolve("out").toString(),
        "-f", aList.toString(), "-f", bList.toString());

    assertEquals(0, o.exit(), o.toString());
    assertEquals(Map.of(server.url("/a7.jpg"), aList + " line 7", server.url("/b1.jpg"), bList + " line 1"),
        origins(o), o.toString());
  }

  @Test
  void a503PausesTheOtherDownloadsToThatHostButNotToOthers() throws Exception {
    AtomicInteger busyAnswers = new AtomicInteger();
    server = new RawHttpServer((req, ex) -> {
      if (req.path().equals("/busy.jpg") && busyAnswers.getAndIncrement() == 0) {
        ex.respond(503, Map.of("Retry-After", "2"), new byte[0]);
      } else {
        ex.respond(200, JPEG_TYPE, body(req.path(), 500));
      }
    });
    String otherHost = "http://localhost:" + server.port();

    // one worker, in this order: the 503, then another download to that host, then one to another host
    Outcome o = CliFixtures.run("-t", "1", "-o", dir.resolve("out").toString(),
        server.url("/busy.jpg"), server.url("/same-host.jpg"), otherHost + "/other-host.jpg");

    assertEquals(0, o.exit(), o.toString());
    assertEquals(List.of("busy.jpg", "other-host.jpg", "same-host.jpg"), CliFixtures.fileNames(dir.resolve("out")));
    List<RawHttpServer.Request> seen = server.requests();
    List<String> order = seen.stream().map(RawHttpServer.Request::path).toList();
    assertEquals("/busy.jpg", order.get(0), order.toString());
    assertEquals("/other-host.jpg", order.get(1), "the other host is not paused: " + order);
    long pausedMillis = TimeUnit.NANOSECONDS.toMillis(
        server.requests("/same-host.jpg").get(0).nanos() - seen.get(0).nanos());
    assertTrue(pausedMillis >= 2_000, "the same host waited for Retry-After: 2, but only " + pausedMillis + " ms");
  }

  /** Answers with a JPEG of 10 KB, 1 KB every 200 ms: about 2 s in all, never silent for long. */
  RawHttpServer dribblingServer(byte[] image) throws IOException {
    return new RawHttpServer((req, ex) -> {
      ex.head(200, Map.of("Content-Type", "image/jpeg", "Content-Length", "" + image.length));
      for (int off = 0; off < image.length; off += 1_000) {
        ex.write(image, off, Math.min(1_000, image.length - off));
        Thread.sleep(200);
      }
    });
  }

  @Test
  void timeoutZeroPutsNoLimitOnTheWholeTransfer() throws Exception {
    byte[] image = TestImages.jpeg(10_000, 7);
    server = dribblingServer(image);
    Path out = dir.resolve("out");

    Outcome unlimited = CliFixtures.run("--timeout", "0", "--read-timeout", "5", "--retries", "0",
        "-o", out.toString(), server.url("/slow.jpg"));
    Outcome limited = CliFixtures.run("--timeout", "1", "--read-timeout", "5", "--retries", "0",
        "-o", out.toString(), server.url("/slower.jpg"));

    assertEquals(0, unlimited.exit(), unlimited.toString());
    assertArrayEquals(image, Files.readAllBytes(out.resolve("slow.jpg")));
    assertEquals(1, limited.exit(), "the same transfer is longer than --timeout 1: " + limited);
    assertTrue(limited.out().contains("timed out"), limited.toString());
  }

  @Test
  void maxSizeZeroPutsNoLimitOnTheFileSize() throws Exception {
    server = imageServer(3_000_000);
    Path out = dir.resolve("out");

    Outcome unlimited = CliFixtures.run("--max-size", "0", "-o", out.toString(), server.url("/big.jpg"));
    Outcome limited = CliFixtures.run("--max-size", "1M", "--retries", "0", "-o", out.toString(),
        server.url("/too-big.jpg"));

    assertEquals(0, unlimited.exit(), unlimited.toString());
    assertArrayEquals(body("/big.jpg", 3_000_000), Files.readAllBytes(out.resolve("big.jpg")));
    assertEquals(1, limited.exit(), "the same size is over --max-size 1M: " + limited);
    assertTrue(limited.out().contains("too large"), limited.toString());
    assertFalse(Files.exists(out.resolve("too-big.jpg")));
  }

  @Test
  void summaryOnATerminalListsTheFirstTwentyFailuresWhenResultsGoElsewhere() throws Exception {
    server = new RawHttpServer((req, ex) -> ex.respond(404, Map.of(), new byte[0]));
    List<String> args = new ArrayList<>(List.of("-t", "1", "--retries", "0", "--no-progress",
        "-o", dir.resolve("out").toString()));
    for (int i = 1; i <= 25; i++) {
      args.add(server.url("/gone" + i + ".jpg"));
    }
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();

    // stderr a terminal, stdout not: as with fetch -f list > results.txt
    int exit = Main.run(args.toArray(String[]::new), new ByteArrayInputStream(new byte[0]),
        new PrintWriter(out), new PrintWriter(err), Map.of(), true, false, Interruption.NONE);

    assertEquals(1, exit, err.toString());
    assertEquals(25, out.toString().lines().count(), "every result line on stdout");
    List<String> listed = err.toString().lines().filter(l -> l.startsWith("  failed: ")).toList();
    List<String> expected = new ArrayList<>();
    for (int i = 1; i <= 20; i++) {
      expected.add("  failed: " + server.url("/gone" + i + ".jpg") + ": HTTP 404");
    }
    assertEquals(expected, listed, err.toString());
    assertTrue(err.toString().lines().anyMatch(l -> l.equals("  … and 5 more")), err.toString());
  }

  @Test
  void logFileRecordsAFailureWithItsReasonAndAttemptsWhateverQuietSays() throws Exception {
    server = new RawHttpServer((req, ex) -> ex.respond(503, Map.of("Retry-After", "0"), new byte[0]));
    Path log = dir.resolve("run.log");

    Outcome o = CliFixtures.run("-q", "--retries", "1", "--log-file", log.toString(),
        "-o", dir.resolve("out").toString(), server.url("/down.jpg"));

    assertEquals(1, o.exit(), o.toString());
    assertEquals(2, server.requests("/down.jpg").size(), "one retry");
    List<String> failures = Files.readAllLines(log, StandardCharsets.UTF_8).stream()
        .filter(l -> l.contains("failed\t503\t0\t") && l.endsWith("\tHTTP 503 (2 attempts)\t" + server.url("/down.jpg")))
        .toList();
    assertEquals(1, failures.size(), Files.readString(log));
  }
}
