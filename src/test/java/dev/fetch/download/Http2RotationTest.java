package dev.fetch.download;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fetch.FetchConfig;
import dev.fetch.Fetcher;
import dev.fetch.http.HttpVersion;
import dev.fetch.testing.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import okhttp3.Protocol;
import okhttp3.internal.http2.ErrorCode;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An HTTP/2 server that refuses streams or rotates its connections loses no download, even with
 * --retries 0: a request it refused unprocessed is sent again at once and costs no attempt.
 */
class Http2RotationTest {
  private static final int FILES = 24;
  private static final int GOAWAY_EVERY = 4;
  private static final byte[] IMAGE = TestImages.jpeg(2_000, 12);

  @TempDir Path dir;
  private final MockWebServer server = new MockWebServer();

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void refusedStreamsAreSentAgainWithoutCostingAnAttempt() throws Exception {
    // one download at a time, so that no request is refused twice in a row
    List<DownloadResult> results = downloadAll(1, n -> n % 3 == 0 ? new SocketEffect.CloseStream(ErrorCode.REFUSED_STREAM.getHttpCode()) : null, false);

    assertAllArrivedInOneAttempt(results);
  }

  @Test
  void aServerThatSendsGoawayEveryFewRequestsLosesNoDownload() throws Exception {
    List<DownloadResult> results = downloadAll(4, n -> null, true);

    assertAllArrivedInOneAttempt(results);
  }

  private static MockResponse image() {
    return new MockResponse.Builder().setHeader("Content-Type", "image/jpeg").body(new Buffer().write(IMAGE)).build();
  }

  /**
   * Serves h2c: stream n (from 1) starts with {@code refuse.apply(n)}'s socket effect, or gets an
   * image when that is null; with {@code goaway}, every GOAWAY_EVERY-th answer ends its connection. Returns the results, after checking that some streams were refused.
   */
  private List<DownloadResult> downloadAll(int threads, IntFunction<SocketEffect> refuse, boolean goaway) throws Exception {
    AtomicInteger streams = new AtomicInteger();
    AtomicInteger refused = new AtomicInteger();
    AtomicInteger dispatched = new AtomicInteger();
    server.setProtocols(List.of(Protocol.H2_PRIOR_KNOWLEDGE));
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse peek() {
        // asked as each stream starts, before the request is read
        SocketEffect effect = refuse.apply(streams.incrementAndGet());
        if (effect == null) {
          return image();
        }
        refused.incrementAndGet();
        return new MockResponse.Builder().onRequestStart(effect).build();
      }

      @Override
      public MockResponse dispatch(RecordedRequest request) {
        // after every GOAWAY_EVERY-th answer the connection goes away, as nginx's keepalive_requests does
        return dispatched.incrementAndGet() % GOAWAY_EVERY == 0 && goaway
            ? new MockResponse.Builder(image()).onResponseEnd(SocketEffect.ShutdownConnection.INSTANCE).build()
            : image();
      }
    });
    server.start();
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < FILES; i++) {
      lines.add(server.url("/img" + i + ".jpg").toString());
    }
    FetchConfig config = FetchConfig.builder().threads(threads).outputDir(dir).retries(0)
        .httpVersion(HttpVersion.H2_PRIOR_KNOWLEDGE).build();
    List<DownloadResult> results = new CopyOnWriteArrayList<>();
    try (Fetcher fetcher = Fetcher.create(config)) {
      fetcher.fetchLines(lines.iterator(), results::add);
    }
    assertTrue(refused.get() > 0 || goaway, "the server refused no stream");
    return results;
  }

  private void assertAllArrivedInOneAttempt(List<DownloadResult> results) throws Exception {
    assertEquals(FILES, results.size());
    for (DownloadResult r : results) {
      assertEquals(DownloadResult.Status.OK, r.status(), r.url() + ": " + r.error());
      assertEquals(1, r.attempts(), r.url());
      assertEquals("h2", r.protocol(), r.url());
      assertArrayEquals(IMAGE, Files.readAllBytes(r.file()));
    }
  }
}
