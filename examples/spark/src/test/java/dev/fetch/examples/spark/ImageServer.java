package dev.fetch.examples.spark;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** A loopback server of distinct PNG images, {@code /img/N.png} for N in 0..count-1, that counts its requests. */
final class ImageServer implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService workers;
  private final int count;
  private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();

  private ImageServer(int count) throws IOException {
    this.count = count;
    AtomicInteger threads = new AtomicInteger();
    workers = Executors.newFixedThreadPool(32, r -> {
      Thread t = new Thread(r, "image-server-" + threads.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    server.createContext("/img/", this::serve);
    server.setExecutor(workers);
    server.start();
  }

  static ImageServer start(int count) throws IOException {
    return new ImageServer(count);
  }

  String url(int n) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/img/" + n + ".png";
  }

  /** The bytes of image N: a PNG signature, then 1 to 4 KiB that no other N has. */
  static byte[] image(int n) {
    Random random = new Random(n);
    byte[] bytes = new byte[8 + 1024 + random.nextInt(3072)];
    random.nextBytes(bytes);
    System.arraycopy(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, 0, bytes, 0, 8);
    return bytes;
  }

  /** Requests seen per path, e.g. {@code /img/7.png}. */
  Map<String, AtomicInteger> requests() {
    return requests;
  }

  int totalRequests() {
    return requests.values().stream().mapToInt(AtomicInteger::get).sum();
  }

  private void serve(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    requests.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
    int n = number(path);
    try (exchange) {
      if (n < 0 || n >= count) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      byte[] body = image(n);
      exchange.getResponseHeaders().set("Content-Type", "image/png");
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  private static int number(String path) {
    String name = path.substring("/img/".length());
    if (!name.endsWith(".png")) return -1;
    try {
      return Integer.parseInt(name.substring(0, name.length() - ".png".length()));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  @Override
  public void close() {
    server.stop(0);
    workers.shutdownNow();
  }
}
