package dev.fetch.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static dev.fetch.cli.CliFixtures.args;
import static dev.fetch.cli.CliFixtures.run;
import static dev.fetch.testing.TestImages.jpeg;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fetch.cli.CliFixtures.Outcome;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.fetch.testing.RequestLog;
import dev.fetch.testing.LocalServers;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * --per-host N: requests in flight to one host never exceed N, counted by the server per Host header;
 * two hosts are the two names (127.0.0.1 and localhost) of one WireMock.
 */
class PerHostTest {
  static final RequestLog log = new RequestLog();

  @RegisterExtension
  static WireMockExtension wm = LocalServers.wireMock(log);

  @TempDir Path dir;

  @BeforeEach
  void setUp() {
    log.reset();
    wm.stubFor(get(urlPathMatching("/img/.*")).willReturn(aResponse().withStatus(200).withBody(jpeg(2_000, 1))));
    log.holdMillis(50); // after the latch opens, a request over the bound would still be seen
  }

  /** Responses wait until each named host has had {@code n} requests in flight at once. */
  void holdUntilEachHostHas(int n, String... hosts) {
    log.holdUntil(() -> Arrays.stream(hosts).allMatch(h -> log.peakSoFar(h) >= n));
  }

  List<String> urls(int perHost) {
    List<String> urls = new ArrayList<>();
    for (int i = 0; i < perHost; i++) {
      urls.add("http://127.0.0.1:" + wm.getPort() + "/img/a" + i + ".jpg");
      urls.add("http://localhost:" + wm.getPort() + "/img/b" + i + ".jpg");
    }
    return urls;
  }

  @Test
  void perHostTwoAllowsTwoPerHostAndNoMore() {
    holdUntilEachHostHas(2, "127.0.0.1", "localhost");
    Outcome r = run(args("-t", "8", "--per-host", "2", "-o", dir.resolve("out"), urls(10)));

    assertEquals(0, r.exit(), r.toString());
    assertEquals(20, log.seen().size());
    assertEquals(2, log.peak("127.0.0.1"), "peak in flight to 127.0.0.1");
    assertEquals(2, log.peak("localhost"), "peak in flight to localhost");
    assertEquals(4, log.totalPeak(), "the bound is per host, not for the run");
  }

  @Test
  void perHostOneSerialisesEachHost() {
    holdUntilEachHostHas(1, "127.0.0.1", "localhost");
    Outcome r = run(args("-t", "6", "--per-host", "1", "-o", dir.resolve("out"), urls(6)));

    assertEquals(0, r.exit(), r.toString());
    assertEquals(12, log.seen().size());
    assertEquals(1, log.peak("127.0.0.1"));
    assertEquals(1, log.peak("localhost"));
  }

  /** Without --per-host, -t is the only bound: this also shows that the counting sees overlap. */
  @Test
  void withoutPerHostThreadsAreTheOnlyBound() {
    List<String> urls = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      urls.add("http://127.0.0.1:" + wm.getPort() + "/img/a" + i + ".jpg");
    }

    holdUntilEachHostHas(4, "127.0.0.1");
    Outcome r = run(args("-t", "4", "-o", dir.resolve("out"), urls));

    assertEquals(0, r.exit(), r.toString());
    assertEquals(4, log.peak("127.0.0.1"), "-t 4 on one host");
  }

  /** Retries obey the bound too: a host answering 500 once per file still sees at most 2 at once. */
  @Test
  void retriesStayWithinThePerHostBound() {
    wm.resetAll();
    for (int i = 0; i < 8; i++) {
      String path = "/img/a" + i + ".jpg";
      wm.stubFor(get(path).inScenario(path).whenScenarioStateIs(Scenario.STARTED)
          .willReturn(aResponse().withStatus(500).withHeader("Retry-After", "0")).willSetStateTo("ok"));
      wm.stubFor(get(path).inScenario(path).whenScenarioStateIs("ok")
          .willReturn(aResponse().withStatus(200).withBody(jpeg(1_000, i))));
    }
    List<String> urls = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      urls.add("http://127.0.0.1:" + wm.getPort() + "/img/a" + i + ".jpg");
    }

    holdUntilEachHostHas(2, "127.0.0.1");
    Outcome r = run(args("-t", "8", "--per-host", "2", "-o", dir.resolve("out"), urls));

    assertEquals(0, r.exit(), r.toString());
    assertEquals(16, log.seen().size());
    assertEquals(2, log.peak("127.0.0.1"));
  }
}
