package dev.fetch.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.fetch.cli.CliFixtures.run;
import static dev.fetch.cli.CliFixtures.integer;
import static dev.fetch.testing.TestImages.jpeg;
import static dev.fetch.testing.TestImages.png;
import static dev.fetch.cli.CliFixtures.text;
import static dev.fetch.cli.CliFixtures.tree;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fetch.cli.CliFixtures.Outcome;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.fetch.testing.RawHttpServer;
import dev.fetch.testing.LocalServers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** What is kept: images only (unless --any-type), within --max-size, after redirects. */
class ValidationTest {
  @RegisterExtension
  static WireMockExtension wm = LocalServers.wireMock();

  static final byte[] HTML =
      "<!doctype html><html><head><title>Login</title></head><body>please log in</body></html>"
          .getBytes(StandardCharsets.UTF_8);

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
  void anHtmlPageIsNotAnImageAndNothingIsKept() throws Exception {
    wm.stubFor(get("/photo.jpg").willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "text/html; charset=utf-8").withBody(HTML)));

    Outcome r = run("--json", "-o", out.toString(), url("/photo.jpg"));

    assertEquals(1, r.exit(), r.toString());
    Map<String, Object> j = r.single();
    assertEquals("failed", j.get("status"));
    assertTrue(text(j, "error").contains("not an image"), r.toString());
    assertTrue(text(j, "error").contains("text/html"), r.toString());
    assertEquals(List.of(), tree(out));
    wm.verify(exactly(1), getRequestedFor(urlEqualTo("/photo.jpg"))); // not worth a retry
  }

  @Test
  void aBodyThatIsNotAnImageFailsWhateverTheContentTypeSays() throws Exception {
    wm.stubFor(get("/photo.jpg").willReturn(LocalServers.jpegResponse(HTML)));

    Outcome r = run("--json", "-o", out.toString(), url("/photo.jpg"));

    assertEquals(1, r.exit(), r.toString());
    assertEquals("not an image: the body looks like HTML (Content-Type said image/jpeg)",
        text(r.single(), "error"), "the reason says what the body is, and what the server claimed");
    assertEquals(List.of(), tree(out));
  }

  @Test
  void theReasonNamesJsonTextAndUnknownBinaryBodies() throws Exception {
    wm.stubFor(get("/j.jpg").willReturn(aResponse().withHeader("Content-Type", "image/jpeg").withBody("{\"error\": \"quota\"}")));
    wm.stubFor(get("/t.jpg").willReturn(aResponse().withBody("Access denied\n")));
    wm.stubFor(get("/b.jpg").willReturn(aResponse().withHeader("Content-Type", "application/octet-stream")
        .withBody(new byte[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13})));

    Outcome r = run("--json", "-t", "1", "-o", out.toString(), url("/j.jpg"), url("/t.jpg"), url("/b.jpg"));

    assertEquals(1, r.exit(), r.toString());
    List<String> errors = r.json().stream().map(j -> text(j, "error")).sorted().toList();
    assertEquals(List.of(
        "not an image: the body looks like JSON (Content-Type said image/jpeg)",
        "not an image: the body looks like binary data of an unknown kind (Content-Type said application/octet-stream)",
        "not an image: the body looks like text (no Content-Type)").stream().sorted().toList(), errors);
  }

  @Test
  void anyTypeKeepsIt() throws Exception {
    wm.stubFor(get("/page.html").willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "text/html").withBody(HTML)));

    Outcome r = run("--json", "--any-type", "-o", out.toString(), url("/page.html"));

    assertEquals(0, r.exit(), r.toString());
    assertArrayEquals(HTML, Files.readAllBytes(out.resolve("page.html")));
  }

  @Test
  void anEmptyBodyIsNotAnImage() throws Exception {
    wm.stubFor(get("/empty.jpg").willReturn(aResponse().withStatus(200).withHeader("Content-Type", "image/jpeg")));

    Outcome r = run("--json", "-o", out.toString(), url("/empty.jpg"));

    assertEquals(1, r.exit(), r.toString());
    assertEquals("not an image: the body is empty (Content-Type said image/jpeg)", text(r.single(), "error"));
    assertEquals(List.of(), tree(out));
  }

  /**
   * Content-Length over --max-size fails before the body is read: this server announces 50 MB,
   * sends 1 KB and then stalls, so reading would hang until the read timeout.
   */
  @Test
  void maxSizeByContentLengthFailsBeforeReading() throws Exception {
    byte[] head = jpeg(1_000, 1);
    try (RawHttpServer server = new RawHttpServer((req, ex) -> {
      ex.head(200, Map.of("Content-Type", "image/jpeg", "Content-Length", "" + 50_000_000));
      ex.write(head, 0, head.length);
      Thread.sleep(60_000);
    })) {
      Outcome r = run("--json", "--max-size", "1M", "--read-timeout", "30", "-o", out.toString(),
          server.url("/big.jpg"));

      assertEquals(1, r.exit(), r.toString());
      // reading would end only at the 30 s read timeout
      assertTrue(r.millis() < 10_000, "failed at once, without reading: " + r.millis() + " ms");
      Map<String, Object> j = r.single();
      assertTrue(text(j, "error").contains("too large"), r.toString());
      assertTrue(text(j, "error").contains("--max-size"), r.toString());
      assertEquals(1, integer(j, "attempts"));
      assertEquals(1, server.requests().size());
      assertEquals(List.of(), tree(out));
    }
  }

  @Test
  void maxSizeWhileStreamingAChunkedBodyFails() throws Exception {
    byte[] body = jpeg(300_000, 2);
    try (RawHttpServer server = new RawHttpServer((req, ex) -> {
      ex.head(200, Map.of("Content-Type", "image/jpeg", "Transfer-Encoding", "chunked"));
      for (int off = 0; off < body.length; off += 10_000) {
        ex.chunk(body, off, Math.min(10_000, body.length - off));
      }
      ex.endChunks();
    })) {
      Outcome r = run("--json", "--max-size", "100K", "-o", out.toString(), server.url("/big.jpg"));

      assertEquals(1, r.exit(), r.toString());
      Map<String, Object> j = r.single();
      assertTrue(text(j, "error").contains("too large"), r.toString());
      assertEquals(1, server.requests().size(), "not retried");
      assertEquals(List.of(), tree(out), "no file, no .part");
    }
  }

  @Test
  void exactlyMaxSizeIsAccepted() throws Exception {
    byte[] body = png(100 * 1024, 3);
    try (RawHttpServer server = new RawHttpServer((req, ex) -> {
      if (req.path().equals("/fixed.png")) {
        ex.respond(200, Map.of("Content-Type", "image/png"), body);
      } else {
        ex.head(200, Map.of("Content-Type", "image/png", "Transfer-Encoding", "chunked"));
        ex.chunk(body, 0, 60_000);
        ex.chunk(body, 60_000, body.length - 60_000);
        ex.endChunks();
      }
    })) {
      Outcome r = run("--json", "--max-size", "100K", "-o", out.toString(),
          server.url("/fixed.png"), server.url("/chunked.png"));

      assertEquals(0, r.exit(), r.toString());
      assertArrayEquals(body, Files.readAllBytes(out.resolve("fixed.png")));
      assertArrayEquals(body, Files.readAllBytes(out.resolve("chunked.png")));
    }
  }

  @Test
  void aChainOfThreeRedirectsIsFollowed() throws Exception {
    byte[] body = jpeg(5_000, 4);
    wm.stubFor(get("/r1.jpg").willReturn(aResponse().withStatus(301).withHeader("Location", "/r2")));
    wm.stubFor(get("/r2").willReturn(aResponse().withStatus(302).withHeader("Location", url("/r3"))));
    wm.stubFor(get("/r3").willReturn(aResponse().withStatus(307).withHeader("Location", "/final/image")));
    wm.stubFor(get("/final/image").willReturn(LocalServers.jpegResponse(body)));

    Outcome r = run("--json", "-o", out.toString(), url("/r1.jpg"));

    assertEquals(0, r.exit(), r.toString());
    assertArrayEquals(body, Files.readAllBytes(out.resolve("r1.jpg")), "named after the URL asked for");
    assertEquals(200, integer(r.single(), "http"));
    for (String p : List.of("/r1.jpg", "/r2", "/r3", "/final/image")) {
      wm.verify(exactly(1), getRequestedFor(urlEqualTo(p)));
    }
  }

  @Test
  void aRedirectLoopFailsWithAClearReason() throws Exception {
    wm.stubFor(get("/loop1.jpg").willReturn(aResponse().withStatus(302).withHeader("Location", "/loop2.jpg")));
    wm.stubFor(get("/loop2.jpg").willReturn(aResponse().withStatus(302).withHeader("Location", "/loop1.jpg")));

    Outcome r = run("--json", "-o", out.toString(), url("/loop1.jpg"));

    assertEquals(1, r.exit(), r.toString());
    Map<String, Object> j = r.single();
    assertEquals("too many redirects (more than 20)", text(j, "error"), r.toString());
    assertEquals(1, integer(j, "attempts"), "a loop is not retried");
    int requests = wm.getAllServeEvents().size();
    assertTrue(requests > 20 && requests < 2 * 21, "more than 20 redirects followed, once: " + requests);
    assertEquals(List.of(), tree(out));
  }

  /** The README's limit is "more than 20": a chain of exactly 20 redirects still succeeds. */
  @Test
  void aChainOfTwentyRedirectsIsFollowed() throws Exception {
    int redirects = 20;
    byte[] body = jpeg(2_000, 20);
    for (int i = 0; i < redirects; i++) {
      wm.stubFor(get("/hop" + i).willReturn(aResponse().withStatus(302).withHeader("Location", "/hop" + (i + 1))));
    }
    wm.stubFor(get("/hop" + redirects).willReturn(LocalServers.jpegResponse(body)));

    Outcome r = run("--json", "-o", out.toString(), url("/hop0"));

    assertEquals(0, r.exit(), r.toString());
    assertArrayEquals(body, Files.readAllBytes(out.resolve("hop0.jpg")));
    assertEquals(redirects + 1, wm.getAllServeEvents().size());
  }

  @Test
  void aRedirectToAMissingFileFailsWithItsStatus() throws Exception {
    wm.stubFor(get("/moved.jpg").willReturn(aResponse().withStatus(301).withHeader("Location", "/gone.jpg")));
    wm.stubFor(get("/gone.jpg").willReturn(aResponse().withStatus(404)));

    Outcome r = run("--json", "-o", out.toString(), url("/moved.jpg"));

    assertEquals(1, r.exit(), r.toString());
    assertEquals("HTTP 404", text(r.single(), "error"));
    assertEquals(List.of(), tree(out));
  }

  @Test
  void aRedirectWithoutAnHttpLocationIsNotFollowedAndFailsWithItsStatus() throws Exception {
    wm.stubFor(get("/nowhere.jpg").willReturn(aResponse().withStatus(302)));
    wm.stubFor(get("/ftp.jpg").willReturn(aResponse().withStatus(301).withHeader("Location", "ftp://127.0.0.1/x.jpg")));
    wm.stubFor(get("/bad.jpg").willReturn(aResponse().withStatus(307).withHeader("Location", "http://[nope/x.jpg")));

    Outcome r = run("--json", "--retries", "0", "-o", out.toString(),
        url("/nowhere.jpg"), url("/ftp.jpg"), url("/bad.jpg"));

    assertEquals(1, r.exit(), r.toString());
    assertEquals(List.of("HTTP 301", "HTTP 302", "HTTP 307"),
        r.json().stream().map(j -> text(j, "error")).sorted().toList(), r.toString());
    assertEquals(3, wm.getAllServeEvents().size(), "no request beyond the three entries");
    assertEquals(List.of(), tree(out));
  }
}
