package dev.fetch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fetch.testing.Launcher;
import dev.fetch.testing.RawHttpServer;
import dev.fetch.testing.TestImages;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** README promises about the packaged launcher as a process: memory, a closed pipe, --no-sync. */
class ReadmePromisesIT {
  static final int MILLION = 1_000_000;
  static final Map<String, String> JPEG_TYPE = Map.of("Content-Type", "image/jpeg");

  @TempDir Path dir;

  @Test
  void aMillionLineDryRunFitsInSixtyFourMegabytesOfHeap() throws Exception {
    // distinct URLs and names: 64 bytes of heap per entry would not even hold the URLs
    Path list = dir.resolve("million.txt");
    try (BufferedWriter w = Files.newBufferedWriter(list, StandardCharsets.UTF_8)) {
      for (int i = 0; i < MILLION; i++) {
        w.write("http://127.0.0.1:9/images/" + i + "/picture-" + i + ".jpg\n");
      }
    }
    Path out = dir.resolve("out");
    Launcher launcher = Launcher.in(dir.resolve("scratch")).javaOptions("-Xmx64m").timeout(Duration.ofSeconds(180));

    Process p = launcher.startPiped("--dry-run", "-o", out.toString(), "-f", list.toString());
    long planned = 0;
    long other = 0;
    try (BufferedReader stdout = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = stdout.readLine(); line != null; line = stdout.readLine()) {
        if (line.startsWith("planned\t")) {
          planned++;
        } else {
          other++;
        }
      }
    }
    Launcher.Result r = launcher.await(p);

    assertEquals(0, r.exit(), r.toString());
    assertEquals(MILLION, planned, r.err());
    assertEquals(0, other, r.err());
    assertTrue(r.err().contains("fetch: dry run: 1000000 entries: 1000000 to download"), r.err());
    assertFalse(Files.exists(out), "a dry run creates nothing");
  }

  @Test
  void closedStdoutEndsTheRunWithExit141AndNoPartFiles() throws Exception {
    Path out = dir.resolve("out");
    byte[] slowBody = TestImages.jpeg(4_000_000, 3);
    byte[] afterCloseBody = TestImages.jpeg(2_000, 2);
    CountDownLatch pipeClosed = new CountDownLatch(1);
    try (RawHttpServer server = new RawHttpServer((req, ex) -> {
      switch (req.path()) {
        case "/first.jpg" -> ex.respond(200, JPEG_TYPE, TestImages.jpeg(2_000, 1));
        case "/after-close.jpg" -> {
          // its result line is the first write after the reader went away
          pipeClosed.await(30, TimeUnit.SECONDS);
          ex.respond(200, JPEG_TYPE, afterCloseBody);
        }
        default -> dribbleUntilThePartHasBytes(ex, slowBody, out.resolve(req.path().substring(1) + ".part"));
      }
    })) {
      Launcher launcher = Launcher.in(dir.resolve("scratch"));
      Process p = launcher.startPiped("-t", "4", "-o", out.toString(), server.url("/first.jpg"),
          server.url("/slow1.jpg"), server.url("/slow2.jpg"), server.url("/after-close.jpg"));
      BufferedReader stdout = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      String firstLine = stdout.readLine();
      assertTrue(firstLine != null && firstLine.startsWith("ok\t") && firstLine.endsWith("/first.jpg"),
          firstLine + "\n" + launcher.output());
      await(() -> size(out.resolve("slow1.jpg.part")) > 0 && size(out.resolve("slow2.jpg.part")) > 0
          || !p.isAlive());
      assertTrue(p.isAlive(), "fetch ended before the pipe was closed: " + launcher.output());

      stdout.close(); // as head -1 does once it has its line
      pipeClosed.countDown();
      Launcher.Result r = launcher.await(p);

      assertEquals(141, r.exit(), r.toString());
      // the slow downloads were cut off: no .part left, nothing partial under a final name
      assertEquals(List.of(), names(out).stream().filter(n -> n.startsWith("slow")).toList(), r.toString());
      assertTrue(names(out).stream().noneMatch(n -> n.endsWith(".part")), names(out).toString());
      if (Files.exists(out.resolve("after-close.jpg"))) {
        // complete before its result line hit the closed pipe
        assertArrayEquals(afterCloseBody, Files.readAllBytes(out.resolve("after-close.jpg")));
      }
      assertFalse(r.err().contains("entries:"), "quietly: no summary\n" + r);
      assertFalse(r.err().contains("Exception"), r.toString());
    }
  }

  /** Sends {@code body} steadily until the client has put some of it in {@code part}, then 1 KB every 100 ms. */
  static void dribbleUntilThePartHasBytes(RawHttpServer.Exchange ex, byte[] body, Path part)
      throws IOException, InterruptedException {
    ex.head(200, Map.of("Content-Type", "image/jpeg", "Content-Length", "" + body.length));
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    int off = 0;
    while (off < body.length && System.nanoTime() < end) {
      boolean filling = size(part) == 0;
      int n = Math.min(filling ? 8_192 : 1_000, body.length - off);
      ex.write(body, off, n);
      off += n;
      Thread.sleep(filling ? 10 : 100);
    }
    ex.close();
  }

  static final Pattern SYNC_CALL = Pattern.compile("^\\d+ +f(data)?sync\\(.*");

  @Test
  void eachFileIsSyncedToDiskUnlessNoSync() throws Exception {
    requireOnPath("strace");
    try (RawHttpServer server = new RawHttpServer((req, ex) ->
        ex.respond(200, JPEG_TYPE, TestImages.jpeg(100_000, req.path().hashCode())))) {
      List<String> urls = List.of(server.url("/a.jpg"), server.url("/b.jpg"), server.url("/c.jpg"));

      long synced = syncCalls(server, urls, "synced");
      long unsynced = syncCalls(server, urls, "unsynced", "--no-sync");

      assertTrue(synced >= urls.size(), "an fdatasync per file: " + synced);
      assertEquals(0, unsynced, "--no-sync flushes nothing");
    }
  }

  /** fsync and fdatasync calls made by a run of fetch (and its JVM) that saves {@code urls} into {@code name}. */
  private long syncCalls(RawHttpServer server, List<String> urls, String name, String... options) throws Exception {
    Path out = dir.resolve(name);
    Path trace = dir.resolve(name + ".strace");
    List<String> args = new ArrayList<>(List.of(options));
    args.addAll(List.of("-o", out.toString()));
    args.addAll(urls);
    Launcher.Result r = Launcher.in(dir.resolve(name + "-scratch"))
        .wrappedIn("strace", "-f", "-qq", "-e", "trace=fsync,fdatasync", "-o", trace.toString())
        .run(args.toArray(String[]::new));
    assertEquals(0, r.exit(), r.toString());
    for (String url : urls) {
      String file = url.substring(url.lastIndexOf('/') + 1);
      assertArrayEquals(TestImages.jpeg(100_000, ("/" + file).hashCode()), Files.readAllBytes(out.resolve(file)));
    }
    try (Stream<String> lines = Files.lines(trace)) {
      return lines.filter(l -> SYNC_CALL.matcher(l).matches()).count();
    }
  }

  static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      return 0;
    }
  }

  static List<String> names(Path folder) throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      return files.map(f -> f.getFileName().toString()).sorted().toList();
    }
  }

  static void await(BooleanSupplier condition) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("timed out waiting");
      }
      Thread.sleep(20);
    }
  }

  /** Skips without the program, except on CI (CI=true), where a missing one must not pass unnoticed. */
  static void requireOnPath(String program) {
    boolean found = Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
        .anyMatch(d -> Files.isExecutable(Path.of(d, program)));
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      assertTrue(found, program + " is needed for this test on CI");
    } else {
      assumeTrue(found, program + " not installed");
    }
  }
}
