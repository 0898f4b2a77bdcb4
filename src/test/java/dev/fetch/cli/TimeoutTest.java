package dev.fetch.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.fetch.cli.RobustSupport.fetch;
import static dev.fetch.cli.RobustSupport.integer;
import static dev.fetch.cli.RobustSupport.jpeg;
import static dev.fetch.cli.RobustSupport.text;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.common.ConsoleNotifier;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.fetch.cli.RobustSupport.Run;
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
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** --timeout (whole transfer, per attempt), --read-timeout and --connect-timeout: each ends its attempt. */
class TimeoutTest {
  @RegisterExtension
  static WireMockExtension wm = WireMockExtension.newInstance()
      .options(wireMockConfig().dynamicPort().notifier(new ConsoleNotifier(false)))
      .build();

  @TempDir Path dir;
  Path out;

  @BeforeEach
  void setUp() {
    out = dir.resolve("out");
  }

  String url(String path) {
    return "http://127.0.0.1:" + wm.getPort() + path;
  }

  @Test
  void aServerThatNeverAnswersFailsAtTheReadTimeoutAndTheRunEnds() throws Exception {
    wm.stubFor(get("/silent.jpg").willReturn(aResponse().withStatus(200).withBody(jpeg(100, 1))
        .withFixedDelay(4_000)));
    wm.stubFor(get("/good.jpg").willReturn(aResponse().withStatus(200).withBody(jpeg(100, 2))));

    Run r = fetch("--json", "--read-timeout", "1", "--retries", "0", "-o", out.toString(),
        url("/silent.jpg"), url("/good.jpg"));

    assertEquals(1, r.exit(), r.toString());
    assertTrue(r.millis() < 3_500, "took " + r.millis() + " ms with --read-timeout 1");
    Map<String, Object> silent = result(r, "/silent.jpg");
    assertEquals("failed", silent.get("status"));
    assertTrue(text(silent, "error").contains("read timed out"), r.toString());
    assertEquals("ok", result(r, "/good.jpg").get("status"));
    assertEquals(List.of("good.jpg"), RobustSupport.tree(out));
  }

  @Test
  void aDribblingServerFailsAtTheWholeTransferTimeout() throws Exception {
    // 40 chunks over 20 s: a chunk every 0.5 s keeps --read-timeout 3 happy, --timeout 2 is not
    wm.stubFor(get("/slow.jpg").willReturn(aResponse().withStatus(200).withHeader("Content-Type", "image/jpeg")
        .withBody(jpeg(4_000, 3)).withChunkedDribbleDelay(40, 20_000)));

    Run r = fetch("--json", "--timeout", "2", "--read-timeout", "3", "--retries", "0", "-o", out.toString(),
        url("/slow.jpg"));

    assertEquals(1, r.exit(), r.toString());
    assertTrue(r.millis() >= 1_900 && r.millis() < 5_000, "took " + r.millis() + " ms with --timeout 2");
    Map<String, Object> j = r.single();
    assertEquals("failed", j.get("status"));
    assertTrue(text(j, "error").contains("--timeout"), r.toString());
    assertEquals(List.of(), RobustSupport.tree(out), "no file and no .part");
  }

  @Test
  void theTimeoutIsPerAttemptAndATimedOutAttemptIsRetried() throws Exception {
    byte[] body = jpeg(4_000, 4);
    wm.stubFor(get("/a.jpg").inScenario("slow once").whenScenarioStateIs(Scenario.STARTED)
        .willReturn(aResponse().withStatus(200).withBody(body).withChunkedDribbleDelay(20, 10_000))
        .willSetStateTo("fast"));
    wm.stubFor(get("/a.jpg").inScenario("slow once").whenScenarioStateIs("fast")
        .willReturn(aResponse().withStatus(200).withBody(body)));

    Run r = fetch("--json", "--timeout", "1", "--retries", "1", "-o", out.toString(), url("/a.jpg"));

    assertEquals(0, r.exit(), r.toString());
    wm.verify(exactly(2), getRequestedFor(urlEqualTo("/a.jpg")));
    assertEquals(2, integer(r.single(), "attempts"));
    assertArrayEquals(body, Files.readAllBytes(out.resolve("a.jpg")));
  }

  @Test
  void aStallInTheMiddleOfTheBodyFailsAtTheReadTimeout() throws Exception {
    byte[] body = jpeg(100_000, 5);
    try (RawHttpServer server = new RawHttpServer((req, ex) -> {
      ex.head(200, Map.of("Content-Type", "image/jpeg", "Content-Length", "" + body.length));
      ex.write(body, 0, 30_000);
      Thread.sleep(5_000); // then silence
    })) {
      Run r = fetch("--json", "--read-timeout", "1", "--retries", "0", "-o", out.toString(), server.url("/a.jpg"));

      assertEquals(1, r.exit(), r.toString());
      assertTrue(r.millis() < 3_500, r.toString());
      assertTrue(text(r.single(), "error").contains("read timed out"), r.toString());
      assertEquals(List.of(), RobustSupport.tree(out));
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

        Run r = fetch("--json", "--connect-timeout", "1", "--retries", "0", "-o", out.toString(),
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

  private static Map<String, Object> result(Run r, String path) {
    return r.json().stream().filter(j -> text(j, "url").endsWith(path)).findFirst()
        .orElseThrow(() -> new AssertionError("no result for " + path + ": " + r));
  }
}
