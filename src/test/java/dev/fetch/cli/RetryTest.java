package dev.fetch.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.fetch.cli.CliFixtures.args;
import static dev.fetch.cli.CliFixtures.run;
import static dev.fetch.cli.CliFixtures.integer;
import static dev.fetch.testing.TestImages.jpeg;
import static dev.fetch.cli.CliFixtures.text;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fetch.cli.CliFixtures.Outcome;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.fetch.testing.RawHttpServer;
import dev.fetch.testing.RequestLog;
import dev.fetch.testing.LocalServers;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** --retries, backoff, Retry-After and --max-retry-wait, and retries that hold no worker. */
class RetryTest {
  static final RequestLog log = new RequestLog();

  @RegisterExtension
  static WireMockExtension wm = LocalServers.wireMock(log);

  @TempDir Path dir;
  Path out;

  @BeforeEach
  void setUp() {
    log.reset();
    out = dir.resolve("out");
  }

  String url(String path) {
    return "http://127.0.0.1:" + wm.getPort() + path;
  }

  /** A stub that answers {@code first} once, then the image. */
  void failOnceThenServe(String path, ResponseDefinitionBuilder first, byte[] body) {
    String scenario = "once " + path;
    wm.stubFor(get(path).inScenario(scenario).whenScenarioStateIs(Scenario.STARTED)
        .willReturn(first).willSetStateTo("recovered"));
    wm.stubFor(get(path).inScenario(scenario).whenScenarioStateIs("recovered")
        .willReturn(LocalServers.jpegResponse(body)));
  }

  @ParameterizedTest(name = "HTTP {0} is retried")
  @ValueSource(ints = {408, 425, 429, 500, 502, 503, 504})
  void retryableStatusIsRetriedAndSucceeds(int status) throws Exception {
    byte[] body = jpeg(5_000, status);
    // No Retry-After (backoff ~0.5 s), except for 408: OkHttp itself repeats a 408 at once unless
    // Retry-After asks for a wait (see okHttpDoesNotRetryBehindFetchsBack).
    var first = aResponse().withStatus(status);
    if (status == 408) {
      first = first.withHeader("Retry-After", "1");
    }
    failOnceThenServe("/a.jpg", first, body);

    Outcome r = run("--json", "-o", out.toString(), url("/a.jpg"));

    assertEquals(0, r.exit(), r.toString());
    wm.verify(exactly(2), getRequestedFor(urlEqualTo("/a.jpg")));
    assertArrayEquals(body, Files.readAllBytes(out.resolve("a.jpg")));
    Map<String, Object> j = r.single();
    assertEquals("ok", j.get("status"));
    assertEquals(2, integer(j, "attempts"));
  }

  @ParameterizedTest(name = "HTTP {0} is not retried")
  @ValueSource(ints = {400, 401, 403, 404, 405, 410, 416, 451})
  void otherClientErrorsMakeOneRequestOnly(int status) {
    wm.stubFor(get("/a.jpg").willReturn(aResponse().withStatus(status).withHeader("Retry-After", "0")));

    Outcome r = run("--json", "--retries", "5", "-o", out.toString(), url("/a.jpg"));

    assertEquals(1, r.exit(), r.toString());
    wm.verify(exactly(1), getRequestedFor(urlEqualTo("/a.jpg")));
    Map<String, Object> j = r.single();
    assertEquals("failed", j.get("status"));
    assertEquals(1, integer(j, "attempts"));
    assertEquals("HTTP " + status, j.get("error"));
    assertEquals(status, integer(j, "http"));
  }

  @Test
  void givesUpAfterRetriesAndReportsAttemptsAndLastReason() throws Exception {
    String s = "chain";
    wm.stubFor(get("/a.jpg").inScenario(s).whenScenarioStateIs(Scenario.STARTED)
        .willReturn(aResponse().withStatus(500)).willSetStateTo("2"));
    wm.stubFor(get("/a.jpg").inScenario(s).whenScenarioStateIs("2")
        .willReturn(aResponse().withStatus(502)).willSetStateTo("3"));
    wm.stubFor(get("/a.jpg").inScenario(s).whenScenarioStateIs("3")
        .willReturn(aResponse().withStatus(503)).willSetStateTo("4"));
    wm.stubFor(get("/a.jpg").inScenario(s).whenScenarioStateIs("4")
        .willReturn(aResponse().withStatus(200).withBody(jpeg(100, 1))));

    Outcome json = run("--json", "--retries", "2", "-o", out.toString(), url("/a.jpg"));

    assertEquals(1, json.exit(), json.toString());
    wm.verify(exactly(3), getRequestedFor(urlEqualTo("/a.jpg")));
    Map<String, Object> j = json.single();
    assertEquals("failed", j.get("status"));
    assertEquals(3, integer(j, "attempts"));
    assertEquals(503, integer(j, "http"));
    assertTrue(text(j, "error").startsWith("HTTP 503"), json.toString());
    assertFalse(Files.exists(out.resolve("a.jpg")));

  }

  @Test
  void textLineShowsTheLastReason() {
    wm.stubFor(get("/b.jpg").willReturn(aResponse().withStatus(500).withHeader("Retry-After", "0")));

    Outcome t = run("--retries", "2", "-o", out.toString(), url("/b.jpg"));

    assertEquals(1, t.exit(), t.toString());
    wm.verify(exactly(3), getRequestedFor(urlEqualTo("/b.jpg")));
    String[] fields = t.outLines().get(0).split("\t");
    assertEquals("failed", fields[0]);
    assertEquals("500", fields[1]);
    assertTrue(fields[4].startsWith("HTTP 500"), t.toString());
  }

  @Test
  void textLineShowsAttempts() {
    wm.stubFor(get("/b.jpg").willReturn(aResponse().withStatus(500).withHeader("Retry-After", "0")));

    Outcome t = run("--retries", "2", "-o", out.toString(), url("/b.jpg"));

    assertTrue(t.outLines().get(0).contains("3 attempts"), "the text line should say how many attempts: " + t);
  }

  @Test
  void retriesZeroMakesOneRequest() {
    wm.stubFor(get("/a.jpg").willReturn(aResponse().withStatus(503)));

    Outcome r = run("--json", "--retries", "0", "-o", out.toString(), url("/a.jpg"));

    assertEquals(1, r.exit(), r.toString());
    wm.verify(exactly(1), getRequestedFor(urlEqualTo("/a.jpg")));
    assertEquals(1, integer(r.single(), "attempts"));
  }

  @ParameterizedTest(name = "{0} is retried")
  @ValueSource(strings = {"CONNECTION_RESET_BY_PEER", "EMPTY_RESPONSE", "RANDOM_DATA_THEN_CLOSE"})
  void connectionFailureIsRetriedAndSucceeds(String fault) throws Exception {
    byte[] body = jpeg(3_000, 7);
    failOnceThenServe("/a.jpg", aResponse().withFault(Fault.valueOf(fault)), body);

    Outcome r = run("--json", "--retries", "1", "-o", out.toString(), url("/a.jpg"));

    assertEquals(0, r.exit(), r.toString());
    assertArrayEquals(body, Files.readAllBytes(out.resolve("a.jpg")));
    Map<String, Object> j = r.single();
    assertEquals(2, integer(j, "attempts"), r.toString());
    wm.verify(exactly(2), getRequestedFor(urlEqualTo("/a.jpg")));
  }

  @Test
  void truncatedBodyIsRetriedAndTheFileIsComplete() throws Exception {
    byte[] body = jpeg(50_000, 3);
    AtomicInteger n = new AtomicInteger();
    try (RawHttpServer server = new RawHttpServer((req, ex) -> {
      if (n.incrementAndGet() == 1) {
        ex.head(200, Map.of("Content-Type", "image/jpeg", "Content-Length", "" + body.length));
        ex.write(body, 0, 20_000);
        ex.close();
      } else {
        ex.respond(200, Map.of("Content-Type", "image/jpeg"), body);
      }
    })) {
      Outcome r = run("--json", "--retries", "1", "-o", out.toString(), server.url("/t.jpg"));

      assertEquals(0, r.exit(), r.toString());
      assertEquals(2, server.requests().size());
      assertEquals(2, integer(r.single(), "attempts"));
      assertArrayEquals(body, Files.readAllBytes(out.resolve("t.jpg")));
      assertEquals(List.of("t.jpg"), CliFixtures.tree(out));
    }
  }

  @Test
  void truncatedBodyThatStaysTruncatedFailsWithReason() throws Exception {
    byte[] body = jpeg(50_000, 3);
    try (RawHttpServer server = new RawHttpServer((req, ex) -> {
      ex.head(200, Map.of("Content-Type", "image/jpeg", "Content-Length", "" + body.length));
      ex.write(body, 0, 20_000);
      ex.close();
    })) {
      Outcome r = run("--json", "--retries", "1", "-o", out.toString(), server.url("/t.jpg"));

      assertEquals(1, r.exit(), r.toString());
      assertEquals(2, server.requests().size());
      Map<String, Object> j = r.single();
      assertEquals(2, integer(j, "attempts"));
      assertTrue(text(j, "error").contains("truncated"), r.toString());
      assertEquals(List.of(), CliFixtures.tree(out), "nothing is kept");
    }
  }

  @Test
  void connectionRefusedIsRetriedThenFails() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Outcome r = run("--json", "--retries", "1", "-o", out.toString(), "http://127.0.0.1:" + port + "/a.jpg");

    assertEquals(1, r.exit(), r.toString());
    Map<String, Object> j = r.single();
    assertEquals(2, integer(j, "attempts"));
    assertTrue(text(j, "error").startsWith("cannot connect to 127.0.0.1"), r.toString());
  }

  /** Default --retries 3: four requests, about 0.5 s, 1 s, 2 s apart. */
  @Test
  void defaultIsThreeRetriesWithExponentialBackoff() {
    wm.stubFor(get("/a.jpg").willReturn(aResponse().withStatus(500)));

    Outcome r = run("--json", "-o", out.toString(), url("/a.jpg"));

    assertEquals(1, r.exit(), r.toString());
    wm.verify(exactly(4), getRequestedFor(urlEqualTo("/a.jpg")));
    assertEquals(4, integer(r.single(), "attempts"));
    List<RequestLog.Seen> seen = log.seen("/a.jpg");
    assertEquals(4, seen.size());
    List<Long> gaps = new ArrayList<>();
    for (int i = 1; i < seen.size(); i++) {
      gaps.add((seen.get(i).nanos() - seen.get(i - 1).nanos()) / 1_000_000);
    }
    // about 0.5 s, 1 s, 2 s with jitter in the upper half: [0.25, 0.5], [0.5, 1], [1, 2]. A loaded
    // machine may be late, never early: exact lower bounds, upper bounds only 3x the longest wait.
    assertTrue(gaps.get(0) >= 240 && gaps.get(0) <= 3 * 500, "gaps " + gaps);
    assertTrue(gaps.get(1) >= 490 && gaps.get(1) <= 3 * 1000, "gaps " + gaps);
    assertTrue(gaps.get(2) >= 990 && gaps.get(2) <= 3 * 2000, "gaps " + gaps);
  }

  @Test
  void retryAfterSecondsIsHonoured() throws Exception {
    byte[] body = jpeg(1_000, 5);
    failOnceThenServe("/a.jpg", aResponse().withStatus(503).withHeader("Retry-After", "1"), body);

    Outcome r = run("--json", "-o", out.toString(), url("/a.jpg"));

    assertEquals(0, r.exit(), r.toString());
    List<RequestLog.Seen> seen = log.seen("/a.jpg");
    assertEquals(2, seen.size());
    long gap = (seen.get(1).nanos() - seen.get(0).nanos()) / 1_000_000;
    assertTrue(gap >= 990, "waited " + gap + " ms for Retry-After: 1 (the backoff alone is at most 500)");
    assertArrayEquals(body, Files.readAllBytes(out.resolve("a.jpg")));
  }

  @Test
  void retryAfterHttpDateIsHonoured() throws Exception {
    byte[] body = jpeg(1_000, 6);
    String at = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(2));
    failOnceThenServe("/a.jpg", aResponse().withStatus(429).withHeader("Retry-After", at), body);

    Outcome r = run("--json", "-o", out.toString(), url("/a.jpg"));

    assertEquals(0, r.exit(), r.toString());
    List<RequestLog.Seen> seen = log.seen("/a.jpg");
    assertEquals(2, seen.size());
    long gap = (seen.get(1).nanos() - seen.get(0).nanos()) / 1_000_000;
    // the date has whole seconds: 2 s ahead is between 1 and 2 s away; the backoff alone is at most 500 ms
    assertTrue(gap >= 900, "waited " + gap + " ms for a Retry-After date ~2 s ahead");
  }

  @Test
  void retryAfterLongerThanMaxRetryWaitFailsAtOnce() {
    wm.stubFor(get("/s.jpg").willReturn(aResponse().withStatus(503).withHeader("Retry-After", "120")));
    String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).plusHours(1));
    wm.stubFor(get("/d.jpg").willReturn(aResponse().withStatus(429).withHeader("Retry-After", date)));
    wm.stubFor(get("/m.jpg").willReturn(aResponse().withStatus(503).withHeader("Retry-After", "3")));

    Outcome r = run("--json", "-o", out.toString(), url("/s.jpg"), url("/d.jpg"));
    Outcome m = run("--json", "--max-retry-wait", "2", "-o", out.toString(), url("/m.jpg"));

    assertEquals(1, r.exit(), r.toString());
    // waiting would take 120 s or an hour: failing at once is far below that
    assertTrue(r.millis() < 30_000, r.toString());
    wm.verify(exactly(1), getRequestedFor(urlEqualTo("/s.jpg")));
    wm.verify(exactly(1), getRequestedFor(urlEqualTo("/d.jpg")));
    for (Map<String, Object> j : r.json()) {
      assertEquals("failed", j.get("status"));
      assertEquals(1, integer(j, "attempts"));
      String error = text(j, "error");
      assertTrue(error.contains("Retry-After") && error.contains("--max-retry-wait 60"), error);
    }
    assertTrue(r.json().stream().anyMatch(j -> text(j, "url").endsWith("/s.jpg")
        && text(j, "error").contains("Retry-After 120 s")), r.toString());

    assertEquals(1, m.exit(), m.toString());
    wm.verify(exactly(1), getRequestedFor(urlEqualTo("/m.jpg")));
    assertTrue(text(m.single(), "error").contains("--max-retry-wait 2"), m.toString());
  }

  /**
   * -t 1: the one worker must not sleep through the wait. The flaky entry's retry comes only after
   * every good entry (on {@code goodHost}) was requested.
   */
  void assertTheRetryWaitsWithoutHoldingTheWorker(ResponseDefinitionBuilder firstAnswer, String goodHost) throws Exception {
    failOnceThenServe("/flaky.jpg", firstAnswer, jpeg(2_000, 9));
    List<String> urls = new ArrayList<>();
    urls.add(url("/flaky.jpg"));
    for (int i = 1; i <= 5; i++) {
      wm.stubFor(get("/good" + i + ".jpg").willReturn(aResponse().withStatus(200).withBody(jpeg(2_000, i))));
      urls.add("http://" + goodHost + ":" + wm.getPort() + "/good" + i + ".jpg");
    }

    Outcome r = run(args("-t", "1", "-o", out.toString(), urls));

    assertEquals(0, r.exit(), r.toString());
    assertEquals(List.of("/flaky.jpg", "/good1.jpg", "/good2.jpg", "/good3.jpg", "/good4.jpg", "/good5.jpg",
        "/flaky.jpg"), log.paths());
    assertEquals(6, CliFixtures.tree(out).size());
  }

  @Test
  void aDownloadWaitingToRetryHoldsNoWorker() throws Exception {
    // 503 pauses its host (HostGates), so the good entries are on the other name of this server
    assertTheRetryWaitsWithoutHoldingTheWorker(aResponse().withStatus(503).withHeader("Retry-After", "1"), "localhost");
  }

  /** The same on one host, with a status that does not pause the host (500 with Retry-After). */
  @Test
  void aDownloadWaitingToRetryHoldsNoWorkerOnTheSameHost() throws Exception {
    assertTheRetryWaitsWithoutHoldingTheWorker(aResponse().withStatus(500).withHeader("Retry-After", "1"), "127.0.0.1");
  }

  /**
   * OkHttp repeats some requests on its own, behind fetch's back: a 408 (unless Retry-After asks for
   * a wait) and a 503 with "Retry-After: 0". The server then sees more requests than --retries
   * allows and than "attempts" reports.
   */
  @ParameterizedTest(name = "HTTP {0} with --retries 0 makes one request")
  @ValueSource(ints = {408, 503})
  void okHttpDoesNotRetryBehindFetchsBack(int status) {
    wm.stubFor(get("/a.jpg").willReturn(aResponse().withStatus(status).withHeader("Retry-After", "0")));

    Outcome r = run("--json", "--retries", "0", "-o", out.toString(), url("/a.jpg"));

    assertEquals(1, r.exit(), r.toString());
    wm.verify(exactly(1), getRequestedFor(urlEqualTo("/a.jpg")));
  }
}
