package dev.fetch.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fetch.testing.Launcher;
import dev.fetch.testing.RawHttpServer;
import dev.fetch.testing.TestImages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGINT and SIGTERM to the packaged launcher (target/fetch, built by "mvn package") while downloads
 * are in flight against a slow server: exit 130 or 143 within about two seconds, the summary on
 * stderr, no .part files left (kept with -c, and resumed by the next run), nothing partial under a
 * final name. One entry is waiting for its retry (Retry-After: 50) when the signal comes.
 */
class InterruptIT {
  static final int SLOW = 6;
  static final byte[] FAST_BODY = TestImages.jpeg(5_000, 1);
  static final byte[] SLOW_BODY = TestImages.jpeg(4_000_000, 2);
  static final String SLOW_ETAG = "\"slow-v1\"";
  /** How fast a slow body comes until fetch has written some of it to its .part, then after. */
  static final int FILL_CHUNK = 8_192;
  static final int DRIBBLE_CHUNK = 1_000;

  @TempDir Path dir;
  RawHttpServer server;
  Path out;
  /** The launcher execs java, so the process's pid is the JVM's. */
  Launcher launcher;

  /** After the interrupted run: every URL answers at once, with Range support. */
  volatile boolean healed;

  @BeforeEach
  void setUp() throws IOException {
    out = dir.resolve("out");
    launcher = Launcher.in(dir).interruptible();
    server = new RawHttpServer((req, ex) -> {
      if (req.path().startsWith("/fast")) {
        ex.respond(200, Map.of("Content-Type", "image/jpeg"), FAST_BODY);
        return;
      }
      if (req.path().equals("/wait.jpg")) {
        // waits for its retry in the scheduler, holding no worker, when the signal comes
        ex.respond(healed ? 200 : 503, healed ? Map.of("Content-Type", "image/jpeg") : Map.of("Retry-After", "50"),
            healed ? FAST_BODY : new byte[0]);
        return;
      }
      String range = req.header("Range");
      if (healed && range != null) {
        int from = Integer.parseInt(range.substring("bytes=".length(), range.length() - 1));
        ex.respond(206, Map.of("Content-Type", "image/jpeg", "ETag", SLOW_ETAG,
                "Content-Range", "bytes " + from + "-" + (SLOW_BODY.length - 1) + "/" + SLOW_BODY.length),
            Arrays.copyOfRange(SLOW_BODY, from, SLOW_BODY.length));
        return;
      }
      if (healed) {
        ex.respond(200, Map.of("Content-Type", "image/jpeg"), SLOW_BODY);
        return;
      }
      // Steadily until fetch has put some of it on disk, whatever it buffers, then 1 KB every 100 ms:
      // the download is still in flight, with bytes in its .part, when the signal comes.
      ex.head(200, Map.of("Content-Type", "image/jpeg", "Content-Length", "" + SLOW_BODY.length,
          "Accept-Ranges", "bytes", "ETag", SLOW_ETAG));
      Path part = out.resolve(req.path().substring(1) + ".part");
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      int off = 0;
      while (off < SLOW_BODY.length && System.nanoTime() < end) {
        boolean filling = sizeOf(part) == 0;
        int n = Math.min(filling ? FILL_CHUNK : DRIBBLE_CHUNK, SLOW_BODY.length - off);
        ex.write(SLOW_BODY, off, n);
        off += n;
        Thread.sleep(filling ? 10 : 100);
      }
      ex.close();
    });
  }

  @AfterEach
  void tearDown() {
    server.close();
  }

  static long sizeOf(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      return 0; // not created yet
    }
  }

  Process start(String... extra) throws IOException {
    List<String> args = new ArrayList<>(List.of("-t", "8", "-o", out.toString()));
    args.addAll(Arrays.asList(extra));
    args.add(server.url("/fast1.jpg"));
    // another host name for the same server: a 503 pauses its whole host
    args.add(waitUrl());
    args.add(server.url("/fast2.jpg"));
    for (int i = 1; i <= SLOW; i++) {
      args.add(server.url("/slow" + i + ".jpg"));
    }
    return launcher.start(args.toArray(String[]::new));
  }

  String waitUrl() {
    return "http://localhost:" + server.port() + "/wait.jpg";
  }

  /** Waits until every request arrived and each slow download has bytes in its .part file. */
  void awaitInFlight(Process p) throws Exception {
    await(() -> server.requests().size() >= SLOW + 3 && slowPartsWritten() == SLOW || !p.isAlive(), 30_000);
    assertTrue(p.isAlive(), "fetch ended before the signal: " + output());
  }

  int slowPartsWritten() {
    int n = 0;
    for (int i = 1; i <= SLOW; i++) {
      if (sizeOf(out.resolve("slow" + i + ".jpg.part")) > 0) {
        n++;
      }
    }
    return n;
  }

  /** Sends the signal and returns the milliseconds until the process was gone. */
  static long signal(Process p, String signal) throws Exception {
    long t0 = System.nanoTime();
    if (signal.equals("TERM")) {
      p.toHandle().destroy();
    } else {
      Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(p.pid())).inheritIO().start();
      assertEquals(0, kill.waitFor());
    }
    if (!p.waitFor(10, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("fetch still running 10 s after SIG" + signal);
    }
    long millis = (System.nanoTime() - t0) / 1_000_000;
    System.out.println("SIG" + signal + ": fetch exited " + p.exitValue() + " after " + millis + " ms");
    return millis;
  }

  String output() throws IOException {
    return launcher.output();
  }

  String stderr() throws IOException {
    return Files.readString(launcher.stderrFile());
  }

  List<String> partFiles() throws IOException {
    try (Stream<Path> files = Files.list(out)) {
      return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".part")).sorted().toList();
    }
  }

  void assertNothingPartialUnderAFinalName() throws IOException {
    for (int i = 1; i <= SLOW; i++) {
      assertFalse(Files.exists(out.resolve("slow" + i + ".jpg")), "slow" + i + ".jpg");
    }
    assertFalse(Files.exists(out.resolve("wait.jpg")));
    for (String fast : List.of("fast1.jpg", "fast2.jpg")) {
      assertArrayEquals(FAST_BODY, Files.readAllBytes(out.resolve(fast)), fast);
    }
  }

  @Test
  void sigintExits130QuicklyAndRemovesPartFiles() throws Exception {
    Process p = start();
    awaitInFlight(p);

    long millis = signal(p, "INT");

    assertEquals(130, p.exitValue(), output());
    assertTrue(millis < 3_000, "took " + millis + " ms after SIGINT");
    assertTrue(stderr().contains("interrupted after"), output());
    assertEquals(List.of(), partFiles(), output());
    assertNothingPartialUnderAFinalName();
  }

  @Test
  void sigtermExits143QuicklyAndRemovesPartFiles() throws Exception {
    Process p = start();
    awaitInFlight(p);

    long millis = signal(p, "TERM");

    assertEquals(143, p.exitValue(), output());
    assertTrue(millis < 3_000, "took " + millis + " ms after SIGTERM");
    assertTrue(stderr().contains("interrupted after"), output());
    assertEquals(List.of(), partFiles(), output());
    assertNothingPartialUnderAFinalName();
  }

  @Test
  void sigintStartsNothingNew() throws Exception {
    // -t 2: both workers on a slow download, one download waiting for its retry (503), 20 not begun
    List<String> args = new ArrayList<>(List.of("-t", "2", "-o", out.toString(),
        server.url("/slow1.jpg"), waitUrl(), server.url("/slow2.jpg")));
    for (int i = 1; i <= 20; i++) {
      args.add(server.url("/fast" + i + ".jpg"));
    }
    Process p = launcher.start(args.toArray(String[]::new));
    await(() -> server.requests().size() >= 3 && sizeOf(out.resolve("slow1.jpg.part")) > 0
        && sizeOf(out.resolve("slow2.jpg.part")) > 0 || !p.isAlive(), 30_000);
    assertTrue(p.isAlive(), "fetch ended before the signal: " + output());
    List<String> beforeSignal = server.requests().stream().map(RawHttpServer.Request::path).sorted().toList();
    assertEquals(List.of("/slow1.jpg", "/slow2.jpg", "/wait.jpg"), beforeSignal, output());

    signal(p, "INT");

    assertEquals(130, p.exitValue(), output());
    List<String> seen = server.requests().stream().map(RawHttpServer.Request::path).sorted().toList();
    assertEquals(beforeSignal, seen, "no request after the signal, neither a new entry nor a retry");
    assertEquals(List.of(), partFiles(), output());
  }

  @Test
  void sigintWithContinueKeepsThePartFilesForTheNextRun() throws Exception {
    Process p = start("-c");
    awaitInFlight(p);

    long millis = signal(p, "INT");

    assertEquals(130, p.exitValue(), output());
    assertTrue(millis < 3_000, "took " + millis + " ms after SIGINT");
    assertTrue(stderr().contains("interrupted after"), output());
    assertEquals(SLOW, partFiles().size(), output());
    for (int i = 1; i <= SLOW; i++) {
      byte[] part = Files.readAllBytes(out.resolve("slow" + i + ".jpg.part"));
      assertTrue(part.length > 0, "slow" + i + ".jpg.part has " + part.length + " bytes");
      assertArrayEquals(Arrays.copyOf(SLOW_BODY, part.length), part, "a prefix of the body");
    }
    assertNothingPartialUnderAFinalName();

    // the next run with -c asks only for the rest of each file
    Map<String, Long> kept = new HashMap<>();
    for (int i = 1; i <= SLOW; i++) {
      kept.put("/slow" + i + ".jpg", Files.size(out.resolve("slow" + i + ".jpg.part")));
    }
    healed = true;
    int before = server.requests().size();
    Launcher.Result again = launcher.await(start("-c"));
    assertEquals(0, again.exit(), again.toString());
    for (RawHttpServer.Request req : server.requests().subList(before, server.requests().size())) {
      if (req.path().startsWith("/slow")) {
        assertEquals("bytes=" + kept.get(req.path()) + "-", req.header("Range"), req.path());
        assertEquals(SLOW_ETAG, req.header("If-Range"), "the kept .part names the version it holds");
      }
    }
    for (int i = 1; i <= SLOW; i++) {
      assertArrayEquals(SLOW_BODY, Files.readAllBytes(out.resolve("slow" + i + ".jpg")), "slow" + i);
    }
    assertEquals(List.of(), partFiles());
  }

  static void await(BooleanSupplier condition, long millis) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("timed out waiting");
      }
      Thread.sleep(20);
    }
  }
}
