package dev.fetch.download;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fetch.FetchConfig;
import dev.fetch.download.DownloadResult.Status;
import dev.fetch.http.HttpClients;
import dev.fetch.input.ListEntry;
import dev.fetch.testing.RawHttpServer;
import dev.fetch.testing.TestImages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One job driven turn by turn against a local server, as the scheduler drives it: each run() is one
 * attempt that ends in a result or in a wait before the next.
 */
class DownloadJobTest {
  static final byte[] IMAGE = TestImages.jpeg(40_000, 11);

  @TempDir Path dir;
  RawHttpServer server;
  OkHttpClient client;

  @AfterEach
  void tearDown() {
    if (server != null) {
      server.close();
    }
    if (client != null) {
      client.dispatcher().executorService().shutdown();
      client.connectionPool().evictAll();
    }
  }

  @Test
  void aGoodResponseEndsInOneOkResultWithTheFileOnDisk() throws IOException {
    server = new RawHttpServer((req, ex) -> ex.respond(200, Map.of("Content-Type", "image/jpeg"), IMAGE));
    DownloadJob job = job("/a.jpg", b -> {});

    DownloadResult result = done(job.run());

    assertEquals(Status.OK, result.status());
    assertEquals(dir.resolve("a.jpg"), result.file());
    assertEquals(IMAGE.length, result.bytes());
    assertEquals(1, result.attempts());
    assertArrayEquals(IMAGE, Files.readAllBytes(dir.resolve("a.jpg")));
    assertFalse(Files.exists(dir.resolve("a.jpg.part")));
    assertEquals(1, server.requests().size());
  }

  @Test
  void aBusyServerGivesAWaitOfItsRetryAfterThenTheNextTurnSucceeds() throws IOException {
    AtomicInteger calls = new AtomicInteger();
    server = new RawHttpServer((req, ex) -> {
      if (calls.incrementAndGet() == 1) {
        ex.respond(503, Map.of("Retry-After", "7"), new byte[0]);
      } else {
        ex.respond(200, Map.of("Content-Type", "image/jpeg"), IMAGE);
      }
    });
    DownloadJob job = job("/a.jpg", b -> b.retries(2));

    Step first = job.run();

    assertEquals(new Step.RetryAfter(Duration.ofSeconds(7)), first);
    assertFalse(Files.exists(dir.resolve("a.jpg")));
    assertEquals(1, server.requests().size(), "no request until the scheduler runs the job again");

    DownloadResult result = done(job.run());
    assertEquals(Status.OK, result.status());
    assertEquals(2, result.attempts());
    assertArrayEquals(IMAGE, Files.readAllBytes(dir.resolve("a.jpg")));
    assertEquals(2, server.requests().size());
  }

  @Test
  void aKeptPartRefusedWith416StartsOverAtOnceEvenWithoutRetries() throws IOException {
    Path part = Files.write(dir.resolve("a.jpg.part"), Arrays.copyOf(IMAGE, 1000));
    assertTrue(PartRecord.of(server("/a.jpg"), "\"v1\"").writeTo(part), "this file system keeps xattrs");
    DownloadJob job = job("/a.jpg", b -> b.retries(0).keepPartial(true));

    Step first = job.run();

    assertEquals(new Step.RetryAfter(Duration.ZERO), first);
    assertFalse(Files.exists(part), "the .part that does not fit is gone");
    DownloadResult result = done(job.run());
    assertEquals(Status.OK, result.status());
    assertArrayEquals(IMAGE, Files.readAllBytes(dir.resolve("a.jpg")));
    List<RawHttpServer.Request> seen = server.requests();
    assertEquals(2, seen.size());
    assertEquals("bytes=1000-", seen.get(0).header("Range"));
    assertEquals("\"v1\"", seen.get(0).header("If-Range"));
    assertNull(seen.get(1).header("Range"), "the restart asks for all of it");
  }

  @Test
  void aFinalFailureEndsInOneFailedResultAndNoFile() throws IOException {
    server = new RawHttpServer((req, ex) -> ex.respond(404, Map.of(), "gone".getBytes()));
    DownloadJob job = job("/a.jpg", b -> b.retries(3));

    DownloadResult result = done(job.run());

    assertEquals(Status.FAILED, result.status());
    assertEquals("HTTP 404", result.error());
    assertEquals(404, result.http());
    assertEquals(1, server.requests().size(), "a 404 is not retried");
    assertEquals(List.of(), listDir());
  }

  @Test
  void aFailureLeftAfterTheLastRetryEndsTheJob() throws IOException {
    server = new RawHttpServer((req, ex) -> ex.respond(500, Map.of(), new byte[0]));
    DownloadJob job = job("/a.jpg", b -> b.retries(1));

    assertInstanceOf(Step.RetryAfter.class, job.run());
    DownloadResult result = done(job.run());

    assertEquals(Status.FAILED, result.status());
    assertEquals("HTTP 500", result.error());
    assertEquals(2, result.attempts());
    assertEquals(2, server.requests().size());
  }

  /** A server that answers a Range request with 416 and any other with the whole image. */
  private String server(String path) throws IOException {
    server = new RawHttpServer((req, ex) -> {
      if (req.header("Range") != null) {
        ex.respond(416, Map.of("Content-Range", "bytes */" + IMAGE.length), new byte[0]);
      } else {
        ex.respond(200, Map.of("Content-Type", "image/jpeg", "ETag", "\"v2\""), IMAGE);
      }
    });
    return server.url(path);
  }

  private DownloadJob job(String path, Consumer<FetchConfig.Builder> options) {
    FetchConfig.Builder builder = FetchConfig.builder().outputDir(dir);
    options.accept(builder);
    FetchConfig config = builder.build();
    client = HttpClients.create(config.http(), config.threads());
    RunContext ctx = new RunContext(config, client, new TargetNamer(),
        new RetryPolicy(config.retries(), config.maxRetryWait()), new RunControl(), null,
        new HostGates(config.perHost()));
    ListEntry entry = ListEntry.of(1, "line 1", server.url(path), null);
    return new DownloadJob(entry, ctx.namer().plan(entry), ctx);
  }

  private static DownloadResult done(Step step) {
    return assertInstanceOf(Step.Done.class, step).result();
  }

  private List<String> listDir() throws IOException {
    try (var files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
