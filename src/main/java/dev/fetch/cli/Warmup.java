package dev.fetch.cli;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;

/**
 * A training run for the launcher's start-up cache (AppCDS on JDK 17-24, the AOT cache on JDK 25+):
 * downloads a few dozen files from a server on loopback into a temporary folder, through the same
 * code path as a real run, so that the cache holds the classes a real run loads; then the same over
 * HTTPS ({@link TlsWarmup}). Prints nothing.
 * The launcher runs it in the background, once per installed launcher and JDK.
 */
final class Warmup {
  private static final int FILES = 40;

  private Warmup() {}

  public static void main(String[] args) throws Exception {
    byte[] jpeg = new byte[8192];
    jpeg[0] = (byte) 0xFF;
    jpeg[1] = (byte) 0xD8;
    jpeg[2] = (byte) 0xFF;
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    server.setExecutor(pool);
    server.createContext("/", exchange -> {
      String path = exchange.getRequestURI().getPath();
      int status = path.contains("missing") ? 404 : 200;
      byte[] body = status == 200 ? jpeg : "not found".getBytes(StandardCharsets.US_ASCII);
      exchange.getResponseHeaders().set("Content-Type", status == 200 ? "image/jpeg" : "text/plain");
      if (status == 200) {
        // as static servers send them: saving a file then sets its time and keeps its ETag
        exchange.getResponseHeaders().set("Last-Modified", "Wed, 21 Oct 2015 07:28:00 GMT");
        exchange.getResponseHeaders().set("ETag", "\"warmup\"");
      }
      exchange.sendResponseHeaders(status, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
    Path dir = Files.createTempDirectory("fetch-warmup-");
    try {
      String base = "http://127.0.0.1:" + server.getAddress().getPort() + "/";
      StringBuilder list = new StringBuilder("# warm-up list\n");
      for (int i = 0; i < FILES; i++) {
        list.append(base).append(i % 10 == 9 ? "missing" + i : "img" + i + (i % 3 == 0 ? "" : ".jpg"))
            .append(i % 4 == 0 ? " named" + i + ".jpg" : "").append('\n');
      }
      Path listFile = dir.resolve("list.txt");
      Files.writeString(listFile, list);
      StringWriter sink = new StringWriter();
      PrintWriter out = new PrintWriter(sink);
      Main.run(new String[] {"-f", listFile.toString(), "-o", dir.resolve("a").toString(), "-t", "4",
          "--retries", "0"}, System.in, out, out, Interruption.NONE);
      Main.run(new String[] {"-f", listFile.toString(), "-o", dir.resolve("b").toString(), "-t", "4",
          "--retries", "0", "--json", "-q"}, System.in, out, out, Interruption.NONE);
      TlsWarmup.run(dir, jpeg, out);
    } finally {
      server.stop(0);
      pool.shutdownNow();
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    System.exit(0);
  }
}
