package dev.fetch.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static dev.fetch.testing.TestImages.jpeg;
import static dev.fetch.cli.CliFixtures.fileNames;
import static dev.fetch.cli.CliFixtures.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.fetch.cli.CliFixtures.Outcome;
import dev.fetch.testing.LocalServers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** --dry-run reads and names every entry, prints the plan, and requests nothing. */
class DryRunTest {
  @RegisterExtension
  static WireMockExtension server = LocalServers.wireMock();

  @TempDir Path dir;
  Path out;

  @BeforeEach
  void setUp() {
    out = dir.resolve("out");
    server.stubFor(any(urlPathMatching("/.*"))
        .willReturn(LocalServers.jpegResponse(jpeg())));
  }

  private String url(String path) {
    return server.baseUrl() + path;
  }

  /** URL → "status<TAB>file-or-reason" from the result lines. */
  private static Map<String, String> plan(Outcome o) {
    Map<String, String> m = new TreeMap<>();
    for (String line : o.outLines()) {
      String[] f = line.split("\t", -1);
      assertEquals(6, f.length, "status http bytes seconds where url: " + line);
      m.merge(f[5], f[0] + "\t" + f[4], (a, b) -> a + " | " + b);
    }
    return m;
  }

  private void assertNothingRequested() {
    assertEquals(0, server.findAll(anyRequestedFor(urlPathMatching(".*"))).size(),
        "a dry run sends no request");
  }

  @Test
  void dryRunPrintsPlannedNamesWithCollisionsAndRequestsNothing() throws Exception {
    Outcome o = run("--dry-run", "-o", out.toString(),
        url("/a/x.jpg"), url("/b/x.jpg"), url("/c/X.JPG"), url("/photo"), url("/d/pic.png") + " named.png");

    assertEquals(0, o.exit(), o.toString());
    assertNothingRequested();
    Map<String, String> plan = plan(o);
    assertEquals("planned\t" + out.resolve("x.jpg"), plan.get(url("/a/x.jpg")));
    assertEquals("planned\t" + out.resolve("x-1.jpg"), plan.get(url("/b/x.jpg")));
    assertEquals("planned\t" + out.resolve("X-2.JPG"), plan.get(url("/c/X.JPG")), "names collide case-insensitively");
    assertEquals("planned\t" + out.resolve("photo.*"), plan.get(url("/photo")), "extension comes with the response");
    assertEquals("planned\t" + out.resolve("named.png"), plan.get(url("/d/pic.png")));
    assertEquals(List.of(), fileNames(out), "nothing written");
    assertTrue(o.err().contains("dry run: 5 entries: 5 to download, 0 skipped, 0 failed"), o.toString());
  }

  @Test
  void dryRunShowsExistingFilesAsSkipped() throws Exception {
    Files.createDirectories(out);
    Files.write(out.resolve("x.jpg"), new byte[] {1, 2, 3});
    Files.write(out.resolve("photo.png"), new byte[] {4, 5});

    Outcome o = run("--dry-run", "-o", out.toString(), url("/a/x.jpg"), url("/b/x.jpg"), url("/photo"));

    assertEquals(0, o.exit(), o.toString());
    assertNothingRequested();
    Map<String, String> plan = plan(o);
    assertEquals("skipped\t" + out.resolve("x.jpg"), plan.get(url("/a/x.jpg")));
    assertEquals("planned\t" + out.resolve("x-1.jpg"), plan.get(url("/b/x.jpg")));
    assertEquals("skipped\t" + out.resolve("photo.png"), plan.get(url("/photo")),
        "an extension-less entry is satisfied by a file with any image extension");
    assertEquals(List.of("photo.png", "x.jpg"), fileNames(out), "existing files untouched");
    assertEquals(3, Files.size(out.resolve("x.jpg")));
    assertTrue(o.err().contains("dry run: 3 entries: 1 to download, 2 skipped, 0 failed"), o.toString());
  }

  @Test
  void dryRunWithOverwritePlansExistingFilesAgain() throws Exception {
    Files.createDirectories(out);
    Files.write(out.resolve("x.jpg"), new byte[] {1, 2, 3});
    Outcome o = run("--dry-run", "--overwrite", "-o", out.toString(), url("/a/x.jpg"));
    assertEquals(0, o.exit(), o.toString());
    assertNothingRequested();
    assertEquals("planned\t" + out.resolve("x.jpg"), plan(o).get(url("/a/x.jpg")));
    assertEquals(3, Files.size(out.resolve("x.jpg")));
  }

  @Test
  void dryRunWithAnInvalidLineReportsItAndExitsOne() throws Exception {
    Path list = CliFixtures.writeList(dir.resolve("list.txt"), List.of(
        "# comment", url("/a.jpg"), "not a url", url("/b.jpg"), url("/a.jpg")));
    Outcome o = run("--dry-run", "-o", out.toString(), "-f", list.toString());

    assertEquals(1, o.exit(), o.toString());
    assertNothingRequested();
    List<String> lines = o.outLines();
    assertEquals(4, lines.size(), o.toString());
    assertTrue(lines.stream().anyMatch(l -> l.startsWith("failed\t") && l.contains("\tline 3: ")),
        "one list: origins are plain line numbers\n" + o);
    assertTrue(lines.stream().anyMatch(l -> l.startsWith("skipped\t") && l.contains("duplicate")), o.toString());
    assertTrue(o.err().contains("dry run: 4 entries: 2 to download, 1 skipped, 1 failed"), o.toString());
  }

  @Test
  void dryRunPlansEveryListInOrderAfterTheArgumentsAndNamesTheListInOrigins() throws Exception {
    Path a = CliFixtures.writeList(dir.resolve("a.txt"), List.of("# list a", url("/a/p.jpg"), "not a url"));
    Path b = CliFixtures.writeList(dir.resolve("b.txt"), List.of(url("/b/p.jpg"), url("/b/q.jpg")));
    Outcome o = run("--dry-run", "--json", "-o", out.toString(), "-f", a.toString(), "-f", b.toString(),
        url("/arg/p.jpg"));

    assertEquals(1, o.exit(), o.toString());
    assertNothingRequested();
    List<String> lines = o.outLines();
    assertEquals(5, lines.size(), o.toString());
    // names are handed out in input order: the argument, then a.txt, then b.txt
    assertTrue(lines.stream().anyMatch(l -> l.contains("/arg/p.jpg\"") && l.contains("\"origin\":\"argument 1\"")
        && l.contains("\"file\":\"" + out.resolve("p.jpg") + "\"")), o.toString());
    assertTrue(lines.stream().anyMatch(l -> l.contains("/a/p.jpg\"") && l.contains("\"origin\":\"" + a + " line 2\"")
        && l.contains("\"file\":\"" + out.resolve("p-1.jpg") + "\"")), o.toString());
    assertTrue(lines.stream().anyMatch(l -> l.contains("\"error\":\"" + a + " line 3: not an absolute")), o.toString());
    assertTrue(lines.stream().anyMatch(l -> l.contains("/b/p.jpg\"") && l.contains("\"origin\":\"" + b + " line 1\"")
        && l.contains("\"file\":\"" + out.resolve("p-2.jpg") + "\"")), o.toString());
    assertTrue(lines.stream().anyMatch(l -> l.contains("/b/q.jpg\"") && l.contains("\"origin\":\"" + b + " line 2\"")),
        o.toString());
    assertTrue(o.err().contains("dry run: 5 entries: 4 to download, 0 skipped, 1 failed"), o.toString());
  }

  @Test
  void dryRunJsonLinesCarryThePlannedFile() {
    Outcome o = run("--dry-run", "--json", "-o", out.toString(), url("/a/x.jpg"), url("/b/x.jpg"));
    assertEquals(0, o.exit(), o.toString());
    assertNothingRequested();
    assertEquals(2, o.outLines().size(), o.toString());
    assertTrue(o.outLines().stream().anyMatch(l -> l.contains("\"status\":\"planned\"") && l.contains("x-1.jpg")),
        o.toString());
  }

  @Test
  void dryRunWithAShardPlansOnlyThatShardButKeepsWholeListNames() {
    String[] urls = new String[40];
    for (int i = 0; i < urls.length; i++) {
      urls[i] = url("/d" + i + "/x.jpg");
    }
    Map<String, String> whole = plan(run(concat(new String[] {"--dry-run", "-o", out.toString()}, urls)));
    Map<String, String> union = new TreeMap<>();
    for (int k = 1; k <= 4; k++) {
      Outcome o = run(concat(new String[] {"--dry-run", "--shard", k + "/4", "-o", out.toString()}, urls));
      assertEquals(0, o.exit(), o.toString());
      for (Map.Entry<String, String> e : plan(o).entrySet()) {
        assertEquals(null, union.put(e.getKey(), e.getValue()), "in two shards: " + e.getKey());
      }
    }
    assertEquals(whole, union);
    assertNothingRequested();
  }

  private static String[] concat(String[] a, String[] b) {
    String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }

  /** The issue: a dry run created out/dry/sub. It writes nothing, and says what a real run would meet. */
  @Test
  void aDryRunCreatesNoFolder() {
    Path sub = out.resolve("dry").resolve("sub");

    Outcome o = run("--dry-run", "-o", sub.toString(), url("/a/x.jpg"));

    assertEquals(0, o.exit(), o.toString());
    assertTrue(o.out().contains(sub.resolve("x.jpg").toString()), o.toString());
    assertFalse(Files.exists(out), "nothing created, not even the first missing parent");
    assertNothingRequested();
  }

  @Test
  void aDryRunStillRefusesAnOutputFolderThatCannotBeMade() throws Exception {
    Path file = Files.writeString(dir.resolve("plain-file"), "x");

    Outcome o = run("--dry-run", "-o", file.resolve("sub").toString(), url("/a/x.jpg"));

    assertEquals(2, o.exit(), o.toString());
    assertTrue(o.err().startsWith("fetch: cannot write to output dir"), o.toString());
    assertTrue(o.err().contains("not a directory"), o.toString());
    assertEquals("x", Files.readString(file));
  }
}
