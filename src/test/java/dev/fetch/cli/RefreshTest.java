package dev.fetch.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.fetch.cli.CliFixtures.partFiles;
import static dev.fetch.cli.CliFixtures.run;
import static dev.fetch.cli.CliFixtures.text;
import static dev.fetch.testing.TestImages.jpeg;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.fetch.cli.CliFixtures.Outcome;
import dev.fetch.testing.LocalServers;
import dev.fetch.testing.RawHttpServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** --refresh: Last-Modified as the file's time, the ETag kept, conditional GETs, 304, atomic replacement. */
class RefreshTest {
  @RegisterExtension
  static final WireMockExtension server = LocalServers.wireMock();

  static final byte[] V1 = jpeg(5_000, 1);
  static final byte[] V2 = jpeg(7_000, 2);
  static final String V1_DATE = "Wed, 21 Oct 2015 07:28:00 GMT";
  static final Instant V1_TIME = Instant.parse("2015-10-21T07:28:00Z");
  static final String V2_DATE = "Thu, 01 Feb 2024 10:00:00 GMT";
  static final Instant V2_TIME = Instant.parse("2024-02-01T10:00:00Z");

  @TempDir Path dir;
  Path out;
  Path file;

  @BeforeEach
  void setUp() {
    out = dir.resolve("out");
    file = out.resolve("a.jpg");
  }

  static String url(String path) {
    return "http://127.0.0.1:" + server.getPort() + path;
  }

  static ResponseDefinitionBuilder version(byte[] body, String etag, String lastModified) {
    return LocalServers.jpegResponse(body).withHeader("ETag", etag).withHeader("Last-Modified", lastModified);
  }

  /** Serves V1 (ETag "v1"), answers 304 to a request that names "v1" in If-None-Match. */
  static void serveV1HonouringConditions() {
    server.stubFor(get(urlPathEqualTo("/a.jpg")).atPriority(5).willReturn(version(V1, "\"v1\"", V1_DATE)));
    server.stubFor(get(urlPathEqualTo("/a.jpg")).atPriority(1)
        .withHeader("If-None-Match", equalTo("\"v1\""))
        .willReturn(aResponse().withStatus(304).withHeader("ETag", "\"v1\"")));
  }

  Outcome fetch(String... args) {
    return run(CliFixtures.args("--json", "-o", out, args));
  }

  List<LoggedRequest> requests() {
    return server.findAll(getRequestedFor(urlPathEqualTo("/a.jpg")));
  }

  @Test
  void aSavedFileTakesTheServersLastModifiedAsItsTime() throws Exception {
    serveV1HonouringConditions();

    Outcome o = fetch(url("/a.jpg"));

    assertEquals(0, o.exit(), o.toString());
    assertEquals(V1_TIME, Files.readAttributes(file, BasicFileAttributes.class).lastAccessTime().toInstant(),
        "the access time too (before anything reads the file), as curl -R and wget set it");
    assertArrayEquals(V1, Files.readAllBytes(file));
    assertEquals(V1_TIME, Files.getLastModifiedTime(file).toInstant());
    assertEquals(List.of("a.jpg"), CliFixtures.fileNames(out), "the ETag is in an attribute, not in a file");
  }

  @Test
  void refreshSendsTheSavedEtagAndTheFilesTimeAsConditions() throws Exception {
    serveV1HonouringConditions();
    fetch(url("/a.jpg"));

    Outcome o = fetch("--refresh", url("/a.jpg"));

    assertEquals(0, o.exit(), o.toString());
    List<LoggedRequest> all = requests();
    assertEquals(2, all.size());
    assertNull(all.get(0).getHeader("If-None-Match"), "the first download asks for no condition");
    assertEquals("\"v1\"", all.get(1).getHeader("If-None-Match"));
    assertEquals(V1_DATE, all.get(1).getHeader("If-Modified-Since"));
  }

  @Test
  void notModifiedLeavesTheFilesBytesAndTimeAsTheyWere() throws Exception {
    serveV1HonouringConditions();
    fetch(url("/a.jpg"));
    FileTime before = Files.getLastModifiedTime(file);

    Outcome o = fetch("--refresh", url("/a.jpg"));

    assertEquals(0, o.exit(), o.toString());
    Map<String, Object> r = o.single();
    assertEquals("skipped", r.get("status"));
    assertEquals(304, r.get("http"));
    assertEquals("not modified", r.get("error"));
    assertEquals("not modified", r.get("refresh"));
    assertEquals(file.toString(), text(r, "file"));
    assertArrayEquals(V1, Files.readAllBytes(file));
    assertEquals(before, Files.getLastModifiedTime(file));
  }

  @Test
  void withoutRefreshAFileThereIsSkippedWithNoRequest() throws Exception {
    serveV1HonouringConditions();
    fetch(url("/a.jpg"));

    Outcome o = fetch(url("/a.jpg"));

    assertEquals("exists", o.single().get("error"));
    assertEquals(1, requests().size());
  }

  @Test
  void aFileFetchDidNotSaveIsCheckedByItsTimeOnly() throws Exception {
    serveV1HonouringConditions();
    Files.createDirectories(out);
    Files.write(file, V1);
    Files.setLastModifiedTime(file, FileTime.from(V2_TIME));

    Outcome o = fetch("--refresh", url("/a.jpg"));

    assertEquals(0, o.exit(), o.toString());
    LoggedRequest request = requests().get(0);
    assertNull(request.getHeader("If-None-Match"), "no record proves which version the file holds");
    assertEquals(V2_DATE, request.getHeader("If-Modified-Since"));
  }

  @Test
  void aFileChangedSinceItWasSavedIsNotTakenForTheSavedEtag() throws Exception {
    serveV1HonouringConditions();
    fetch(url("/a.jpg"));
    Files.write(file, V2); // edited in place: its attribute stays, size and time no longer match the record

    Outcome o = fetch("--refresh", url("/a.jpg"));

    assertEquals(0, o.exit(), o.toString());
    assertNull(requests().get(1).getHeader("If-None-Match"));
    assertArrayEquals(V1, Files.readAllBytes(file), "the server's version replaced the edited file");
    assertEquals("changed", o.single().get("refresh"));
  }

  @Test
  void aNewVersionReplacesTheFileAndItsTime() throws Exception {
    serveV1HonouringConditions();
    fetch(url("/a.jpg"));
    server.resetAll();
    server.stubFor(get(urlPathEqualTo("/a.jpg")).willReturn(version(V2, "\"v2\"", V2_DATE)));

    Outcome o = fetch("--refresh", url("/a.jpg"));

    assertEquals(0, o.exit(), o.toString());
    Map<String, Object> r = o.single();
    assertEquals("ok", r.get("status"));
    assertEquals("changed", r.get("refresh"));
    assertArrayEquals(V2, Files.readAllBytes(file));
    assertEquals(V2_TIME, Files.getLastModifiedTime(file).toInstant());
    assertEquals(List.of(), partFiles(out));

    server.stubFor(get(urlPathEqualTo("/a.jpg")).atPriority(1).withHeader("If-None-Match", equalTo("\"v2\""))
        .willReturn(aResponse().withStatus(304)));
    assertEquals("not modified", fetch("--refresh", url("/a.jpg")).single().get("refresh"),
        "the new version's ETag was kept for the next run");
  }

  @Test
  void aServerThatIgnoresTheConditionsGivesTheSameBytesAndTheResultSaysUnchanged() throws Exception {
    server.stubFor(get(urlPathEqualTo("/a.jpg")).willReturn(LocalServers.jpegResponse(V1)));
    fetch(url("/a.jpg"));

    Outcome o = fetch("--refresh", url("/a.jpg"));

    assertEquals(0, o.exit(), o.toString());
    Map<String, Object> r = o.single();
    assertEquals("ok", r.get("status"));
    assertEquals("unchanged", r.get("refresh"));
    assertArrayEquals(V1, Files.readAllBytes(file));
    server.verify(1, getRequestedFor(urlPathEqualTo("/a.jpg")).withHeader("If-Modified-Since", matching(".+")));
  }

  @ParameterizedTest
  @ValueSource(ints = {404, 500, 200})
  void aFailedRefreshLeavesTheOldFileAsItWas(int status) throws Exception {
    serveV1HonouringConditions();
    fetch(url("/a.jpg"));
    FileTime before = Files.getLastModifiedTime(file);
    server.resetAll();
    // 200 here is an HTML page, which is not an image
    server.stubFor(get(urlPathEqualTo("/a.jpg")).willReturn(aResponse().withStatus(status)
        .withHeader("Content-Type", "text/html").withBody("<html>new</html>")));

    Outcome o = fetch("--refresh", "--retries", "0", url("/a.jpg"));

    assertEquals(1, o.exit(), o.toString());
    assertEquals("failed", o.single().get("status"));
    assertArrayEquals(V1, Files.readAllBytes(file));
    assertEquals(before, Files.getLastModifiedTime(file));
    assertEquals(List.of(), partFiles(out));
  }

  @Test
  void aRefreshCutShortLeavesTheOldFileAsItWas() throws Exception {
    Files.createDirectories(out);
    Files.write(file, V1);
    FileTime before = Files.getLastModifiedTime(file);
    try (RawHttpServer raw = new RawHttpServer((req, ex) -> {
      ex.head(200, Map.of("Content-Type", "image/jpeg", "Content-Length", "" + V2.length));
      ex.write(V2, 0, V2.length / 2);
      ex.close();
    })) {
      Outcome o = fetch("--refresh", "--retries", "1", raw.url("/a.jpg"));

      assertEquals(1, o.exit(), o.toString());
      assertEquals(2, raw.requests().size());
    }
    assertArrayEquals(V1, Files.readAllBytes(file));
    assertEquals(before, Files.getLastModifiedTime(file));
    assertEquals(List.of(), partFiles(out));
  }

  /** The new body comes slowly while a reader reads the file again and again: it is always one whole version. */
  @Test
  void theReplacementIsAtomicForAReaderPollingTheFile() throws Exception {
    Files.createDirectories(out);
    Files.write(file, V1);
    int pieces = 20;
    AtomicInteger served = new AtomicInteger();
    try (RawHttpServer raw = new RawHttpServer((req, ex) -> {
      ex.head(200, Map.of("Content-Type", "image/jpeg", "Content-Length", "" + V2.length));
      int step = V2.length / pieces;
      for (int at = 0; at < V2.length; at += step) {
        ex.write(V2, at, Math.min(step, V2.length - at));
        served.incrementAndGet();
        Thread.sleep(25);
      }
    })) {
      AtomicBoolean done = new AtomicBoolean();
      Set<String> seen = new LinkedHashSet<>(); // what the reader saw that it must not, each once
      AtomicBoolean overlapped = new AtomicBoolean();
      Thread reader = new Thread(() -> {
        while (!done.get()) {
          try {
            boolean serving = served.get() > 0;
            byte[] now = Files.readAllBytes(file);
            if (serving && Arrays.equals(now, V1)) {
              overlapped.set(true); // read while the new body was on its way
            }
            if (!Arrays.equals(now, V1) && !Arrays.equals(now, V2)) {
              seen.add("a file of " + now.length + " bytes that is neither version");
            }
          } catch (NoSuchFileException e) {
            seen.add("no file");
          } catch (Exception e) {
            seen.add(e.toString());
          }
        }
      }, "test-reader");
      reader.start();
      Outcome o = fetch("--refresh", raw.url("/a.jpg"));
      done.set(true);
      reader.join();

      assertEquals(0, o.exit(), o.toString());
      assertEquals(Set.of(), seen);
      assertTrue(overlapped.get(), "the reader read the old file while the new body came");
    }
    assertArrayEquals(V2, Files.readAllBytes(file));
  }

  @Test
  void refreshWithOverwriteIsAUsageError() {
    Outcome o = fetch("--refresh", "--overwrite", url("/a.jpg"));

    assertEquals(2, o.exit(), o.toString());
    assertEquals(1, o.errLines().size(), o.toString());
    assertTrue(o.err().startsWith("fetch: --refresh cannot be combined with --overwrite"), o.err());
    assertEquals(0, requests().size());
  }

  @Test
  void dryRunWithRefreshPlansTheFileThereAndRequestsNothing() throws Exception {
    Files.createDirectories(out);
    Files.write(file, V1);

    Outcome o = fetch("--refresh", "--dry-run", url("/a.jpg"));

    assertEquals(0, o.exit(), o.toString());
    assertEquals("planned", o.single().get("status"));
    assertEquals(file.toString(), text(o.single(), "file"));
    assertEquals(0, requests().size());
  }

  @Test
  void aLinkUnderTheNameIsNotRefreshed() throws Exception {
    serveV1HonouringConditions();
    Path outside = Files.write(dir.resolve("outside.txt"), "precious".getBytes(StandardCharsets.UTF_8));
    Files.createDirectories(out);
    Files.createSymbolicLink(file, outside);

    Outcome o = fetch("--refresh", url("/a.jpg"));

    assertEquals("exists", o.single().get("error"));
    assertTrue(Files.isSymbolicLink(file));
    assertEquals("precious", Files.readString(outside));
    assertEquals(0, requests().size());
    assertNotEquals(0, Files.size(outside));
    assertTrue(Files.exists(file, LinkOption.NOFOLLOW_LINKS));
  }
}
