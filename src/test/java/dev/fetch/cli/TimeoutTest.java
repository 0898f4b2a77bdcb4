package dev.fetch.cli;

import static dev.fetch.cli.CliFixtures.run;
import static dev.fetch.cli.CliFixtures.integer;
import static dev.fetch.testing.TestImages.jpeg;
import static dev.fetch.cli.CliFixtures.text;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fetch.cli.CliFixtures.Outcome;
import dev.fetch.testing.RawHttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --timeout (whole transfer, per attempt), --read-timeout and --connect-timeout: each ends its attempt. */
class TimeoutTest {
  @TempDir Path dir;
  Path out;

  @BeforeEach
  void setUp() {
    out = dir.resolve("out");
  }

  @Test
  void aServerThatNeverAnswersFailsAtTheReadTimeoutAndTheRunEnds() throws Exception {
    try (RawHttpServer server = new RawHttpServer((req, ex) -> {
      if (req.path().equals("/silent.jpg")) {
        Thread.sleep(30_000); // reads the request, never answers (interrupted when the server closes)
      }
      ex.respond(200, Map.of("Content-Type", "image/jpeg"), jpeg(100, 2));
    })) {
      Outcome r = run("--json", "--read-timeout", "1", "--retries", "0", "-o", out.toString(),
          server.url("/silent.jpg"), server.url("/good.jpg"));

      assertEquals(1, r.exit(), r.toString());
      assertTrue(r.millis() < 3_500, "took " + r.millis() + " ms with --read-timeout 1");
      Map<String, Object> silent = result(r, "/silent.jpg");
      assertEquals("failed", silent.get("status"));
      assertTrue(text(silent, "error").contains("read timed out"), r.toString());
      assertEquals("ok", result(r, "/good.jpg").get("status"));
      assertEquals(List.of("good.jpg"), CliFixtures.tree(out));
    }
  }

  @Test
  void aDribblingServerFailsAtTheWholeTransferTimeout() throws Exception {
    byte[] body = jpeg(20_000, 3);
    try (RawHttpServer server = new RawHttpServer((req, ex) -> {
      // 500 bytes every 0.25 s: never silent for --read-timeout 3, but 10 s in all, far more than --timeout 2
      ex.head(200, Map.of("Content-Type", "image/jpeg", "Content-Length", "" + body.length));
      for (int off = 0; off < body.length; off += 500) {
        ex.write(body, off, 500);
        Thread.sleep(250);
      }
    })) {
      Outcome r = run("--json", "--timeout", "2", "--read-timeout", "3", "--retries", "0", "-o", out.toString(),
          server.url("/slow.jpg"));

      assertEquals(1, r.exit(), r.toString());
      assertTrue(r.millis() >= 1_900 && r.millis() < 3 * 2_000, "took " + r.millis() + " ms with --timeout 2");
      Map<String, Object> j = r.single();
      assertEquals("failed", j.get("status"));
      assertTrue(text(j, "error").contains("--timeout"), r.toString());
      assertEquals(List.of(), CliFixtures.tree(out), "no file and no .part");
    }
  }

  @Test
  void theTimeoutIsPerAttemptAndATimedOutAttemptIsRetried() throws Exception {
    byte[] body = jpeg(20_000, 4);
    AtomicInteger n = new AtomicInteger();
    try (RawHttpServer server = new RawHttpServer((req, ex) -> {
      if (n.incrementAndGet() == 1) {
        ex.head(200, Map.of("Content-Type", "image/jpeg", "Content-Length", "" + body.length));
        for (int off = 0; off < body.length; off += 1_000) {
          ex.write(body, off, 1_000);
          Thread.sleep(250);
        }
      } else {
        ex.respond(200, Map.of("Content-Type", "image/jpeg"), body);
      }
    })) {
      Outcome r = run("--json", "--timeout", "1", "--retries", "1", "-o", out.toString(), server.url("/a.jpg"));

      assertEquals(0, r.exit(), r.toString());
      assertEquals(2, server.requests().size());
      assertEquals(2, integer(r.single(), "attempts"));
      assertArrayEquals(body, Files.readAllBytes(out.resolve("a.jpg")));
    }
  }

  @Test
  void aStallInTheMiddleOfTheBodyFailsAtTheReadTimeout() throws Exception {
    byte[] body = jpeg(100_000, 5);
    try (RawHttpServer server = new RawHttpServer((req, ex) -> {
      ex.head(200, Map.of("Content-Type", "image/jpeg", "Content-Length", "" + body.length));
      ex.write(body, 0, 30_000);
      Thread.sleep(5_000); // then silence
    })) {
      Outcome r = run("--json", "--read-timeout", "1", "--retries", "0", "-o", out.toString(), server.url("/a.jpg"));

      assertEquals(1, r.exit(), r.toString());
      assertTrue(r.millis() < 3_500, r.toString());
      assertTrue(text(r.single(), "error").contains("read timed out"), r.toString());
      assertEquals(List.of(), CliFixtures.tree(out));
    }
  }

  /**
   * A listening socket whose accept queue is full drops new SYNs, so connecting hangs: the
   * connect timeout must end it, with a reason that says so.
   */
  @Test
  void aConnectThatHangsFailsAtTheConnectTimeout() throws Exception {
    InetAddress lo = InetAddress.getLoopbackAddress();
    try (ServerSocket full = new ServerSocket(0, 1, lo)) {
      List<Socket> fillers = new ArrayList<>();
      try {
        boolean hangs = false;
        for (int i = 0; i < 8 && !hangs; i++) {
          Socket s = new Socket();
          fillers.add(s);
          try {
            s.connect(new InetSocketAddress(lo, full.getLocalPort()), 300);
          } catch (java.net.SocketTimeoutException e) {
            hangs = true;
          }
        }
        Assumptions.assumeTrue(hangs, "this system does not drop connections to a full accept queue");

        Outcome r = run("--json", "--connect-timeout", "1", "--retries", "0", "-o", out.toString(),
            "http://127.0.0.1:" + full.getLocalPort() + "/a.jpg");

        assertEquals(1, r.exit(), r.toString());
        assertTrue(r.millis() < 4_000, r.toString());
        assertTrue(text(r.single(), "error").contains("connect timed out"), r.toString());
      } finally {
        for (Socket s : fillers) {
          s.close();
        }
      }
    }
  }

  private static Map<String, Object> result(Outcome r, String path) {
    return r.json().stream().filter(j -> text(j, "url").endsWith(path)).findFirst()
        .orElseThrow(() -> new AssertionError("no result for " + path + ": " + r));
  }
}
