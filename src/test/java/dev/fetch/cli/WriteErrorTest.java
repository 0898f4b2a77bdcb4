package dev.fetch.cli;

import static dev.fetch.cli.CliFixtures.run;
import static dev.fetch.testing.TestImages.jpeg;
import static dev.fetch.cli.CliFixtures.text;
import static dev.fetch.cli.CliFixtures.tree;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fetch.cli.CliFixtures.Outcome;
import dev.fetch.testing.Prerequisites;
import dev.fetch.testing.RawHttpServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Local write errors: the entry fails with a clear reason and is not retried, nothing partial is left
 * under a final name, the other entries go on, and the run exits 1.
 */
class WriteErrorTest {
  static final byte[] SMALL = jpeg(8_000, 1);
  static final byte[] BIG = jpeg(300_000, 2);

  @TempDir Path dir;
  RawHttpServer server;
  Path mounted;

  @BeforeEach
  void setUp() throws IOException {
    server = new RawHttpServer((req, ex) ->
        ex.respond(200, Map.of("Content-Type", "image/jpeg"), req.path().startsWith("/big") ? BIG : SMALL));
  }

  @AfterEach
  void tearDown() throws Exception {
    server.close();
    if (mounted != null) {
      system("umount", mounted.toString());
    }
  }

  /**
   * A full disk, for real: a 64 KB tmpfs (see {@link #mountTinyDisk}). After a write fails for lack of space no new download starts: the rest
   * fail as "not attempted: disk full" without a request, and --failed lists them all for the rerun.
   */
  @Test
  void aFullDiskStopsNewDownloadsAndTheFailedListHasTheRest() throws Exception {
    Path small = mountTinyDisk();
    Path failed = dir.resolve("failed.txt");

    Outcome r = run("--json", "-t", "1", "-o", small.toString(), "--failed", failed.toString(),
        server.url("/a.jpg"), server.url("/big.jpg"), server.url("/b.jpg"), server.url("/c.jpg"));

    assertEquals(1, r.exit(), r.toString());
    Map<String, String> errors = new TreeMap<>();
    r.json().forEach(j -> errors.put(text(j, "url").replaceAll(".*/", ""), String.valueOf(text(j, "error"))));
    assertTrue(errors.get("big.jpg").contains("No space left on device"), r.toString());
    assertEquals("not attempted: disk full", errors.get("b.jpg"), r.toString());
    assertEquals("not attempted: disk full", errors.get("c.jpg"), r.toString());
    assertEquals("null", errors.get("a.jpg"));
    assertEquals(1, server.requests("/big.jpg").size(), "a local write error is not retried");
    assertEquals(List.of(), server.requests("/b.jpg"), "no download starts after the disk is full");
    assertEquals(List.of("a.jpg"), tree(small), "no big.jpg, no big.jpg.part");
    assertArrayEquals(SMALL, Files.readAllBytes(small.resolve("a.jpg")));
    List<String> retry = Files.readAllLines(failed).stream().filter(l -> !l.startsWith("#")).toList();
    assertEquals(List.of(server.url("/big.jpg"), server.url("/b.jpg"), server.url("/c.jpg")), retry,
        "the rerun is one command: fetch -f failed.txt");
  }

  @Test
  void aFullDiskWithContinueKeepsNoBrokenPart() throws Exception {
    Path small = mountTinyDisk();

    Outcome r = run("--json", "-c", "-o", small.toString(), server.url("/big.jpg"));

    assertEquals(1, r.exit(), r.toString());
    assertEquals(List.of(), tree(small));
  }

  /** Works as root too: a non-empty folder where the .part file must go cannot be replaced. */
  @Test
  void aFolderInTheWayOfThePartFileFailsThatEntryOnly() throws Exception {
    Path out = Files.createDirectories(dir.resolve("out"));
    Files.createDirectories(out.resolve("a.jpg.part").resolve("occupied"));

    Outcome r = run("--json", "-o", out.toString(), server.url("/a.jpg"), server.url("/b.jpg"));

    assertEquals(1, r.exit(), r.toString());
    Map<String, Object> a = r.json().stream().filter(j -> text(j, "url").endsWith("/a.jpg")).findFirst()
        .orElseThrow();
    assertEquals("failed", a.get("status"));
    assertTrue(text(a, "error").startsWith("cannot write a.jpg.part"), r.toString());
    assertEquals(1, server.requests("/a.jpg").size(), "not retried");
    assertFalse(Files.exists(out.resolve("a.jpg")));
    assertArrayEquals(SMALL, Files.readAllBytes(out.resolve("b.jpg")));
  }

  @Test
  void aFolderInTheWayOfTheFinalNameFailsOnRenameAndLeavesNoPart() throws Exception {
    Path out = Files.createDirectories(dir.resolve("out"));
    Files.createDirectories(out.resolve("a.jpg").resolve("occupied"));

    Outcome r = run("--json", "--overwrite", "-o", out.toString(), server.url("/a.jpg"));

    assertEquals(1, r.exit(), r.toString());
    assertTrue(text(r.single(), "error").startsWith("cannot rename to a.jpg"), r.toString());
    assertEquals(List.of(), tree(out), "no file at all, the folder is untouched");
    assertFalse(Files.exists(out.resolve("a.jpg.part")));
    assertTrue(Files.isDirectory(out.resolve("a.jpg/occupied")));
  }

  /**
   * A 64 KB tmpfs under the test folder. Needs root and mount: skipped on a developer's machine
   * without them, a failure under CI=true (CI runs these tests as root).
   */
  private Path mountTinyDisk() throws Exception {
    Path small = Files.createDirectories(dir.resolve("small"));
    Prerequisites.require(system("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", small.toString()) == 0,
        "cannot mount a tmpfs here (needs root)");
    mounted = small;
    return small;
  }

  private static int system(String... command) throws Exception {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return -1;
      }
      return p.exitValue();
    } catch (IOException e) {
      return -1;
    }
  }
}
