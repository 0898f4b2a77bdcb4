package dev.fetch;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.fetch.download.DownloadResult;
import dev.fetch.download.DownloadResult.Status;
import dev.fetch.download.RunControl;
import dev.fetch.input.ListEntry;
import dev.fetch.testing.UnwritableFolder;
import dev.fetch.testing.RawHttpServer;
import dev.fetch.testing.TestImages;
import dev.fetch.testing.LocalServers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** fetch as a library: {@link Fetcher} with a {@link FetchConfig}, results as values. */
class FetcherLibraryTest {
  static final byte[] JPEG = TestImages.jpeg();
  static final byte[] PNG = TestImages.png();

  @RegisterExtension
  static WireMockExtension server = LocalServers.wireMock();

  @TempDir Path dir;

  @BeforeEach
  void stub() {
    // The first entry is the slowest, so it finishes last: results must still come back in input order.
    server.stubFor(get(urlEqualTo("/slow.jpg")).willReturn(aResponse().withFixedDelay(300)
        .withHeader("Content-Type", "image/jpeg").withBody(JPEG)));
    server.stubFor(get(urlEqualTo("/b.png")).willReturn(aResponse()
        .withHeader("Content-Type", "image/png").withBody(PNG)));
    server.stubFor(get(urlEqualTo("/page.html")).willReturn(aResponse()
        .withHeader("Content-Type", "text/html").withBody("<html>not an image</html>")));
    server.stubFor(get(urlEqualTo("/gone.jpg")).willReturn(aResponse().withStatus(404)));
  }

  private String url(String path) {
    return server.baseUrl() + path;
  }

  private Fetcher fetcher(Path out) throws IOException {
    return Fetcher.create(FetchConfig.builder().threads(4).outputDir(out).build());
  }

  @Test
  void fetchAllReturnsResultsInInputOrderWithStatusesAndFiles() throws Exception {
    Path out = dir.resolve("images");
    List<DownloadResult> results;
    try (Fetcher f = fetcher(out)) {
      results = f.fetchAll(List.of(url("/slow.jpg"), url("/b.png") + " named.png", "not a url"));
    }
    assertEquals(3, results.size());

    DownloadResult first = results.get(0);
    assertEquals(Status.OK, first.status());
    assertEquals(url("/slow.jpg"), first.url());
    assertEquals(out.resolve("slow.jpg"), first.file());
    assertEquals(200, first.http());
    assertEquals(JPEG.length, first.bytes());
    assertNull(first.error());
    assertArrayEquals(JPEG, Files.readAllBytes(out.resolve("slow.jpg")));

    DownloadResult second = results.get(1);
    assertEquals(Status.OK, second.status());
    assertEquals(out.resolve("named.png"), second.file(), "the NAME column names the file");
    assertArrayEquals(PNG, Files.readAllBytes(out.resolve("named.png")));

    DownloadResult third = results.get(2);
    assertEquals(Status.FAILED, third.status());
    assertTrue(third.failed());
    assertNull(third.file());
    assertEquals(0, third.attempts(), "no request for a line that is not a URL");
    assertTrue(third.error().contains("not an absolute http(s) URL"), third.error());

    assertEquals(List.of(1L, 2L, 3L), results.stream().map(DownloadResult::ordinal).toList());
    assertEquals(List.of("named.png", "slow.jpg"), names(out));
  }

  @Test
  void failuresAreResultsNotExceptions() throws Exception {
    List<DownloadResult> results;
    try (Fetcher f = fetcher(dir)) {
      results = f.fetchAll(List.of(url("/gone.jpg"), url("/page.html"), url("/b.png"), url("/b.png")));
    }
    assertEquals(List.of(Status.FAILED, Status.FAILED, Status.OK, Status.SKIPPED),
        results.stream().map(DownloadResult::status).toList());
    assertEquals(404, results.get(0).http());
    assertTrue(results.get(1).error().startsWith("not an image"), results.get(1).error());
    assertTrue(results.get(3).error().contains("duplicate"), results.get(3).error());
    assertEquals(List.of("b.png"), names(dir), "nothing else written, no .part files");
  }

  @Test
  void anyTypeKeepsBodiesThatAreNotImages() throws Exception {
    try (Fetcher f = Fetcher.create(FetchConfig.builder().outputDir(dir).anyType(true).build())) {
      List<DownloadResult> r = f.fetchAll(List.of(url("/page.html")));
      assertEquals(Status.OK, r.get(0).status(), String.valueOf(r.get(0).error()));
    }
    assertTrue(Files.exists(dir.resolve("page.html")));
  }

  @Test
  void oneFetcherServesSeveralBatchesAndSkipsWhatIsThere() throws Exception {
    try (Fetcher f = fetcher(dir)) {
      assertEquals(Status.OK, f.fetchAll(List.of(url("/b.png"))).get(0).status());
      assertEquals(Status.SKIPPED, f.fetchAll(List.of(url("/b.png"))).get(0).status());
      List<DownloadResult> third = new ArrayList<>();
      f.fetchLines(List.of(url("/slow.jpg")).iterator(), third::add);
      assertEquals(Status.OK, third.get(0).status());
    }
    server.verify(1, getRequestedFor(urlEqualTo("/b.png")));
  }

  @Test
  void fetchTakesListEntriesAndHandsEachResultToTheConsumerOnce() throws Exception {
    List<DownloadResult> seen = Collections.synchronizedList(new ArrayList<>());
    try (Fetcher f = fetcher(dir)) {
      f.fetch(List.of(
          ListEntry.of(1, "item 1", url("/slow.jpg"), "one.jpg"),
          ListEntry.of(2, "item 2", url("/b.png"), null)).iterator(), seen::add);
    }
    assertEquals(2, seen.size());
    assertTrue(seen.stream().allMatch(r -> r.status() == Status.OK), seen.toString());
    assertEquals(List.of("b.png", "one.jpg"), names(dir));
  }

  @Test
  void createMakesMissingOutputFolders() throws Exception {
    Path nested = dir.resolve("a/b/c");
    try (Fetcher f = fetcher(nested)) {
      assertEquals(nested, f.config().outputDir());
    }
    assertTrue(Files.isDirectory(nested));
    assertEquals(List.of(), names(nested), "the writability probe is removed");
  }

  @Test
  void unwritableOutputFolderMakesCreateThrowIOException() throws Exception {
    Path file = Files.writeString(dir.resolve("plain.txt"), "x");
    assertThrows(IOException.class, () -> fetcher(file), "output dir is a regular file");
    assertThrows(IOException.class, () -> fetcher(file.resolve("sub")), "output dir under a regular file");
    server.verify(0, getRequestedFor(urlPathMatching(".*")));
  }

  @Test
  void unwritableOutputFolderByPermissionsMakesCreateThrowIOException() throws Exception {
    Path readOnly = UnwritableFolder.under(dir);
    assertThrows(IOException.class, () -> fetcher(readOnly));
  }

  @Test
  void invalidConfigIsRejectedAtBuildWithAOneLineMessage() {
    for (Runnable bad : List.<Runnable>of(
        () -> FetchConfig.builder().threads(0).build(),
        () -> FetchConfig.builder().threads(FetchConfig.MAX_THREADS + 1).build(),
        () -> FetchConfig.builder().retries(-1).build(),
        () -> FetchConfig.builder().shard(3, 2).build(),
        () -> FetchConfig.builder().header("Bad Name", "x").build(),
        () -> FetchConfig.builder().userAgent("").build())) {
      FetchConfig.InvalidConfigException e = assertThrows(FetchConfig.InvalidConfigException.class, bad::run);
      assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }
  }

  @Test
  void cancelFromTheConsumerStopsTheRun() throws Exception {
    server.stubFor(get(urlPathMatching("/many/.*")).willReturn(aResponse().withFixedDelay(100)
        .withHeader("Content-Type", "image/jpeg").withBody(JPEG)));
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      lines.add(url("/many/" + i + ".jpg"));
    }
    try (Fetcher f = Fetcher.create(FetchConfig.builder().threads(2).outputDir(dir).build())) {
      f.fetchLines(lines.iterator(), r -> f.cancel());
      assertTrue(f.cancelled());
    }
    int requests = server.findAll(getRequestedFor(urlPathMatching("/many/.*"))).size();
    assertTrue(requests < 20, requests + " requests after a cancel on the first result");
    assertTrue(names(dir).stream().noneMatch(n -> n.endsWith(".part")), names(dir).toString());
  }

  @Test
  void transfersTellTheBytesStillToComeOfBodiesWithAKnownLength() throws Exception {
    byte[] sized = TestImages.jpeg(40_000, 1);
    byte[] chunked = TestImages.jpeg(30_000, 2);
    CountDownLatch rest = new CountDownLatch(1);
    Path out = dir.resolve("images");
    try (RawHttpServer raw = new RawHttpServer((req, ex) -> {
          if (req.path().equals("/sized.jpg")) {
            ex.head(200, Map.of("Content-Type", "image/jpeg", "Content-Length", "" + sized.length));
            ex.write(sized, 0, 10_000);
            rest.await();
            ex.write(sized, 10_000, sized.length - 10_000);
          } else {
            ex.head(200, Map.of("Content-Type", "image/jpeg", "Transfer-Encoding", "chunked"));
            ex.chunk(chunked, 0, 5_000);
            rest.await();
            ex.chunk(chunked, 5_000, chunked.length - 5_000);
            ex.endChunks();
          }
        });
        Fetcher f = fetcher(out)) {
      try {
        List<DownloadResult> results = Collections.synchronizedList(new ArrayList<>());
        Thread run = new Thread(() -> {
          try {
            results.addAll(f.fetchAll(List.of(raw.url("/sized.jpg"), raw.url("/chunked.jpg"))));
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
        run.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (f.bytesReceived() < 15_000 && System.nanoTime() < deadline) {
          Thread.sleep(10);
        }
        assertEquals(15_000, f.bytesReceived());
        assertEquals(new RunControl.Transfers(1, 30_000), f.transfers(), "only the body of known length counts");
        rest.countDown();
        run.join(TimeUnit.SECONDS.toMillis(20));
        assertEquals(2, results.size(), results.toString());
        assertArrayEquals(sized, Files.readAllBytes(out.resolve("sized.jpg")));
        assertArrayEquals(chunked, Files.readAllBytes(out.resolve("chunked.jpg")));
        assertEquals(new RunControl.Transfers(0, 0), f.transfers());
      } finally {
        rest.countDown(); // before the server closes, so that no handler is left waiting
      }
    }
  }

  private static List<String> names(Path d) throws IOException {
    try (var s = Files.list(d)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
