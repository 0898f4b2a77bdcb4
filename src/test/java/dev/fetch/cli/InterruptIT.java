package dev.fetch.cli;

import static dev.fetch.testing.TestImages.jpeg;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fetch.testing.RawHttpServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
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
  static final byte[] FAST_BODY = jpeg(5_000, 1);
  static final byte[] SLOW_BODY = jpeg(2_000_000, 2);
  static final String SLOW_ETAG = "\"slow-v1\"";
  /** The launcher execs java, so its pid is the JVM's; env resets SIGINT in case we inherited it ignored. */
  static List<String> launcher;

  @TempDir Path dir;
  RawHttpServer server;
  Path out;

  @BeforeAll
  static void findLauncher() throws Exception {
    Path fetch = Path.of("target", "fetch").toAbsolutePath();
    assertTrue(Files.isExecutable(fetch), fetch + " is missing: run 'mvn package' first (mvn verify does)");
    launcher = new ArrayList<>();
    Process probe = new ProcessBuilder("env", "--default-signal=INT", "true")
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    if (probe.waitFor(10, TimeUnit.SECONDS) && probe.exitValue() == 0) {
      launcher.addAll(List.of("env", "--default-signal=INT"));
    }
    launcher.add(fetch.toString());
  }

  /** After the interrupted run: every URL answers at once, with Range support. */
  volatile boolean healed;

  @BeforeEach
  void setUp() throws IOException {
    out = dir.resolve("out");
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
      // 300 KB at once (more than the 256 KB write buffer, so the .part has bytes), then 1 KB every 100 ms
      ex.head(200, Map.of("Content-Type", "image/jpeg", "Content-Length", "" + SLOW_BODY.length,
          "Accept-Ranges", "bytes", "ETag", SLOW_ETAG));
      ex.write(SLOW_BODY, 0, 300_000);
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      for (int off = 300_000; off < SLOW_BODY.length && System.nanoTime() < end; off += 1_000) {
        Thread.sleep(100);
        ex.write(SLOW_BODY, off, 1_000);
      }
      ex.close();
    });
  }

  @AfterEach
  void tearDown() {
    server.close();
  }

  Process start(String... extra) throws IOException {
    List<String> cmd = new ArrayList<>(launcher);
    cmd.addAll(List.of("-t", "8", "-o", out.toString()));
    cmd.addAll(Arrays.asList(extra));
    cmd.add(server.url("/fast1.jpg"));
    // another host name for the same server: a 503 pauses its whole host
    cmd.add("http://localhost:" + server.port() + "/wait.jpg");
    cmd.add(server.url("/fast2.jpg"));
    for (int i = 1; i <= SLOW; i++) {
      cmd.add(server.url("/slow" + i + ".jpg"));
    }
    return new ProcessBuilder(cmd)
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
        .redirectOutput(dir.resolve("stdout.txt").toFile())
        .redirectError(dir.resolve("stderr.txt").toFile())
        .start();
  }

  /** Waits until every request arrived and each slow download has bytes in its .part file. */
  void awaitInFlight(Process p) throws Exception {
    await(() -> server.requests().size() >= SLOW + 3 && slowPartsWritten() == SLOW || !p.isAlive(), 30_000);
    assertTrue(p.isAlive(), "fetch ended before the signal: " + output());
  }

  int slowPartsWritten() {
    int n = 0;
    for (int i = 1; i <= SLOW; i++) {
      Path part = out.resolve("slow" + i + ".jpg.part");
      try {
        if (Files.size(part) > 0) {
          n++;
        }
      } catch (IOException e) {
        // not yet
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
    return "--- stdout\n" + read("stdout.txt") + "--- stderr\n" + read("stderr.txt");
  }

  String read(String name) throws IOException {
    Path f = dir.resolve(name);
    return Files.exists(f) ? Files.readString(f) : "";
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
    assertTrue(read("stderr.txt").contains("interrupted after"), output());
    assertEquals(List.of(), CliFixtures.partFiles(out), output());
    assertNothingPartialUnderAFinalName();
  }

  @Test
  void sigtermExits143QuicklyAndRemovesPartFiles() throws Exception {
    Process p = start();
    awaitInFlight(p);

    long millis = signal(p, "TERM");

    assertEquals(143, p.exitValue(), output());
    assertTrue(millis < 3_000, "took " + millis + " ms after SIGTERM");
    assertTrue(read("stderr.txt").contains("interrupted after"), output());
    assertEquals(List.of(), CliFixtures.partFiles(out), output());
    assertNothingPartialUnderAFinalName();
  }

  @Test
  void sigintWithContinueKeepsThePartFilesForTheNextRun() throws Exception {
    Process p = start("-c");
    awaitInFlight(p);

    long millis = signal(p, "INT");

    assertEquals(130, p.exitValue(), output());
    assertTrue(millis < 3_000, "took " + millis + " ms after SIGINT");
    assertTrue(read("stderr.txt").contains("interrupted after"), output());
    assertEquals(SLOW, CliFixtures.partFiles(out).size(), output());
    for (int i = 1; i <= SLOW; i++) {
      byte[] part = Files.readAllBytes(out.resolve("slow" + i + ".jpg.part"));
      assertTrue(part.length > 0, "slow" + i + ".jpg.part has " + part.length + " bytes");
      assertArrayEquals(Arrays.copyOf(SLOW_BODY, part.length), part, "a prefix of the body");
    }
    assertNothingPartialUnderAFinalName();

    // the next run with -c asks only for the rest of each file
    Map<String, Long> kept = new java.util.HashMap<>();
    for (int i = 1; i <= SLOW; i++) {
      kept.put("/slow" + i + ".jpg", Files.size(out.resolve("slow" + i + ".jpg.part")));
    }
    healed = true;
    int before = server.requests().size();
    Process again = start("-c");
    assertTrue(again.waitFor(60, TimeUnit.SECONDS), "the resumed run did not finish");
    assertEquals(0, again.exitValue(), output());
    for (RawHttpServer.Request req : server.requests().subList(before, server.requests().size())) {
      if (req.path().startsWith("/slow")) {
        assertEquals("bytes=" + kept.get(req.path()) + "-", req.header("Range"), req.path());
        assertEquals(SLOW_ETAG, req.header("If-Range"), "the kept .part names the version it holds");
      }
    }
    for (int i = 1; i <= SLOW; i++) {
      assertArrayEquals(SLOW_BODY, Files.readAllBytes(out.resolve("slow" + i + ".jpg")), "slow" + i);
    }
    assertEquals(List.of(), CliFixtures.partFiles(out));
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
