package dev.fetch.cli;

import static dev.fetch.testing.TestImages.jpeg;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fetch.testing.RawHttpServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With -v (debug log on stderr) the packaged fetch still never prints credentials from URLs, nor the
 * Authorization header made of them.
 */
class VerboseRedactionIT {
  @TempDir Path dir;

  @Test
  void verboseLogHasNoCredentials() throws Exception {
    Path fetch = Path.of("target", "fetch").toAbsolutePath();
    assertTrue(Files.isExecutable(fetch), fetch + " is missing: run 'mvn package' first (mvn verify does)");
    byte[] body = jpeg(2_000, 1);
    try (RawHttpServer server = new RawHttpServer((req, ex) -> {
      switch (req.path()) {
        case "/ok.jpg" -> ex.respond(200, Map.of("Content-Type", "image/jpeg"), body);
        case "/broken.jpg" -> ex.respond(500, Map.of("Retry-After", "0"), new byte[0]);
        case "/moved.jpg" -> ex.respond(302, Map.of("Location", "/ok.jpg"), new byte[0]);
        default -> ex.respond(404, Map.of(), new byte[0]);
      }
    })) {
      String base = "127.0.0.1:" + server.port();
      List<String> urls = List.of(
          "http://alice:hunter2secret@" + base + "/ok.jpg",
          "http://bob:pa@ss3cretword@" + base + "/broken.jpg",
          "http://carol:tops3cretpw@" + base + "/missing.jpg",
          "http://dave:dav3secret@" + base + "/moved.jpg",
          "ftp://erin:ftps3cretpw@" + base + "/x.jpg");
      Path failed = dir.resolve("failed.txt");
      List<String> cmd = new java.util.ArrayList<>(List.of(fetch.toString(), "-v", "--retries", "1",
          "--failed", failed.toString(), "-o", dir.resolve("out").toString()));
      cmd.addAll(urls);
      Process p = new ProcessBuilder(cmd)
          .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
          .redirectOutput(dir.resolve("stdout.txt").toFile())
          .redirectError(dir.resolve("stderr.txt").toFile())
          .start();
      assertTrue(p.waitFor(60, TimeUnit.SECONDS), "fetch did not finish");
      String stdout = Files.readString(dir.resolve("stdout.txt"));
      String stderr = Files.readString(dir.resolve("stderr.txt"));
      String all = "--- stdout\n" + stdout + "--- stderr\n" + stderr;

      assertEquals(1, p.exitValue(), all);
      assertTrue(stderr.contains("/broken.jpg"), "-v logs the requests: " + all);
      for (String secret : List.of("hunter2", "ss3cretword", "cretword", "tops3cret", "dav3secret", "ftps3cret",
          "alice", "bob:", "carol", "dave", "erin",
          "YWxpY2U6aHVudGVyMnNlY3JldA", "ZGF2ZTpkYXYzc2VjcmV0")) { // the Basic authorization sent for alice and dave
        assertFalse(stdout.contains(secret), secret + " on stdout: " + all);
        assertFalse(stderr.contains(secret), secret + " on stderr: " + all);
      }
      for (String line : Files.readAllLines(failed)) {
        if (line.startsWith("#")) {
          assertFalse(line.contains("cret"), "comment in --failed: " + line);
        }
      }
    }
  }
}
