package dev.fetch.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static dev.fetch.cli.CliFixtures.fileNames;
import static dev.fetch.testing.TestImages.jpegTagged;
import static dev.fetch.cli.CliFixtures.writeList;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.fetch.cli.CliFixtures.Outcome;
import dev.fetch.testing.LocalServers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Scale-out: N processes each given the same list and --shard K/N download every entry exactly once
 * between them, under the names one unsharded run would have given.
 */
class ShardOptionsTest {
  /** Every response is a JPEG whose bytes name the request path, so each file can be traced to its URL. */
  static final class PathTaggedJpeg implements ResponseDefinitionTransformerV2 {
    @Override
    public ResponseDefinition transform(ServeEvent serveEvent) {
      return ResponseDefinitionBuilder.like(serveEvent.getResponseDefinition()).but()
          .withBody(jpegTagged(serveEvent.getRequest().getUrl()))
          .build();
    }

    @Override
    public String getName() {
      return "path-tagged-jpeg";
    }
  }

  @RegisterExtension
  static WireMockExtension server = LocalServers.wireMock(new PathTaggedJpeg());

  @TempDir(factory = CliFixtures.InMemoryTempDir.class) Path dir;

  @BeforeEach
  void stub() {
    server.stubFor(get(urlPathMatching("/.*"))
        .willReturn(LocalServers.jpegResponse(new byte[] {0})));
  }

  private String url(String path) {
    return server.baseUrl() + path;
  }

  /** Requests the server saw, per URL path, and forget them. */
  private static Map<String, Integer> takeRequestCounts() {
    Map<String, Integer> counts = new TreeMap<>();
    for (LoggedRequest r : server.findAll(getRequestedFor(urlPathMatching(".*")))) {
      counts.merge(r.getUrl(), 1, Integer::sum);
    }
    server.resetRequests();
    return counts;
  }

  /**
   * 2 000 lines, shuffled: names that collide (same last segment under different folders, and in a
   * different case), NAME columns that collide, one URL under two names, exact duplicates, and one line
   * that is not a URL.
   */
  private List<String> bigList() {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 1500; i++) {
      String name = (i % 7 == 0 ? "X" : "x") + (i % 300) + (i % 7 == 0 ? ".JPG" : ".jpg");
      lines.add(url("/s" + i + "/" + name));
    }
    for (int j = 0; j < 200; j++) {
      lines.add(url("/n/" + j + ".jpg") + " named" + (j % 50) + ".jpg");
    }
    for (int j = 0; j < 50; j++) {
      lines.add(url("/m/" + j + ".jpg"));
      lines.add(url("/m/" + j + ".jpg") + " m" + j + ".jpg");
    }
    Random random = new Random(42);
    List<String> originals = List.copyOf(lines);
    for (int d = 0; d < 199; d++) {
      lines.add(originals.get(random.nextInt(originals.size())));
    }
    lines.add("not-a-url.jpg");
    Collections.shuffle(lines, random);
    assertEquals(2000, lines.size());
    return lines;
  }

  /** What a result line says, independent of the output folder: status, file name or reason, URL. */
  private static List<String> results(Outcome o, Path outDir) {
    List<String> r = new ArrayList<>();
    for (String line : o.outLines()) {
      String[] f = line.split("\t", -1);
      assertEquals(6, f.length, line);
      r.add(f[0] + "\t" + f[4].replace(outDir + java.io.File.separator, "") + "\t" + f[5]);
    }
    Collections.sort(r);
    return r;
  }

  @Test
  void fourShardsIntoOneFolderEqualOneUnshardedRun() throws Exception {
    List<String> list = bigList();
    Path listFile = writeList(dir.resolve("list.txt"), list);
    Path whole = dir.resolve("whole");
    Path sharded = dir.resolve("sharded");

    Outcome one = CliFixtures.run("-t", "8", "-o", whole.toString(), "-f", listFile.toString());
    assertEquals(1, one.exit(), "the one invalid line fails: " + one.err());
    Map<String, Integer> unshardedCounts = takeRequestCounts();

    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Future<Outcome>> runs = new ArrayList<>();
    try {
      for (int k = 1; k <= 4; k++) {
        String shard = k + "/4";
        runs.add(pool.submit(() -> CliFixtures.run("-t", "4", "--shard", shard, "-o", sharded.toString(),
            "-f", listFile.toString())));
      }
      List<String> shardResults = new ArrayList<>();
      int failedShards = 0;
      for (Future<Outcome> f : runs) {
        Outcome o = f.get();
        assertTrue(o.exit() == 0 || o.exit() == 1, o.err());
        failedShards += o.exit();
        shardResults.addAll(results(o, sharded));
      }
      Collections.sort(shardResults);
      assertEquals(1, failedShards, "the invalid line belongs to exactly one shard");
      assertEquals(results(one, whole), shardResults, "the same result, entry by entry");
    } finally {
      pool.shutdownNow();
    }
    Map<String, Integer> shardedCounts = takeRequestCounts();

    // The same files, byte for byte.
    List<String> names = fileNames(whole);
    assertEquals(names, fileNames(sharded));
    assertTrue(names.size() > 1700, "collisions got suffixes rather than overwriting: " + names.size());
    assertTrue(names.contains("x1.jpg") && names.contains("x1-1.jpg") && names.contains("named1-3.jpg"),
        names.stream().filter(n -> n.startsWith("x1") || n.startsWith("named1")).toList().toString());
    for (String name : names) {
      assertArrayEquals(Files.readAllBytes(whole.resolve(name)), Files.readAllBytes(sharded.resolve(name)), name);
    }

    // Each URL requested exactly as often as it has distinct NAME columns: once, or twice for /m/.
    Map<String, Set<String>> namesPerPath = new HashMap<>();
    for (String line : list) {
      if (line.startsWith("http")) {
        String[] f = line.split(" ", 2);
        namesPerPath.computeIfAbsent(f[0].substring(server.baseUrl().length()), p -> new HashSet<>())
            .add(f.length > 1 ? f[1] : "");
      }
    }
    Map<String, Integer> expected = new TreeMap<>(namesPerPath.entrySet().stream()
        .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().size())));
    assertEquals(expected, unshardedCounts);
    assertEquals(expected, shardedCounts, "across the four shards, each URL as often as in one run");
  }

  /**
   * An extension-less URL gets its extension only when its response arrives, so the name it ends up
   * with depends on which later entries were already named by then. Here: line 1 is {@code /e/a}
   * (saved as a JPEG), line 302 is {@code /b/a.jpg}. One run with -t 1 names line 1 {@code a.jpg}
   * and line 302 {@code a-1.jpg}. With two shards, the shard of line 302 never sees line 1's
   * response, names line 302 {@code a.jpg} as well, finds the other shard's {@code a.jpg} there and
   * skips it: that image is never downloaded.
   */
  @Test
  void extensionlessNamesAreTheSameWithShardsAndNoImageIsLost() throws Exception {
    String late = url("/b/a.jpg");
    int lateShard = shardOf(late, 2);
    String early = null;
    for (int i = 0; early == null; i++) {
      if (shardOf(url("/e" + i + "/a"), 2) != lateShard) {
        early = url("/e" + i + "/a");
      }
    }
    List<String> lines = new ArrayList<>();
    lines.add(early);
    for (int i = 0; i < 300; i++) {
      lines.add(url("/f/" + i + ".jpg"));
    }
    lines.add(late);
    Path list = writeList(dir.resolve("list.txt"), lines);
    Path whole = dir.resolve("whole");
    Path sharded = dir.resolve("sharded");

    Outcome one = CliFixtures.run("-t", "1", "-o", whole.toString(), "-f", list.toString());
    assertEquals(0, one.exit(), one.err());
    for (int k : new int[] {3 - lateShard, lateShard}) {
      Outcome o = CliFixtures.run("-t", "1", "--shard", k + "/2", "-o", sharded.toString(), "-f", list.toString());
      assertEquals(0, o.exit(), o.err());
    }

    java.util.function.Predicate<String> aNames = n -> n.startsWith("a");
    assertEquals(List.of("a-1.jpg", "a.jpg"), fileNames(whole).stream().filter(aNames).toList());
    assertEquals(List.of("a-1.jpg", "a.jpg"), fileNames(sharded).stream().filter(aNames).toList(),
        "both images downloaded by the shards too");
    assertEquals(fileNames(whole), fileNames(sharded));
    for (String name : fileNames(whole)) {
      assertArrayEquals(Files.readAllBytes(whole.resolve(name)), Files.readAllBytes(sharded.resolve(name)), name);
    }
  }

  /** The shard (1-based) that takes {@code url}, as the CLI says: --dry-run lists only its shard's entries. */
  private int shardOf(String url, int count) {
    for (int k = 1; k <= count; k++) {
      Outcome o = CliFixtures.run("--dry-run", "--shard", k + "/" + count, "-o", dir.resolve("probe").toString(), url);
      assertEquals(0, o.exit(), o.toString());
      if (!o.outLines().isEmpty()) {
        return k;
      }
    }
    throw new AssertionError("no shard of " + count + " takes " + url);
  }

  @Test
  void shardFromEnvironmentIndexIsZeroBased() throws Exception {
    Path list = smallList();
    Outcome byOption = CliFixtures.run("--shard", "3/4", "-o", dir.resolve("a").toString(), "-f", list.toString());
    assertEquals(0, byOption.exit(), byOption.toString());
    Map<String, Integer> expected = takeRequestCounts();
    assertTrue(!expected.isEmpty() && expected.size() < 40, expected.toString());

    Outcome byEnv = CliFixtures.run(Map.of("JOB_COMPLETION_INDEX", "2"),
        "--shard-from-env", "JOB_COMPLETION_INDEX/4", "-o", dir.resolve("b").toString(), "-f", list.toString());
    assertEquals(0, byEnv.exit(), byEnv.toString());
    assertEquals(expected, takeRequestCounts());
    assertEquals(fileNames(dir.resolve("a")), fileNames(dir.resolve("b")));
  }

  @Test
  void shardCountCanComeFromAVariableToo() throws Exception {
    Path list = smallList();
    Outcome byOption = CliFixtures.run("--shard", "1/4", "-o", dir.resolve("a").toString(), "-f", list.toString());
    assertEquals(0, byOption.exit(), byOption.toString());
    Map<String, Integer> expected = takeRequestCounts();

    Outcome byEnv = CliFixtures.run(Map.of("IDX", "0", "COUNT", "4"),
        "--shard-from-env", "IDX/COUNT", "-o", dir.resolve("b").toString(), "-f", list.toString());
    assertEquals(0, byEnv.exit(), byEnv.toString());
    assertEquals(expected, takeRequestCounts());
  }

  @Test
  void allShardsOfASmallListTogetherRequestEachUrlOnce() throws Exception {
    Path list = smallList();
    for (int idx = 0; idx < 3; idx++) {
      Outcome o = CliFixtures.run(Map.of("JOB_COMPLETION_INDEX", Integer.toString(idx)),
          "--shard-from-env", "JOB_COMPLETION_INDEX/3", "-o", dir.toString(), "-f", list.toString());
      assertEquals(0, o.exit(), o.toString());
    }
    Map<String, Integer> counts = takeRequestCounts();
    assertEquals(40, counts.size());
    assertTrue(counts.values().stream().allMatch(c -> c == 1), counts.toString());
    assertEquals(40, fileNames(dir).stream().filter(n -> n.endsWith(".jpg")).count());
  }

  private Path smallList() throws Exception {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      lines.add(url("/small/" + i + "/x.jpg"));
    }
    return writeList(dir.resolve("small.txt"), lines);
  }

  @ParameterizedTest
  @ValueSource(strings = {"0/4", "5/4", "x/4", "1/0", "1/x", "-1/4", "4", "1/4/2", "/4", "1/", ""})
  void badShardIsAUsageError(String shard) {
    Outcome o = CliFixtures.run("--shard", shard, "-o", dir.toString(), url("/a.jpg"));
    assertEquals(2, o.exit(), o.toString());
    assertEquals(1, o.errLines().size(), o.toString());
    assertTrue(o.err().startsWith("fetch: --shard"), o.toString());
    server.verify(0, getRequestedFor(urlPathMatching(".*")));
  }

  @Test
  void shardFromEnvWithUnsetIndexVariableIsAUsageError() {
    Outcome o = CliFixtures.run(Map.of(), "--shard-from-env", "JOB_COMPLETION_INDEX/4", "-o", dir.toString(),
        url("/a.jpg"));
    assertEquals(2, o.exit(), o.toString());
    assertEquals(1, o.errLines().size(), o.toString());
    assertTrue(o.err().contains("JOB_COMPLETION_INDEX"), o.toString());
    server.verify(0, getRequestedFor(urlPathMatching(".*")));
  }

  @Test
  void shardFromEnvWithUnsetCountVariableIsAUsageError() {
    Outcome o = CliFixtures.run(Map.of("IDX", "0"), "--shard-from-env", "IDX/COUNT", "-o", dir.toString(),
        url("/a.jpg"));
    assertEquals(2, o.exit(), o.toString());
    assertTrue(o.err().contains("COUNT"), o.toString());
    assertEquals(1, o.errLines().size(), o.toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"4", "-1", "two", ""})
  void shardFromEnvWithIndexOutOfRangeOrNotANumberIsAUsageError(String index) {
    Outcome o = CliFixtures.run(Map.of("IDX", index), "--shard-from-env", "IDX/4", "-o", dir.toString(),
        url("/a.jpg"));
    assertEquals(2, o.exit(), o.toString());
    assertEquals(1, o.errLines().size(), o.toString());
    server.verify(0, getRequestedFor(urlPathMatching(".*")));
  }

  @Test
  void shardAndShardFromEnvTogetherIsAUsageError() {
    Outcome o = CliFixtures.run(Map.of("IDX", "0"), "--shard", "1/4", "--shard-from-env", "IDX/4",
        "-o", dir.toString(), url("/a.jpg"));
    assertEquals(2, o.exit(), o.toString());
    assertEquals(1, o.errLines().size(), o.toString());
  }
}
