package dev.fetch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fetch.cli.CliFixtures.Outcome;
import com.sun.net.httpserver.HttpServer;
import dev.fetch.testing.TestImages;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One OkHttp client whose pool keeps a connection per worker: many downloads from one host reuse a
 * handful of connections. The JDK's HTTP server tells each request's remote address, so distinct
 * client ports are distinct TCP connections.
 */
class ConnectionReuseTest {
  private static final byte[] BODY = TestImages.jpeg(4096, 5);

  private HttpServer server;
  private ExecutorService executor;
  private final Set<InetSocketAddress> connections = ConcurrentHashMap.newKeySet();
  private final AtomicInteger requests = new AtomicInteger();

  @TempDir Path tmp;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
    executor = Executors.newFixedThreadPool(16);
    server.setExecutor(executor);
    server.createContext("/", exchange -> {
      connections.add(exchange.getRemoteAddress());
      requests.incrementAndGet();
      try (InputStream in = exchange.getRequestBody()) {
        in.readAllBytes();
      }
      exchange.getResponseHeaders().add("Content-Type", "image/jpeg");
      exchange.sendResponseHeaders(200, BODY.length);
      try (OutputStream os = exchange.getResponseBody()) {
        os.write(BODY);
      }
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
    executor.shutdownNow();
  }

  @Test
  void twoHundredDownloadsWithFourThreadsReuseAboutFourConnections() throws IOException {
    int n = 200;
    StringBuilder list = new StringBuilder();
    for (int i = 0; i < n; i++) {
      list.append("http://127.0.0.1:").append(server.getAddress().getPort())
          .append("/pics/").append(i).append(".jpg\n");
    }
    Path out = tmp.resolve("out");

    Outcome run = CliFixtures.runWithStdin(list.toString().getBytes(StandardCharsets.UTF_8),
        "-o", out.toString(), "-t", "4", "-f", "-");

    assertEquals(0, run.exit(), run::toString);
    assertEquals(n, requests.get());
    try (var files = Files.list(out)) {
      assertEquals(n, files.count());
    }
    assertTrue(connections.size() <= 8,
        "200 requests over " + connections.size() + " connections; expected about 4");
  }
}
