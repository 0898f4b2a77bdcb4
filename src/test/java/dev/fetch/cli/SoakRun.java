package dev.fetch.cli;

import static dev.fetch.testing.TestImages.jpeg;
import static dev.fetch.cli.CliFixtures.text;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fetch.cli.CliFixtures.Outcome;
import dev.fetch.testing.RawHttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Soak: 20 000 URLs against a local raw HTTP server, about 10 % of them faulty (reset, 503, body cut
 * short, reset in the middle of the body), the fault chosen per URL by a hash so that every run is the
 * same. Not part of "mvn verify" (the class name matches no default test pattern); run it with
 *
 * <pre>mvn -B -Psoak test</pre>
 *
 * <p>Knobs (system properties): soak.urls (20000), soak.threads (16), soak.retries (0), soak.pct (10,
 * the share of faulty URLs in percent), soak.no503 (false: turns the 503 faults into good URLs; every
 * 503 pauses the host for the backoff, which dominates the wall time). Figures go to stdout and to
 * target/soak-figures.txt.
 *
 * <p>Checks: every good file is on disk with the right bytes, the failures are exactly the faulty URLs
 * (faults persist, so retries cannot mend them), no .part is left, no "fetch-" thread outlives the
 * run, the process has no more open file descriptors than before; then the --failed list, once the
 * server heals, downloads exactly the faulty URLs.
 */
@Tag("soak")
class SoakRun {
  static final int URLS = Integer.getInteger("soak.urls", 20_000);
  static final int THREADS = Integer.getInteger("soak.threads", 16);
  static final int RETRIES = Integer.getInteger("soak.retries", 0);

  enum Fault { NONE, RESET, UNAVAILABLE, TRUNCATED, RESET_MID_BODY }

  static long mix(long x) {
    x ^= x >>> 33;
    x *= 0xff51afd7ed558ccdL;
    x ^= x >>> 33;
    x *= 0xc4ceb9fe1a85ec53L;
    x ^= x >>> 33;
    return x;
  }

  static Fault faultOf(int i) {
    long h = mix(i * 0x9E3779B97F4A7C15L + 12345);
    if (Math.floorMod(h, 100) >= Integer.getInteger("soak.pct", 10)) {
      return Fault.NONE;
    }
    Fault f = Fault.values()[1 + (int) Math.floorMod(h >>> 20, 4)];
    return Boolean.getBoolean("soak.no503") && f == Fault.UNAVAILABLE ? Fault.NONE : f;
  }

  static byte[] bodyOf(int i) {
    return jpeg(512 + (int) Math.floorMod(mix(i), 8_000), i);
  }

  @TempDir Path dir;
  volatile boolean healed;

  @Test
  void twentyThousandUrlsWithTenPercentFaults() throws Exception {
    try (RawHttpServer server = new RawHttpServer((req, ex) -> {
      String p = req.path();
      int i = Integer.parseInt(p.substring(p.lastIndexOf('/') + 1, p.indexOf(".jpg")));
      byte[] body = bodyOf(i);
      Fault f = healed ? Fault.NONE : faultOf(i);
      switch (f) {
        case NONE -> ex.respond(200, Map.of("Content-Type", "image/jpeg"), body);
        case RESET -> ex.reset();
        case UNAVAILABLE -> ex.respond(503, Map.of("Content-Type", "text/plain"), "busy".getBytes());
        case TRUNCATED -> {
          ex.head(200, Map.of("Content-Type", "image/jpeg", "Content-Length", "" + body.length));
          ex.write(body, 0, body.length / 2);
          ex.close();
        }
        case RESET_MID_BODY -> {
          ex.head(200, Map.of("Content-Type", "image/jpeg", "Content-Length", "" + body.length));
          ex.write(body, 0, body.length / 2);
          ex.reset();
        }
      }
    })) {
      Path list = dir.resolve("list.txt");
      Set<String> faulty = new TreeSet<>();
      Map<Fault, Integer> byFault = new java.util.EnumMap<>(Fault.class);
      try (var w = Files.newBufferedWriter(list)) {
        for (int i = 0; i < URLS; i++) {
          String url = server.url("/img/" + i + ".jpg");
          w.write(url);
          w.newLine();
          Fault f = faultOf(i);
          byFault.merge(f, 1, Integer::sum);
          if (f != Fault.NONE) {
            faulty.add(url);
          }
        }
      }
      Path out = dir.resolve("out");
      Path failed = dir.resolve("failed.txt");
      warmUp(server);
      int fdsBefore = openFds();
      Set<String> threadsBefore = fetchThreads();

      long t0 = System.nanoTime();
      Outcome r = CliFixtures.run("--json", "-t", "" + THREADS, "--retries", "" + RETRIES,
          "--failed", failed.toString(), "-f", list.toString(), "-o", out.toString());
      long wallMillis = (System.nanoTime() - t0) / 1_000_000;
      int requests = server.requests().size();

      // results: exactly the faulty URLs failed, every other one is on disk, whole
      Set<String> failedUrls = new TreeSet<>();
      int ok = 0;
      for (Map<String, Object> j : r.json()) {
        switch (text(j, "status")) {
          case "ok" -> ok++;
          case "failed" -> failedUrls.add(text(j, "url"));
          default -> throw new AssertionError("unexpected " + j);
        }
      }
      assertEquals(URLS, r.json().size(), "one result line per URL");
      assertEquals(faulty, failedUrls, "the failures are exactly the faulty URLs");
      assertEquals(URLS - faulty.size(), ok);
      assertEquals(faulty.isEmpty() ? 0 : 1, r.exit());
      int checked = 0;
      try (Stream<Path> files = Files.list(out)) {
        for (Path f : (Iterable<Path>) files::iterator) {
          String name = f.getFileName().toString();
          assertTrue(name.endsWith(".jpg") && !name.endsWith(".part"), name);
          int i = Integer.parseInt(name.substring(0, name.length() - 4));
          assertEquals(Fault.NONE, faultOf(i), "a faulty URL left a file: " + name);
          assertArrayEquals(bodyOf(i), Files.readAllBytes(f), name);
          checked++;
        }
      }
      assertEquals(URLS - faulty.size(), checked);

      // no leaked threads or file descriptors
      awaitTrue(() -> fetchThreads().equals(threadsBefore), 5_000);
      assertEquals(threadsBefore, fetchThreads(), "fetch- threads left after the run");
      awaitTrue(() -> server.openConnections() == 0, 10_000);
      int[] fdsAfter = {openFds()};
      awaitTrue(() -> (fdsAfter[0] = openFds()) <= fdsBefore, 10_000);
      assertTrue(fdsAfter[0] <= fdsBefore, "open fds: " + fdsBefore + " before, " + fdsAfter[0] + " after");

      // the --failed list, once the server heals, fetches exactly the faulty URLs
      healed = true;
      int requestsBefore = server.requests().size();
      long t1 = System.nanoTime();
      Outcome again = CliFixtures.run("--json", "-t", "" + THREADS, "-f", failed.toString(), "-o", out.toString());
      long againMillis = (System.nanoTime() - t1) / 1_000_000;
      assertEquals(0, again.exit(), again.err());
      Set<String> asked = new HashSet<>();
      for (RawHttpServer.Request req : server.requests().subList(requestsBefore, server.requests().size())) {
        asked.add(server.url(req.path()));
      }
      assertEquals(faulty, new TreeSet<>(asked));
      try (Stream<Path> files = Files.list(out)) {
        assertEquals(URLS, files.count());
      }

      String figures = String.format(java.util.Locale.ROOT,
          "soak: %d URLs, -t %d, --retries %d: %.1f s wall (%.0f URLs/s), %d requests seen, %d ok, %d failed"
              + " (faults %s), %d files checked; fds %d before / %d after; fetch- threads after: %s;"
              + " --failed rerun of %d URLs: %.1f s, all ok%n",
          URLS, THREADS, RETRIES, wallMillis / 1000.0, URLS * 1000.0 / wallMillis, requests, ok,
          failedUrls.size(), byFault, checked, fdsBefore, fdsAfter[0], fetchThreads(), faulty.size(),
          againMillis / 1000.0);
      System.out.print(figures);
      System.out.println("soak: summary line: " + r.err().strip());
      Files.writeString(Path.of("target", "soak-figures.txt"), figures);
    }
  }

  /** One small run first, so that lazily created JVM resources (class loading, jar files) are counted before. */
  private void warmUp(RawHttpServer server) throws IOException {
    healed = true;
    CliFixtures.run("-q", "-o", dir.resolve("warm").toString(), server.url("/img/0.jpg"));
    healed = false;
    awaitTrue(() -> server.openConnections() == 0, 5_000);
  }

  static Set<String> fetchThreads() {
    Set<String> names = new TreeSet<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.isAlive() && t.getName().startsWith("fetch-")) {
        names.add(t.getName());
      }
    }
    return names;
  }

  static int openFds() {
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      return (int) fds.count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void awaitTrue(java.util.function.BooleanSupplier c, long millis) {
    long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    while (!c.getAsBoolean() && System.nanoTime() < end) {
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
