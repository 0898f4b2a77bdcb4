package dev.fetch.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fetch.cli.CliFixtures.Outcome;
import com.fasterxml.jackson.jr.ob.JSON;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.fetch.testing.ServerProbe;
import dev.fetch.testing.TestImages;
import dev.fetch.testing.UnwritableFolder;
import dev.fetch.testing.LocalServers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Whole runs through {@link Main#run} against a WireMock server. */
class DownloadTest {
  @RegisterExtension
  static final ServerProbe PROBE = new ServerProbe();

  @RegisterExtension
  static final WireMockExtension server = LocalServers.wireMock(PROBE);

  @TempDir Path tmp;
  Path out;

  @BeforeEach
  void setUp() {
    out = tmp.resolve("out");
  }

  static String url(String path) {
    return "http://127.0.0.1:" + server.getPort() + path;
  }

  static byte[] serve(String path, String contentType, byte[] body) {
    server.stubFor(get(urlPathEqualTo(path)).willReturn(
        aResponse().withStatus(200).withHeader("Content-Type", contentType).withBody(body)));
    return body;
  }

  static byte[] serveJpeg(String path, long seed) {
    return serve(path, "image/jpeg", TestImages.jpeg(1000 + (int) (seed * 997 % 20_000), seed));
  }

  static void serveStatus(String path, int status) {
    server.stubFor(get(urlPathEqualTo(path)).willReturn(
        aResponse().withStatus(status).withHeader("Content-Type", "text/html")
            .withBody("<html>error " + status + "</html>")));
  }

  private Outcome fetch(String... args) {
    return CliFixtures.run(args);
  }

  private String[] withOut(String... args) {
    return CliFixtures.args("-o", out, args);
  }

  private Path list(String... lines) throws IOException {
    return CliFixtures.writeList(tmp.resolve("urls.txt"), lines);
  }


  /** Files saved under their final names (not .part, not hidden) in {@code dir}. */
  static long finishedFiles(Path dir) {
    if (!Files.isDirectory(dir)) {
      return 0; // not made yet
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString())
          .filter(n -> !n.endsWith(".part") && !n.startsWith("."))
          .count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // ---------------------------------------------------------------- concurrency

  @Test
  void manyFilesAreDownloadedConcurrentlyWithTheRightBytesOnDisk() throws IOException {
    PROBE.holdUntilInFlight(2);
    int n = 50;
    List<byte[]> bodies = new ArrayList<>();
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      bodies.add(serveJpeg("/many/" + i + ".jpg", i + 1));
      lines.add(url("/many/" + i + ".jpg"));
    }
    Outcome run = fetch(withOut("-t", "8", "-f", list(lines.toArray(String[]::new)).toString()));

    assertEquals(0, run.exit(), run::toString);
    assertEquals(n, run.outLines().size(), run::toString);
    for (int i = 0; i < n; i++) {
      Path file = out.resolve(i + ".jpg");
      assertArrayEquals(bodies.get(i), Files.readAllBytes(file), file.toString());
      String[] f = run.fieldsFor("/many/" + i + ".jpg");
      assertEquals("ok", f[0]);
      assertEquals("200", f[1]);
      assertEquals(Integer.toString(bodies.get(i).length), f[2]);
      assertEquals(file.toString(), f[4]);
    }
    assertEquals(n, CliFixtures.fileNames(out).size(), "no .part or probe files left: " + CliFixtures.fileNames(out));
    assertEquals(n, PROBE.requests());
    assertTrue(PROBE.peakInFlight() >= 2, "downloads overlapped: peak " + PROBE.peakInFlight());
    assertEquals(1, run.errLines().size(), run::toString);
    assertTrue(run.err().startsWith("fetch: 50 entries: 50 ok, 0 skipped, 0 failed;"), run::toString);
  }

  @ParameterizedTest(name = "-t {0}")
  @ValueSource(ints = {1, 3})
  void threadsOptionIsAHardBoundOnRequestsInFlightAsSeenByTheServer(int threads) {
    PROBE.holdUntilInFlight(threads);
    PROBE.holdEveryResponse(20); // a request over the bound would arrive while these are held
    server.stubFor(get(urlPathMatching("/bound/.*")).willReturn(LocalServers.jpegResponse(TestImages.jpeg(2000, 7))));
    int n = threads == 1 ? 8 : 20;
    List<String> args = new ArrayList<>(List.of("-o", out.toString(), "-t", Integer.toString(threads)));
    for (int i = 0; i < n; i++) {
      args.add(url("/bound/" + i + ".jpg"));
    }
    Outcome run = fetch(args.toArray(String[]::new));

    assertEquals(0, run.exit(), run::toString);
    assertEquals(n, PROBE.requests());
    assertEquals(threads, PROBE.peakInFlight(), "peak requests in flight with -t " + threads);
  }

  @Test
  void defaultIsEightRequestsInFlight() {
    PROBE.holdUntilInFlight(8);
    PROBE.holdEveryResponse(20);
    server.stubFor(get(urlPathMatching("/default/.*")).willReturn(aResponse()
        .withHeader("Content-Type", "image/png").withBody(TestImages.png(500, 3))));
    List<String> args = new ArrayList<>(List.of("-o", out.toString()));
    for (int i = 0; i < 24; i++) {
      args.add(url("/default/" + i + ".png"));
    }
    Outcome run = fetch(args.toArray(String[]::new));

    assertEquals(0, run.exit(), run::toString);
    assertEquals(8, PROBE.peakInFlight());
    assertTrue(run.err().contains("with 8 threads"), run::toString);
  }

  // ---------------------------------------------------------------- naming

  @Test
  void collidingNamesAreNumberedInInputOrderNotFinishOrder() throws IOException {
    byte[] a = serveJpeg("/a/photo.jpg", 11);
    byte[] b = serveJpeg("/b/photo.jpg", 12);
    byte[] c = serveJpeg("/c/photo.jpg", 13);
    // The first entry's response is held until the other two are saved: it finishes last.
    PROBE.holdUntil("/a/photo.jpg", () -> finishedFiles(out) == 2);

    Outcome run = fetch(withOut("-t", "3",
        url("/a/photo.jpg"), url("/b/photo.jpg"), url("/c/photo.jpg")));

    assertEquals(0, run.exit(), run::toString);
    assertArrayEquals(a, Files.readAllBytes(out.resolve("photo.jpg")));
    assertArrayEquals(b, Files.readAllBytes(out.resolve("photo-1.jpg")));
    assertArrayEquals(c, Files.readAllBytes(out.resolve("photo-2.jpg")));
    assertEquals(out.resolve("photo.jpg").toString(), run.fieldsFor("/a/photo.jpg")[4]);
    assertEquals(List.of("photo-1.jpg", "photo-2.jpg", "photo.jpg"), CliFixtures.fileNames(out));
  }

  @Test
  void collidingExtensionlessNamesAreNumberedInInputOrderToo() throws IOException {
    byte[] x = serve("/x/pic", "image/png", TestImages.png(3000, 21));
    byte[] y = serve("/y/pic", "image/png", TestImages.png(3000, 22));
    PROBE.holdUntil("/x/pic", () -> finishedFiles(out) == 1);

    Outcome run = fetch(withOut("-t", "2", url("/x/pic"), url("/y/pic")));

    assertEquals(0, run.exit(), run::toString);
    assertArrayEquals(x, Files.readAllBytes(out.resolve("pic.png")));
    assertArrayEquals(y, Files.readAllBytes(out.resolve("pic-1.png")));
  }

  @Test
  void nameColumnChoosesTheFileNameAndIsSanitized() throws IOException {
    byte[] a = serveJpeg("/n/a.jpg", 31);
    byte[] b = serveJpeg("/n/b.jpg", 32);
    Outcome run = fetch(withOut("-f", list(
        url("/n/a.jpg") + "   my holiday photo.jpg",
        url("/n/b.jpg") + " ../../escape.jpg").toString()));

    assertEquals(0, run.exit(), run::toString);
    assertArrayEquals(a, Files.readAllBytes(out.resolve("my holiday photo.jpg")));
    assertArrayEquals(b, Files.readAllBytes(out.resolve("_.._escape.jpg")));
    assertFalse(Files.exists(tmp.resolve("escape.jpg")));
    assertEquals(List.of("_.._escape.jpg", "my holiday photo.jpg"), CliFixtures.fileNames(out));
  }

  @Test
  void sameUrlTwiceWithTheSameNameIsDownloadedOnce() throws IOException {
    byte[] a = serveJpeg("/dup/a.jpg", 41);
    Outcome run = fetch(withOut("-f", list(
        url("/dup/a.jpg"),
        url("/dup/a.jpg"),
        url("/dup/a.jpg") + " a.jpg",
        url("/dup/a.jpg") + " named.jpg",
        url("/dup/a.jpg") + " named.jpg").toString()));

    assertEquals(0, run.exit(), run::toString);
    assertEquals(2, PROBE.requests(), "one request per distinct (URL, file name)");
    assertArrayEquals(a, Files.readAllBytes(out.resolve("a.jpg")));
    assertArrayEquals(a, Files.readAllBytes(out.resolve("named.jpg")));
    assertEquals(List.of("a.jpg", "named.jpg"), CliFixtures.fileNames(out));
    List<String> lines = run.outLines();
    assertEquals(5, lines.size(), run::toString);
    assertEquals(2, lines.stream().filter(l -> l.startsWith("ok\t")).count(), run::toString);
    assertEquals(3, lines.stream().filter(l -> l.startsWith("skipped\t")
        && l.contains("duplicate")).count(), run::toString);
    assertTrue(run.err().contains("2 ok, 3 skipped, 0 failed"), run::toString);
  }

  @Test
  void extensionComesFromContentTypeWhenTheUrlHasNone() throws IOException {
    byte[] cat = serve("/img/cat", "image/png", TestImages.png(800, 51));
    byte[] dog = serve("/img/dog", "image/jpeg; charset=binary", TestImages.jpeg(800, 52));
    byte[] owl = serve("/img/owl", "image/webp", TestImages.webp(800, 53));
    // no usable Content-Type: the sniffed format names the extension
    byte[] bee = serve("/img/bee", "application/octet-stream", TestImages.gif(800, 54));

    Outcome run = fetch(withOut(url("/img/cat"), url("/img/dog"), url("/img/owl"), url("/img/bee")));

    assertEquals(0, run.exit(), run::toString);
    assertArrayEquals(cat, Files.readAllBytes(out.resolve("cat.png")));
    assertArrayEquals(dog, Files.readAllBytes(out.resolve("dog.jpg")));
    assertArrayEquals(owl, Files.readAllBytes(out.resolve("owl.webp")));
    assertArrayEquals(bee, Files.readAllBytes(out.resolve("bee.gif")));
    assertEquals(List.of("bee.gif", "cat.png", "dog.jpg", "owl.webp"), CliFixtures.fileNames(out));
    assertEquals(out.resolve("cat.png").toString(), run.fieldsFor("/img/cat")[4]);
  }

  @Test
  void urlWithoutPathIsSavedAsIndex() throws IOException {
    byte[] root = serve("/", "image/png", TestImages.png(500, 55));
    Outcome run = fetch(withOut(url("/")));
    assertEquals(0, run.exit(), run::toString);
    assertArrayEquals(root, Files.readAllBytes(out.resolve("index.png")));
  }

  // ---------------------------------------------------------------- failures

  @Test
  void httpErrorsAreFailuresThatLeaveNothingOnDisk() throws IOException {
    serveStatus("/err/missing.jpg", 404);
    serveStatus("/err/broken.jpg", 500);
    byte[] good = serveJpeg("/err/good.jpg", 61);

    Outcome run = fetch(withOut("--retries", "0",
        url("/err/missing.jpg"), url("/err/broken.jpg"), url("/err/good.jpg")));

    assertEquals(1, run.exit(), run::toString);
    String[] missing = run.fieldsFor("/err/missing.jpg");
    assertEquals("failed", missing[0]);
    assertEquals("404", missing[1]);
    assertEquals("0", missing[2]);
    assertEquals("HTTP 404", missing[4]);
    String[] broken = run.fieldsFor("/err/broken.jpg");
    assertEquals("failed", broken[0]);
    assertEquals("500", broken[1]);
    assertEquals("HTTP 500", broken[4]);
    assertEquals("ok", run.fieldsFor("/err/good.jpg")[0]);
    assertEquals(3, PROBE.requests(), "--retries 0: one request each");
    assertArrayEquals(good, Files.readAllBytes(out.resolve("good.jpg")));
    assertEquals(List.of("good.jpg"), CliFixtures.fileNames(out), "no missing.jpg, broken.jpg or their .part files");
    assertTrue(run.err().contains("3 entries: 1 ok, 0 skipped, 2 failed"), run::toString);
  }

  @Test
  void bodyThatIsNotAnImageFailsAndLeavesNothingUnlessAnyTypeIsGiven() throws IOException {
    byte[] html = "<!DOCTYPE html><html><body>hello</body></html>".getBytes(StandardCharsets.UTF_8);
    serve("/page/photo.jpg", "text/html", html);

    Outcome strict = fetch(withOut(url("/page/photo.jpg")));
    assertEquals(1, strict.exit(), strict::toString);
    String[] f = strict.fieldsFor("/page/photo.jpg");
    assertEquals("failed", f[0]);
    assertTrue(f[4].startsWith("not an image"), f[4]);
    assertEquals(List.of(), CliFixtures.fileNames(out));

    Outcome lenient = fetch(withOut("--any-type", url("/page/photo.jpg")));
    assertEquals(0, lenient.exit(), lenient::toString);
    assertArrayEquals(html, Files.readAllBytes(out.resolve("photo.jpg")));
  }

  @Test
  void invalidListLineIsAFailedResultNamingItsLineAndTheRunGoesOn() throws IOException {
    byte[] a = serveJpeg("/l/a.jpg", 71);
    byte[] b = serveJpeg("/l/b.jpg", 72);
    Outcome run = fetch(withOut("-f", list(
        "# my list",
        url("/l/a.jpg"),
        "not-a-url",
        "",
        url("/l/b.jpg")).toString()));

    assertEquals(1, run.exit(), run::toString);
    List<String> failed = run.outLines().stream().filter(l -> l.startsWith("failed\t")).toList();
    assertEquals(1, failed.size(), run::toString);
    assertTrue(failed.get(0).contains("line 3"), failed.get(0));
    assertTrue(failed.get(0).endsWith("\tnot-a-url"), failed.get(0));
    assertArrayEquals(a, Files.readAllBytes(out.resolve("a.jpg")));
    assertArrayEquals(b, Files.readAllBytes(out.resolve("b.jpg")));
    assertEquals(2, PROBE.requests());
  }

  // ---------------------------------------------------------------- existing files

  @Test
  void existingFileIsSkippedWithoutARequest() throws IOException {
    serveJpeg("/ex/a.jpg", 81);
    serve("/ex/cat", "image/png", TestImages.png(500, 82));
    Files.createDirectories(out);
    Files.writeString(out.resolve("a.jpg"), "old");
    Files.writeString(out.resolve("cat.png"), "old cat");

    Outcome run = fetch(withOut(url("/ex/a.jpg"), url("/ex/cat")));

    assertEquals(0, run.exit(), run::toString);
    assertEquals(0, PROBE.requests(), "no request for a file that is already there");
    assertEquals("old", Files.readString(out.resolve("a.jpg")));
    assertEquals("old cat", Files.readString(out.resolve("cat.png")));
    String[] f = run.fieldsFor("/ex/a.jpg");
    assertEquals("skipped", f[0]);
    assertEquals(out.resolve("a.jpg").toString(), f[4]);
    assertEquals("skipped", run.fieldsFor("/ex/cat")[0]);
    assertTrue(run.err().contains("0 ok, 2 skipped, 0 failed"), run::toString);
  }

  @Test
  void overwriteDownloadsAgainAndReplacesTheFile() throws IOException {
    byte[] fresh = serveJpeg("/ow/a.jpg", 91);
    Files.createDirectories(out);
    Files.writeString(out.resolve("a.jpg"), "old");

    Outcome run = fetch(withOut("--overwrite", url("/ow/a.jpg")));

    assertEquals(0, run.exit(), run::toString);
    assertEquals(1, PROBE.requests());
    assertArrayEquals(fresh, Files.readAllBytes(out.resolve("a.jpg")));
    assertEquals("ok", run.fieldsFor("/ow/a.jpg")[0]);
    assertEquals(List.of("a.jpg"), CliFixtures.fileNames(out));
  }

  @Test
  void secondRunSkipsWhatTheFirstDownloaded() {
    serveJpeg("/again/a.jpg", 95);
    assertEquals(0, fetch(withOut(url("/again/a.jpg"))).exit());
    Outcome second = fetch(withOut(url("/again/a.jpg")));
    assertEquals(0, second.exit(), second::toString);
    assertEquals("skipped", second.fieldsFor("/again/a.jpg")[0]);
    assertEquals(1, PROBE.requests());
  }

  // ---------------------------------------------------------------- input

  @Test
  void listFromStdinWithDash() throws IOException {
    byte[] a = serveJpeg("/in/a.jpg", 101);
    byte[] b = serveJpeg("/in/b.jpg", 102);
    String stdin = "# from a pipe\n" + url("/in/a.jpg") + "\n\n  " + url("/in/b.jpg") + "  renamed.jpg  \n";

    Outcome run = CliFixtures.runWithStdin(stdin.getBytes(StandardCharsets.UTF_8), withOut("-f", "-"));

    assertEquals(0, run.exit(), run::toString);
    assertArrayEquals(a, Files.readAllBytes(out.resolve("a.jpg")));
    assertArrayEquals(b, Files.readAllBytes(out.resolve("renamed.jpg")));
  }

  @Test
  void argumentsAndListCombineWithArgumentsFirst() throws IOException {
    byte[] fromArg = serveJpeg("/arg/same.jpg", 111);
    byte[] fromList = serveJpeg("/list/same.jpg", 112);
    PROBE.holdUntil("/arg/same.jpg", () -> finishedFiles(out) == 1);

    Outcome run = CliFixtures.runWithStdin((url("/list/same.jpg") + "\n").getBytes(StandardCharsets.UTF_8),
        withOut("-t", "2", "-f", "-", url("/arg/same.jpg")));

    assertEquals(0, run.exit(), run::toString);
    assertArrayEquals(fromArg, Files.readAllBytes(out.resolve("same.jpg")), "arguments come first");
    assertArrayEquals(fromList, Files.readAllBytes(out.resolve("same-1.jpg")));
  }

  @Test
  void outputDirIsCreatedWithItsParents() throws IOException {
    byte[] a = serveJpeg("/od/a.jpg", 121);
    Path deep = tmp.resolve("x/y/z");
    Outcome run = fetch("-o", deep.toString(), url("/od/a.jpg"));
    assertEquals(0, run.exit(), run::toString);
    assertArrayEquals(a, Files.readAllBytes(deep.resolve("a.jpg")));
  }

  @Test
  void outputDirThatCannotBeCreatedIsASetupErrorBeforeAnyRequest() throws IOException {
    serveJpeg("/od/a.jpg", 122);
    Path blocker = tmp.resolve("blocker");
    Files.writeString(blocker, "a regular file in the way");

    for (Path dir : List.of(blocker.resolve("sub"), blocker)) {
      Outcome run = fetch("-o", dir.toString(), url("/od/a.jpg"));
      assertEquals(2, run.exit(), run::toString);
      assertEquals("", run.out(), run::toString);
      assertEquals(1, run.errLines().size(), run::toString);
      assertTrue(run.err().startsWith("fetch: cannot write to output dir"), run::toString);
      assertNoStackTrace(run.err());
    }
    assertEquals(0, PROBE.requests(), "the server saw no request");
    assertEquals("a regular file in the way", Files.readString(blocker));
  }

  @Test
  void outputDirThatExistsButCannotBeWrittenIsASetupErrorBeforeAnyRequest() throws IOException {
    serveJpeg("/od/a.jpg", 123);
    Path dir = UnwritableFolder.under(tmp);
    Outcome run = fetch("-o", dir.toString(), url("/od/a.jpg"));
    assertEquals(2, run.exit(), run::toString);
    assertTrue(run.err().startsWith("fetch: cannot write to output dir"), run::toString);
    assertEquals(1, run.errLines().size(), run::toString);
    assertNoStackTrace(run.err());
    assertEquals(0, PROBE.requests(), "the server saw no request");
  }

  // ---------------------------------------------------------------- output formats

  @Test
  void textLinesAreTabSeparatedStatusHttpBytesSecondsPathUrl() {
    byte[] a = serveJpeg("/fmt/a.jpg", 131);
    Outcome run = fetch(withOut(url("/fmt/a.jpg")));
    assertEquals(0, run.exit(), run::toString);
    assertEquals(1, run.outLines().size());
    String[] f = run.outLines().get(0).split("\t", -1);
    assertEquals(6, f.length, run::toString);
    assertEquals("ok", f[0]);
    assertEquals("200", f[1]);
    assertEquals(Integer.toString(a.length), f[2]);
    assertTrue(f[3].matches("\\d+\\.\\d\\d"), f[3]);
    assertEquals(out.resolve("a.jpg").toString(), f[4]);
    assertEquals(url("/fmt/a.jpg"), f[5]);
    assertTrue(run.err().startsWith("fetch: 1 entry: 1 ok, 0 skipped, 0 failed;"), run::toString);
  }

  @Test
  void jsonLinesParseAndCarryEveryField() throws IOException {
    byte[] a = serveJpeg("/json/a.jpg", 141);
    serveStatus("/json/gone.jpg", 404);
    Outcome run = fetch(withOut("--json", url("/json/a.jpg"), url("/json/gone.jpg"), "nope"));

    assertEquals(1, run.exit(), run::toString);
    assertEquals(3, run.outLines().size(), run::toString);
    Map<String, Map<String, Object>> byUrl = new java.util.HashMap<>();
    for (String line : run.outLines()) {
      Map<String, Object> m = JSON.std.mapFrom(line);
      for (String key : List.of("url", "file", "status", "http", "bytes", "ms", "attempts", "error", "protocol")) {
        assertTrue(m.containsKey(key), key + " missing in " + line);
      }
      byUrl.put((String) m.get("url"), m);
    }
    Map<String, Object> ok = byUrl.get(url("/json/a.jpg"));
    assertEquals("ok", ok.get("status"));
    assertEquals(out.resolve("a.jpg").toString(), ok.get("file"));
    assertEquals(200, ((Number) ok.get("http")).intValue());
    assertEquals(a.length, ((Number) ok.get("bytes")).intValue());
    assertTrue(((Number) ok.get("ms")).longValue() >= 0);
    assertEquals(1, ((Number) ok.get("attempts")).intValue());
    assertNull(ok.get("error"));
    assertEquals("http/1.1", ok.get("protocol"));

    Map<String, Object> gone = byUrl.get(url("/json/gone.jpg"));
    assertEquals("failed", gone.get("status"));
    assertNull(gone.get("file"));
    assertEquals(404, ((Number) gone.get("http")).intValue());
    assertEquals("HTTP 404", gone.get("error"));

    Map<String, Object> nope = byUrl.get("nope");
    assertEquals("failed", nope.get("status"));
    assertNull(nope.get("http"));
    assertEquals(0, ((Number) nope.get("attempts")).intValue());
    assertNull(nope.get("protocol"), "no response, no protocol");
    assertTrue(((String) nope.get("error")).contains("argument 3"), nope.toString());
  }

  @Test
  void quietPrintsNothingAtAllWhenEverythingSucceeded() {
    serveJpeg("/q/a.jpg", 151);
    serveJpeg("/q/b.jpg", 152);
    Outcome run = fetch(withOut("-q", url("/q/a.jpg"), url("/q/b.jpg")));
    assertEquals(0, run.exit(), run::toString);
    assertEquals("", run.out());
    assertEquals("", run.err());
    assertTrue(Files.exists(out.resolve("a.jpg")));
  }

  @Test
  void quietStillPrintsTheFailureLine() {
    serveJpeg("/q/a.jpg", 153);
    serveStatus("/q/missing.jpg", 404);
    Outcome run = fetch(withOut("-q", url("/q/a.jpg"), url("/q/missing.jpg")));
    assertEquals(1, run.exit(), run::toString);
    assertEquals(1, run.outLines().size(), run::toString);
    assertTrue(run.outLines().get(0).startsWith("failed\t404\t"), run::toString);
    assertTrue(run.outLines().get(0).endsWith(url("/q/missing.jpg")), run::toString);
    assertTrue(run.err().contains("1 failed"), run::toString);
  }

  static void assertNoStackTrace(String err) {
    assertFalse(err.contains("Exception"), err);
    assertFalse(err.contains("\tat "), err);
    assertFalse(err.contains("at dev."), err);
  }
}
