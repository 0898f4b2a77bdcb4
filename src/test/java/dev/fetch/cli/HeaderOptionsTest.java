package dev.fetch.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static dev.fetch.testing.TestImages.jpeg;
import static dev.fetch.cli.CliFixtures.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.fetch.Version;
import dev.fetch.cli.CliFixtures.Outcome;
import dev.fetch.testing.LocalServers;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** -H and -A reach the server; the default User-Agent names fetch and its version. */
class HeaderOptionsTest {
  @RegisterExtension
  static WireMockExtension server = LocalServers.wireMock();

  @TempDir Path dir;

  @BeforeEach
  void stub() {
    server.stubFor(get(urlPathMatching("/.*"))
        .willReturn(LocalServers.jpegResponse(jpeg())));
  }

  private String url(String path) {
    return server.baseUrl() + path;
  }

  private LoggedRequest onlyRequest() {
    List<LoggedRequest> all = server.findAll(getRequestedFor(urlPathMatching(".*")));
    assertEquals(1, all.size());
    return all.get(0);
  }

  @Test
  void repeatedHeaderOptionsAllReachTheServer() {
    Outcome o = run("-o", dir.toString(), "-H", "X-Token: abc", "-H", "X-Other:two",
        "--header", "Accept:  image/*  ", url("/a.jpg"));
    assertEquals(0, o.exit(), o.toString());
    server.verify(1, getRequestedFor(urlEqualTo("/a.jpg"))
        .withHeader("X-Token", equalTo("abc"))
        .withHeader("X-Other", equalTo("two"))
        .withHeader("Accept", equalTo("image/*")));
  }

  @Test
  void sameHeaderNameTwiceSendsBothValues() {
    Outcome o = run("-o", dir.toString(), "-H", "X-Token: abc", "-H", "X-Token: def", url("/a.jpg"));
    assertEquals(0, o.exit(), o.toString());
    assertEquals(List.of("abc", "def"), onlyRequest().getHeaders().getHeader("X-Token").values());
  }

  @Test
  void headerIsSentWithEveryRequestOfTheRun() {
    Outcome o = run("-o", dir.toString(), "-H", "X-Token: abc", url("/a.jpg"), url("/b.jpg"), url("/c.jpg"));
    assertEquals(0, o.exit(), o.toString());
    server.verify(3, getRequestedFor(urlPathMatching("/.*")).withHeader("X-Token", equalTo("abc")));
  }

  @Test
  void userAgentOptionReplacesTheDefault() {
    Outcome o = run("-o", dir.toString(), "-A", "ua/1", url("/a.jpg"));
    assertEquals(0, o.exit(), o.toString());
    assertEquals(List.of("ua/1"), onlyRequest().getHeaders().getHeader("User-Agent").values());
  }

  @Test
  void longUserAgentOptionWorksToo() {
    Outcome o = run("-o", dir.toString(), "--user-agent", "Mozilla/5.0 (test) thing/2", url("/a.jpg"));
    assertEquals(0, o.exit(), o.toString());
    assertEquals("Mozilla/5.0 (test) thing/2", onlyRequest().getHeader("User-Agent"));
  }

  @Test
  void defaultUserAgentIsFetchSlashVersion() {
    Outcome o = run("-o", dir.toString(), url("/a.jpg"));
    assertEquals(0, o.exit(), o.toString());
    String ua = onlyRequest().getHeader("User-Agent");
    assertEquals("fetch/" + Version.FETCH, ua);
    assertTrue(ua.matches("fetch/\\S+"), ua);
  }

  @ParameterizedTest
  @ValueSource(strings = {"nocolon", ": value", "Bad Name: x", "X-A: b\r\nX-Injected: 1", "X-A: b\nc"})
  void malformedHeaderIsAUsageErrorOnOneLineAndNothingIsRequested(String header) {
    Outcome o = run("-o", dir.toString(), "-H", header, url("/a.jpg"));
    assertEquals(2, o.exit(), o.toString());
    assertEquals(1, o.errLines().size(), o.toString());
    assertTrue(o.err().startsWith("fetch: ") && o.err().contains("header"), o.toString());
    assertEquals("", o.out());
    server.verify(0, getRequestedFor(urlPathMatching(".*")));
  }

  @Test
  void blankOrControlCharacterUserAgentIsAUsageError() {
    for (String ua : new String[] {"", "  ", "a\nb"}) {
      Outcome o = run("-o", dir.toString(), "-A", ua, url("/a.jpg"));
      assertEquals(2, o.exit(), "-A '" + ua + "': " + o);
      assertEquals(1, o.errLines().size(), o.toString());
    }
    server.verify(0, getRequestedFor(urlPathMatching(".*")));
  }
}
