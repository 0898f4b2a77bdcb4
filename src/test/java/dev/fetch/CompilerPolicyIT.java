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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's compiler policy (C2 for the JDK's crypto provider only, through a compiler
 * directives file it keeps in the cache folder): the JVM takes its options without a word on stdout
 * or stderr, on the JDK running the tests and on every other JDK 17+ installed beside it.
 */
class CompilerPolicyIT {
  private static final String DIRECTIVES_FILE = "c2-crypto-1.json";

  @RegisterExtension
  static final WireMockExtension server = WireMockExtension.newInstance()
      .options(wireMockConfig().dynamicPort().jettyAcceptors(1))
      .build();

  @TempDir Path tmp;

  @Test
  void everyInstalledJdkRunsWithTheCompilerDirectivesAndPrintsOnlyTheResult() throws Exception {
    byte[] body = TestImages.jpeg(4000, 7);
    server.stubFor(get(urlPathEqualTo("/jit/a.jpg")).willReturn(aResponse()
        .withHeader("Content-Type", "image/jpeg").withBody(body)));
    String url = "http://127.0.0.1:" + server.getPort() + "/jit/a.jpg";

    List<Path> jdks = jdks();
    for (Path jdk : jdks) {
      Path scratch = Files.createDirectories(tmp.resolve("jdk-" + jdk.getFileName()));
      Launcher fetch = Launcher.in(scratch).withStartUpCache().env("JAVA_HOME", jdk.toString());
      Path out = scratch.resolve("out");
      try {
        Result r = fetch.run("--json", "-o", out.toString(), url);

        assertEquals(0, r.exit(), jdk + "\n" + r);
        List<String> err = r.err().lines().toList();
        assertEquals(1, err.size(), jdk + ": only the closing summary on stderr\n" + r);
        assertTrue(err.get(0).startsWith("fetch: 1 entry: 1 ok"), jdk + "\n" + r);
        assertEquals(1, r.outLines().size(), jdk + ": only the result line on stdout\n" + r);
        assertTrue(r.outLines().get(0).startsWith("{") && r.out().contains("\"ok\""), jdk + "\n" + r);
        assertArrayEquals(body, Files.readAllBytes(out.resolve("a.jpg")), jdk.toString());
        Path directives = fetch.cacheDir().resolve(DIRECTIVES_FILE);
        assertTrue(Files.isRegularFile(directives), jdk + ": the directives file is kept in the cache folder");
        assertTrue(Files.readString(directives).contains("com/sun/crypto/provider/"), directives.toString());
      } finally {
        awaitTraining(fetch.cacheDir());
      }
    }
  }

  @Test
  void aDirectivesFileThatIsNotOursIsWrittenAfreshAndTheRunStaysQuiet() throws Exception {
    server.stubFor(get(urlPathEqualTo("/jit/b.png")).willReturn(aResponse()
        .withHeader("Content-Type", "image/png").withBody(TestImages.png(3000, 3))));
    Launcher fetch = Launcher.in(tmp).withStartUpCache();
    Path directives = Files.createDirectories(fetch.cacheDir()).resolve(DIRECTIVES_FILE);
    Files.writeString(directives, "[{ this is not JSON\n"); // a JVM given this file would not start
    try {
      Result r = fetch.run("-q", "-o", tmp.resolve("out").toString(),
          "http://127.0.0.1:" + server.getPort() + "/jit/b.png");

      assertEquals(0, r.exit(), r::toString);
      assertEquals("", r.err(), r::toString);
      assertTrue(Files.isRegularFile(tmp.resolve("out/b.png")), r::toString);
      assertTrue(Files.readString(directives).startsWith("[{match:"), "rewritten: " + Files.readString(directives));
    } finally {
      awaitTraining(fetch.cacheDir());
    }
  }

  @Test
  void withTheCacheOffNothingIsWrittenAndTheRunStaysQuiet() throws Exception {
    server.stubFor(get(urlPathEqualTo("/jit/c.png")).willReturn(aResponse()
        .withHeader("Content-Type", "image/png").withBody(TestImages.png(3000, 4))));
    Launcher fetch = Launcher.in(tmp); // FETCH_CACHE=off

    Result r = fetch.run("-q", "-o", tmp.resolve("out").toString(),
        "http://127.0.0.1:" + server.getPort() + "/jit/c.png");

    assertEquals(0, r.exit(), r::toString);
    assertEquals("", r.err(), r::toString);
    assertFalse(Files.exists(fetch.cacheDir()), "FETCH_CACHE=off writes nothing outside the output folder");
  }

  /** The JDK running the tests, then every other JDK 17 or newer in the folder it is installed in. */
  private static List<Path> jdks() throws IOException {
    Path running = Path.of(System.getProperty("java.home")).toRealPath();
    Set<Path> found = new LinkedHashSet<>(List.of(running));
    Path parent = running.getParent();
    if (parent != null) {
      try (Stream<Path> siblings = Files.list(parent)) {
        for (Path p : siblings.sorted().toList()) {
          if (Files.isExecutable(p.resolve("bin/java")) && feature(p).filter(v -> v >= 17).isPresent()) {
            found.add(p.toRealPath());
          }
        }
      }
    }
    return new ArrayList<>(found);
  }

  private static Optional<Integer> feature(Path jdk) {
    try {
      Matcher m = Pattern.compile("(?m)^JAVA_VERSION=\"(\\d+)").matcher(Files.readString(jdk.resolve("release")));
      return m.find() ? Optional.of(Integer.parseInt(m.group(1))) : Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** Waits until the background training run the cache started has let go of its lock. */
  private static void awaitTraining(Path cacheDir) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
    while (Files.isDirectory(cacheDir) && hasLock(cacheDir)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("training did not finish within 300 s");
      }
      Thread.sleep(250);
    }
  }

  private static boolean hasLock(Path cacheDir) throws IOException {
    try (Stream<Path> files = Files.list(cacheDir)) {
      return files.anyMatch(f -> f.getFileName().toString().endsWith(".lock"));
    }
  }
}
