package dev.fetch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fetch.testing.Launcher;
import dev.fetch.testing.Launcher.Result;
import dev.fetch.testing.TestImages;
import dev.fetch.testing.TlsServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.Protocol;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import okio.Buffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the start-up cache holds, on the JDK running the tests: picocli's classes (rewritten at build
 * time as class files the archive takes) and, after the training run, the TLS and HTTP/2 classes an
 * https run loads. Runs in {@code mvn verify}, on the packaged launcher.
 */
class StartUpCacheIT {
  private static final Path TARGET = Path.of(System.getProperty("basedir", "."), "target");

  @TempDir Path tmp;

  @Test
  void picocliClassesInTheShadedJarAreJava8ClassFiles() throws IOException {
    Path jar;
    try (Stream<Path> files = Files.list(TARGET)) {
      jar = files.filter(f -> f.getFileName().toString().endsWith("-all.jar")).findFirst()
          .orElseThrow(() -> new AssertionError("no shaded jar in " + TARGET + ": run mvn package"));
    }
    int classes = 0;
    try (JarFile zip = new JarFile(jar.toFile())) {
      for (JarEntry e : zip.stream().toList()) {
        if (e.getName().startsWith("picocli/") && e.getName().endsWith(".class")) {
          try (InputStream in = zip.getInputStream(e)) {
            byte[] head = in.readNBytes(8);
            int major = ((head[6] & 0xFF) << 8) | (head[7] & 0xFF);
            assertTrue(major >= 52, e.getName() + ": class-file version " + major + ", the archive skips < 50");
          }
          classes++;
        }
      }
    }
    assertTrue(classes > 100, "picocli's classes are in the jar: " + classes);
  }

  @Test
  void afterTrainingAnHttpsRunLoadsPicocliTlsAndHttp2FromTheArchive() throws Exception {
    Launcher cached = Launcher.in(tmp).withStartUpCache().timeout(java.time.Duration.ofSeconds(120));
    Result first = cached.run("--version");
    assertEquals(0, first.exit(), first::toString);
    awaitTraining(cached.cacheDir());

    byte[] image = TestImages.jpeg(5_000, 3);
    HeldCertificate leaf = TlsServer.certificateFor("localhost", "127.0.0.1");
    try (MockWebServer server = new MockWebServer()) {
      server.useHttps(new HandshakeCertificates.Builder()
          .heldCertificate(leaf, TlsServer.AUTHORITY.certificate()).build().sslSocketFactory());
      server.setProtocols(List.of(Protocol.HTTP_2, Protocol.HTTP_1_1));
      server.enqueue(new MockResponse.Builder().setHeader("Content-Type", "image/jpeg")
          .body(new Buffer().write(image)).build());
      server.start();
      Path ca = Files.writeString(tmp.resolve("ca.pem"), TlsServer.authorityPem());
      Path classLog = tmp.resolve("class-load.log");

      Result r = cached.javaOptions("-Xlog:class+load=info:file=" + classLog)
          .run("--json", "--cacert", ca.toString(), "-o", tmp.resolve("out").toString(),
              server.url("/a.jpg").toString());

      assertEquals(0, r.exit(), r::toString);
      assertTrue(r.out().contains("\"protocol\":\"h2\""), r::toString);
      assertArrayEquals(image, Files.readAllBytes(tmp.resolve("out/a.jpg")));
      List<String> loaded = Files.readAllLines(classLog);
      // the PKIX check of a chain up to a CA (the training's server sends one), not only the handshake
      for (String prefix : List.of(" picocli.", " sun.security.ssl.", " okhttp3.internal.http2.",
          " sun.security.validator.", " sun.security.provider.certpath.")) {
        List<String> classes = loaded.stream().filter(l -> l.contains(prefix)).toList();
        List<String> notArchived = classes.stream().filter(l -> !l.contains("shared objects file")).toList();
        assertTrue(classes.size() >= 5, prefix + " classes loaded: " + classes.size());
        assertEquals(List.of(), notArchived, prefix + " classes loaded from outside the start-up cache");
      }
    }
  }

  /** Waits for the background training run to let go of its lock (generous: a busy machine). */
  private static void awaitTraining(Path cacheDir) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
    while (true) {
      List<String> files;
      try (Stream<Path> list = Files.list(cacheDir)) {
        files = list.map(p -> p.getFileName().toString()).toList();
      }
      if (files.stream().noneMatch(f -> f.endsWith(".lock"))) {
        assertTrue(files.stream().anyMatch(f -> f.matches("fetch-\\d+\\.(jsa|aot)")), "an archive: " + files);
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("training did not finish within 300 s: " + files);
      }
      Thread.sleep(250);
    }
  }
}
