package dev.fetch;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.fetch.testing.Launcher;
import dev.fetch.testing.Launcher.Result;
import dev.fetch.testing.TestImages;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end: the packaged {@code target/fetch} (launcher script + shaded jar, built by
 * {@code mvn package}) run as a process against WireMock. Runs in {@code mvn verify} (Failsafe).
 */
class LauncherIT {
  @RegisterExtension
  static final WireMockExtension server = WireMockExtension.newInstance()
      .options(wireMockConfig().dynamicPort().jettyAcceptors(1))
      .build();

  @TempDir Path tmp;

  private Result fetch(String... args) throws IOException, InterruptedException {
    return Launcher.in(tmp).run(args);
  }

  private String url(String path) {
    return "http://127.0.0.1:" + server.getPort() + path;
  }

  @Test
  void downloadsAListAndPrintsOneResultLinePerEntry() throws Exception {
    Map<String, byte[]> bodies = new TreeMap<>();
    for (int i = 1; i <= 5; i++) {
      byte[] body = i % 2 == 0 ? TestImages.png(2000 + i * 300, i) : TestImages.jpeg(3000 + i * 500, i);
      String name = "pic" + i + (i % 2 == 0 ? ".png" : ".jpg");
      server.stubFor(get(urlPathEqualTo("/e2e/" + name)).willReturn(aResponse()
          .withHeader("Content-Type", i % 2 == 0 ? "image/png" : "image/jpeg").withBody(body)));
      bodies.put(name, body);
    }
    StringBuilder list = new StringBuilder("# end-to-end list\n");
    bodies.keySet().forEach(n -> list.append(url("/e2e/" + n)).append('\n'));
    Path listFile = Files.writeString(tmp.resolve("urls.txt"), list.toString());
    Path out = tmp.resolve("downloads/images");

    Result r = fetch("-t", "3", "-o", out.toString(), "-f", listFile.toString());

    assertEquals(0, r.exit(), r::toString);
    assertEquals(5, r.outLines().size(), r::toString);
    for (Map.Entry<String, byte[]> e : bodies.entrySet()) {
      String line = r.outLines().stream().filter(l -> l.endsWith("\t" + url("/e2e/" + e.getKey())))
          .findFirst().orElseThrow(() -> new AssertionError("no line for " + e.getKey() + "\n" + r));
      String[] f = line.split("\t", -1);
      assertEquals(6, f.length, line);
      assertEquals("ok", f[0], line);
      assertEquals("200", f[1], line);
      assertEquals(Integer.toString(e.getValue().length), f[2], line);
      assertTrue(f[3].matches("\\d+\\.\\d\\d"), line);
      assertEquals(out.resolve(e.getKey()).toString(), f[4], line);
      assertArrayEquals(e.getValue(), Files.readAllBytes(out.resolve(e.getKey())), e.getKey());
    }
    assertTrue(r.err().startsWith("fetch: 5 entries: 5 ok, 0 skipped, 0 failed;"), r::toString);
    assertEquals(5, server.getAllServeEvents().size());
  }

  @Test
  void usageErrorExitsTwoWithAShortMessageAndNoStackTrace() throws Exception {
    Result r = fetch("--no-such-option", url("/e2e/x.jpg"));

    assertEquals(2, r.exit(), r::toString);
    assertEquals("", r.out(), r::toString);
    List<String> errLines = r.err().lines().toList();
    assertEquals(2, errLines.size(), r::toString);
    assertTrue(errLines.get(0).startsWith("fetch: ") && errLines.get(0).contains("--no-such-option"), r::toString);
    assertTrue(errLines.get(1).contains("--help"), r::toString);
    assertFalse(r.err().contains("Exception"), r::toString);
    assertFalse(r.err().contains("\tat "), r::toString);
    assertEquals(0, server.getAllServeEvents().size(), "no request for a usage error");
  }

  @Test
  void noUrlsExitsTwo() throws Exception {
    Result r = fetch();
    assertEquals(2, r.exit(), r::toString);
    assertTrue(r.err().contains("no URLs given"), r::toString);
  }

  @Test
  void versionRunsThePackagedJar() throws Exception {
    Result r = fetch("--version");
    assertEquals(0, r.exit(), r::toString);
    // the version mvn package built (its pom.properties), read by the packaged jar from its manifest
    Properties built = new Properties();
    try (Reader in = Files.newBufferedReader(
        Launcher.path().resolveSibling("maven-archiver").resolve("pom.properties"))) {
      built.load(in);
    }
    assertEquals("fetch " + built.getProperty("version"), r.out().lines().findFirst().orElse(""), r::toString);
  }

  @Test
  void theYoungGenerationIsCappedAtSixteenMegabytesUnlessTheUserSizesTheHeap() throws Exception {
    assertEquals("16777216 {command line}", maxNewSize(Launcher.in(tmp.resolve("default"))));

    // the user's own heap size, wherever it is given, leaves the young generation to the JVM
    assertEquals("8388608 {ergonomic}", maxNewSize(Launcher.in(tmp.resolve("xmx")), "-Xmx24m"));
    assertEquals("8388608 {command line}", maxNewSize(Launcher.in(tmp.resolve("xmn")), "-Xmn8m"));
    assertFalse(maxNewSize(Launcher.in(tmp.resolve("ram")), "-XX:MaxRAMPercentage=5").startsWith("16777216 "));
    assertEquals("8388608 {ergonomic}", maxNewSize(Launcher.in(tmp.resolve("tool")).env("JAVA_TOOL_OPTIONS", "-Xmx24m")));
    assertEquals("8388608 {ergonomic}", maxNewSize(Launcher.in(tmp.resolve("jdk")).env("JDK_JAVA_OPTIONS", "-Xmx24m")));
  }

  @Test
  void transparentHugePagesAreAskedForWhereTheKernelGivesThemOnRequest() throws Exception {
    Path setting = Path.of("/sys/kernel/mm/transparent_hugepage/enabled");
    boolean offered = Files.isReadable(setting) && Files.readString(setting).matches("(?s).*\\[(madvise|always)\\].*");
    String used = jvmFlag(Launcher.in(tmp.resolve("thp")), "UseTransparentHugePages");
    assertEquals(offered ? "true {command line}" : "false {default}", used, setting + " says it is offered: " + offered);
    // the user's own choice comes last and wins
    assertEquals("false {command line}",
        jvmFlag(Launcher.in(tmp.resolve("thp-off")), "UseTransparentHugePages", "-XX:-UseTransparentHugePages"));
  }

  private static String maxNewSize(Launcher fetch, String... userOptions) throws Exception {
    return jvmFlag(fetch, "MaxNewSize", userOptions);
  }

  /** A JVM option's value and where it came from, as the JVM that fetch ran in printed them. */
  private static String jvmFlag(Launcher fetch, String name, String... userOptions) throws Exception {
    Result r = fetch.javaOptions(String.join(" ", Stream.concat(Stream.of(userOptions),
            Stream.of("-XX:+UnlockDiagnosticVMOptions", "-XX:+DisplayVMOutput", "-XX:+PrintFlagsFinal")).toList()))
        .run("--version");
    assertEquals(0, r.exit(), r::toString);
    Matcher m = Pattern.compile("\\b" + name + "\\s+= (\\S+)\\s+\\{product\\} (\\{[a-z ]+\\})").matcher(r.out());
    assertTrue(m.find(), r::toString);
    return m.group(1) + " " + m.group(2);
  }

  @Test
  void everySpellingOfTheLauncherPathSharesOneStartUpArchive() throws Exception {
    Path bin = Files.createDirectories(tmp.resolve("app/bin"));
    Path installed = Files.copy(Launcher.path(), bin.resolve("fetch"), StandardCopyOption.COPY_ATTRIBUTES);
    Path fileLink = Files.createSymbolicLink(
        Files.createDirectories(tmp.resolve("links")).resolve("fetch"), Path.of("../app/bin/fetch"));
    Files.createSymbolicLink(tmp.resolve("current"), Path.of("app"));
    // the one launcher test with the start-up cache on: it is what this test is about
    Launcher cached = Launcher.in(tmp).withStartUpCache();
    Path home = cached.home();
    Path cacheDir = cached.cacheDir();

    Result first = cached.spelledAs(bin, "./fetch").run("--version");
    assertEquals(0, first.exit(), first::toString);
    List<Path> archives = awaitTraining(cacheDir);
    assertEquals(1, archives.size(), "one archive after the first run: " + archives);
    assertTrue(archives.get(0).toString().matches(".*/fetch-\\d+\\.(jsa|aot)"), archives::toString);

    record Spelling(Path dir, String command) {}
    for (Spelling s : List.of(
        new Spelling(tmp, "app/bin/fetch"),
        new Spelling(home, installed.toString()),
        new Spelling(home, fileLink.toString()),
        new Spelling(tmp, "current/bin/fetch"))) {
      Path classLog = tmp.resolve("class-load.log");
      Files.deleteIfExists(classLog);
      Result r = cached.spelledAs(s.dir(), s.command())
          .javaOptions("-Xlog:class+load=info:file=" + classLog).run("--version");

      assertEquals(0, r.exit(), s + "\n" + r);
      // a launcher that misses the archive starts a training run: its lock would be here by now
      assertEquals(archives, cacheFiles(cacheDir), s + ": no second archive, no training started");
      long fromArchive = Files.readAllLines(classLog).stream()
          .filter(l -> l.contains(" dev.fetch.") && l.contains("shared objects file")).count();
      assertTrue(fromArchive > 0, s + ": fetch's classes come from the archive\n" + Files.readString(classLog));
    }
  }

  @Test
  void cacheBuildModeMakesTheArchiveBeforeItExitsAndTheNextRunStartsFromIt() throws Exception {
    Launcher launcher = Launcher.in(tmp).withStartUpCache().timeout(Duration.ofSeconds(300));
    Path cacheDir = launcher.cacheDir();

    Result built = launcher.env("FETCH_CACHE", "build").run();

    assertEquals(0, built.exit(), built::toString);
    List<Path> files = cacheFiles(cacheDir);
    assertEquals(1, files.size(), "the archive and nothing else (no lock, no temporary file): " + files);
    assertTrue(files.get(0).toString().matches(".*/fetch-\\d+\\.(jsa|aot)"), files::toString);
    assertEquals(List.of(files.get(0).toString()), built.outLines(), "prints the archive's path");
    assertEquals("", built.err(), built::toString);

    Path classLog = tmp.resolve("class-load.log");
    Result r = launcher.env("FETCH_CACHE", "on").javaOptions("-Xlog:class+load=info:file=" + classLog)
        .run("--version");
    assertEquals(0, r.exit(), r::toString);
    assertEquals(files, cacheFiles(cacheDir), "no training started: the archive was there");
    assertTrue(Files.readAllLines(classLog).stream()
            .anyMatch(l -> l.contains(" dev.fetch.") && l.contains("shared objects file")),
        "fetch's classes come from the archive");

    Result again = launcher.env("FETCH_CACHE", "build").javaOptions("").run();
    assertEquals(0, again.exit(), again::toString);
    assertEquals(built.out(), again.out(), "an archive already there is kept");
  }

  @Test
  void cacheBuildModeThatCannotMakeTheArchiveSaysSoInOneLineAndExitsOne() throws Exception {
    Path notAFolder = Files.writeString(tmp.resolve("not-a-folder"), "x");
    Result r = Launcher.in(tmp).env("FETCH_CACHE", "build")
        .env("XDG_CACHE_HOME", notAFolder.resolve("cache").toString()).run();

    assertEquals(1, r.exit(), r::toString);
    assertEquals("", r.out(), r::toString);
    assertEquals(1, r.err().lines().count(), r::toString);
    assertTrue(r.err().startsWith("fetch: FETCH_CACHE=build: could not make the start-up cache"), r::toString);
  }

  /** The cache folder's files once the background training run has let go of its lock. */
  private static List<Path> awaitTraining(Path cacheDir) throws IOException, InterruptedException {
    // generous: training is a JVM run of a few loopback downloads, on a possibly busy machine
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
    List<Path> files = cacheFiles(cacheDir);
    while (files.stream().anyMatch(f -> f.getFileName().toString().endsWith(".lock"))) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("training did not finish within 300 s; cache: " + files);
      }
      Thread.sleep(250);
      files = cacheFiles(cacheDir);
    }
    return files;
  }

  private static List<Path> cacheFiles(Path cacheDir) throws IOException {
    if (!Files.isDirectory(cacheDir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(cacheDir)) {
      // the archives and their locks (the compiler directives file beside them is not one)
      return files.filter(f -> f.getFileName().toString().startsWith("fetch-")).sorted().toList();
    }
  }
}
