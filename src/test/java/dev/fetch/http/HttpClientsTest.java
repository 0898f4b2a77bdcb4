package dev.fetch.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The client a run gets: its pool, timeouts, redirects and retries, and runs that do not share a dispatcher. */
class HttpClientsTest {
  private static final HttpSettings SETTINGS = new HttpSettings(Duration.ofSeconds(7), Duration.ofSeconds(11),
      Duration.ofSeconds(13), "test-agent", List.of(), ProxyRules.NONE, false);

  private final List<HttpServer> servers = new ArrayList<>();
  private final ExecutorService pool = Executors.newCachedThreadPool();
  private final List<String> seen = new CopyOnWriteArrayList<>();

  @AfterEach
  void stop() {
    servers.forEach(s -> s.stop(0));
    pool.shutdownNow();
  }

  interface Handler {
    void handle(HttpExchange exchange) throws Exception;
  }

  private String serve(Handler handler) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    server.setExecutor(pool);
    server.createContext("/", exchange -> {
      seen.add(exchange.getRequestURI().getPath() + " " + exchange.getRequestHeaders().getFirst("Authorization"));
      try {
        handler.handle(exchange);
      } catch (Exception e) {
        exchange.sendResponseHeaders(500, -1);
      } finally {
        exchange.close();
      }
    });
    server.start();
    servers.add(server);
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private static void ok(HttpExchange exchange) throws IOException {
    byte[] body = "ok".getBytes(StandardCharsets.US_ASCII);
    exchange.sendResponseHeaders(200, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  private static String get(OkHttpClient client, String url, String... header) throws IOException {
    Request.Builder request = new Request.Builder().url(url);
    for (int i = 0; i < header.length; i += 2) {
      request.header(header[i], header[i + 1]);
    }
    try (Response response = client.newCall(request.build()).execute()) {
      return response.code() + " " + response.body().string();
    }
  }

  @Test
  void keepsOneIdleConnectionPerWorker() throws Exception {
    int workers = 8; // more than OkHttp's default of 5 idle connections
    CountDownLatch allInFlight = new CountDownLatch(workers);
    String base = serve(exchange -> {
      allInFlight.countDown();
      allInFlight.await(10, TimeUnit.SECONDS);
      ok(exchange);
    });
    OkHttpClient client = HttpClients.create(SETTINGS, workers);
    List<Future<String>> calls = new ArrayList<>();
    for (int i = 0; i < workers; i++) {
      calls.add(pool.submit(() -> get(client, base + "/a")));
    }
    for (Future<String> call : calls) {
      assertEquals("200 ok", call.get(20, TimeUnit.SECONDS));
    }
    assertEquals(0, allInFlight.getCount(), "all requests were in flight at once");
    assertEquals(workers, client.connectionPool().idleConnectionCount());
  }

  @Test
  void http11OnlyOffersNothingButHttp11() {
    HttpSettings http11 = new HttpSettings(Duration.ofSeconds(7), Duration.ofSeconds(11), Duration.ofSeconds(13),
        "test-agent", List.of(), ProxyRules.NONE, false, TlsTrust.PLATFORM, HttpVersion.HTTP_1_1);
    assertEquals(List.of(okhttp3.Protocol.HTTP_1_1), HttpClients.create(http11, 1).protocols());
    assertTrue(HttpClients.create(SETTINGS, 1).protocols().contains(okhttp3.Protocol.HTTP_2));
  }

  @Test
  void timeoutsComeFromTheSettings() {
    OkHttpClient client = HttpClients.create(SETTINGS, 1);
    assertEquals(7_000, client.connectTimeoutMillis());
    assertEquals(11_000, client.readTimeoutMillis());
    assertEquals(11_000, client.writeTimeoutMillis());
    assertEquals(13_000, client.callTimeoutMillis());
  }

  @Test
  void neverRepeatsARequestItself() throws Exception {
    // OkHttp would repeat a 503 with Retry-After: 0 at once; retries are fetch's own, counted.
    String base = serve(exchange -> {
      exchange.getResponseHeaders().set("Retry-After", "0");
      exchange.sendResponseHeaders(503, -1);
    });
    OkHttpClient client = HttpClients.create(SETTINGS, 1);
    try (Response response = client.newCall(new Request.Builder().url(base + "/busy").build()).execute()) {
      assertEquals(503, response.code());
      assertEquals("0", HttpClients.retryAfter(response));
    }
    assertEquals(List.of("/busy null"), seen);
    assertFalse(client.retryOnConnectionFailure());
  }

  @Test
  void followsRedirectsKeepingCredentialsToTheOrigin() throws Exception {
    String other = serve(HttpClientsTest::ok);
    String base = serve(exchange -> {
      String target = exchange.getRequestURI().getPath().equals("/away") ? other + "/there" : "/here";
      if (exchange.getRequestURI().getPath().equals("/here")) {
        ok(exchange);
        return;
      }
      exchange.getResponseHeaders().set("Location", target);
      exchange.sendResponseHeaders(302, -1);
    });
    OkHttpClient client = HttpClients.create(SETTINGS, 1);
    assertEquals("200 ok", get(client, base + "/near", "Authorization", "Bearer t"));
    assertEquals("200 ok", get(client, base + "/away", "Authorization", "Bearer t"));
    assertEquals(List.of("/near Bearer t", "/here Bearer t", "/away Bearer t", "/there null"), seen);
  }

  @Test
  void closingOneRunsClientLeavesTheNextRunsWorking() throws Exception {
    String base = serve(HttpClientsTest::ok);
    HttpClients.prewarm();
    OkHttpClient first = HttpClients.create(SETTINGS, 1);
    assertEquals("200 ok", get(first, base + "/first"));
    first.dispatcher().executorService().shutdown(); // as a closed run does
    first.connectionPool().evictAll();

    OkHttpClient second = HttpClients.create(SETTINGS, 1);
    CompletableFuture<String> async = new CompletableFuture<>();
    second.newCall(new Request.Builder().url(base + "/second").build()).enqueue(new Callback() {
      @Override
      public void onResponse(Call call, Response response) throws IOException {
        try (response) {
          async.complete(response.code() + " " + response.body().string());
        }
      }

      @Override
      public void onFailure(Call call, IOException e) {
        async.complete("failed: " + e);
      }
    });
    assertEquals("200 ok", async.get(20, TimeUnit.SECONDS));
    assertEquals("200 ok", get(second, base + "/second"));
  }
}
