package dev.fetch.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static dev.fetch.testing.TestImages.jpeg;
import static dev.fetch.cli.CliFixtures.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.fetch.cli.CliFixtures.Outcome;
import dev.fetch.testing.LocalServers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import okhttp3.Credentials;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * WireMock plays an HTTP proxy: requests for a host that does not exist arrive in absolute form and
 * are answered from a stub that matches that host, so a file on disk proves the proxy was used.
 */
class ProxyEndToEndTest {
  private static final String HOST = "images.example.invalid";
  private static final String URL = "http://" + HOST + "/a.jpg";

  @RegisterExtension
  static WireMockExtension proxy = LocalServers.wireMock();

  @TempDir Path dir;

  @BeforeEach
  void stubTheUnreachableHost() {
    proxy.stubFor(get(urlEqualTo("/a.jpg")).withHost(equalTo(HOST))
        .willReturn(LocalServers.jpegResponse(jpeg())));
  }

  private String proxyUrl() {
    return "http://127.0.0.1:" + proxy.getPort();
  }

  private void assertDownloadedThroughProxy(Outcome o) throws Exception {
    assertEquals(0, o.exit(), o.toString());
    Path file = dir.resolve("a.jpg");
    assertTrue(Files.exists(file), o.toString());
    assertArrayEquals(jpeg(), Files.readAllBytes(file));
    proxy.verify(1, getRequestedFor(urlEqualTo("/a.jpg")).withHost(equalTo(HOST)));
  }

  @Test
  void proxyOptionRoutesHttpRequestsThroughTheProxy() throws Exception {
    Outcome o = run("--proxy", proxyUrl(), "-o", dir.toString(), URL);
    assertDownloadedThroughProxy(o);
    LoggedRequest r = proxy.findAll(getRequestedFor(urlEqualTo("/a.jpg"))).get(0);
    assertTrue(r.getAbsoluteUrl().startsWith("http://" + HOST), r.getAbsoluteUrl());
    assertNull(r.getHeader("Proxy-Authorization"), "no credentials, no header");
  }

  @Test
  void httpProxyVariableRoutesHttpRequestsThroughTheProxy() throws Exception {
    Outcome o = run(Map.of("HTTP_PROXY", proxyUrl()), "-o", dir.toString(), URL);
    assertDownloadedThroughProxy(o);
  }

  @Test
  void lowerCaseHttpProxyVariableAndBareHostPortWork() throws Exception {
    Outcome o = run(Map.of("http_proxy", "127.0.0.1:" + proxy.getPort()), "-o", dir.toString(), URL);
    assertDownloadedThroughProxy(o);
  }

  @Test
  void allProxyVariableIsUsedForHttpUrls() throws Exception {
    Outcome o = run(Map.of("ALL_PROXY", proxyUrl()), "-o", dir.toString(), URL);
    assertDownloadedThroughProxy(o);
  }

  @Test
  void httpsProxyVariableIsNotUsedForHttpUrls() throws Exception {
    Outcome o = run(Map.of("HTTPS_PROXY", proxyUrl()), "--retries", "0", "-o", dir.toString(), URL);
    assertEquals(1, o.exit(), o.toString());
    assertFalse(Files.exists(dir.resolve("a.jpg")));
    assertEquals(0, proxy.findAll(getRequestedFor(urlPathMatching(".*"))).size());
  }

  @Test
  void noproxyOptionSendsMatchingHostsDirect() throws Exception {
    // The proxy on port 1 is not there: only a direct request to WireMock can succeed.
    proxy.stubFor(get(urlEqualTo("/direct.jpg"))
        .willReturn(LocalServers.jpegResponse(jpeg())));
    Outcome o = run(Map.of("HTTP_PROXY", "http://127.0.0.1:1"),
        "--noproxy", "127.0.0.1", "-o", dir.toString(),
        "http://127.0.0.1:" + proxy.getPort() + "/direct.jpg");
    assertEquals(0, o.exit(), o.toString());
    assertTrue(Files.exists(dir.resolve("direct.jpg")));
  }

  @Test
  void noProxyVariableSendsMatchingHostsDirectPastProxyOption() throws Exception {
    proxy.stubFor(get(urlEqualTo("/direct.jpg"))
        .willReturn(LocalServers.jpegResponse(jpeg())));
    Outcome o = run(Map.of("NO_PROXY", "localhost,127.0.0.1"),
        "--proxy", "http://127.0.0.1:1", "-o", dir.toString(),
        "http://127.0.0.1:" + proxy.getPort() + "/direct.jpg");
    assertEquals(0, o.exit(), o.toString());
    assertTrue(Files.exists(dir.resolve("direct.jpg")));
  }

  @Test
  void emptyProxyOptionOverridesProxyVariable() throws Exception {
    proxy.stubFor(get(urlEqualTo("/direct.jpg"))
        .willReturn(LocalServers.jpegResponse(jpeg())));
    Outcome o = run(Map.of("HTTP_PROXY", "http://127.0.0.1:1"), "--proxy", "", "-o", dir.toString(),
        "http://127.0.0.1:" + proxy.getPort() + "/direct.jpg");
    assertEquals(0, o.exit(), o.toString());
    assertTrue(Files.exists(dir.resolve("direct.jpg")));
  }

  @Test
  void proxyCredentialsAreSentAfterA407Challenge() throws Exception {
    String expected = Credentials.basic("user", "pw");
    proxy.resetAll();
    proxy.stubFor(get(urlEqualTo("/a.jpg")).withHost(equalTo(HOST))
        .withHeader("Proxy-Authorization", absent())
        .willReturn(aResponse().withStatus(407)
            .withHeader("Proxy-Authenticate", "Basic realm=\"test proxy\"")));
    proxy.stubFor(get(urlEqualTo("/a.jpg")).withHost(equalTo(HOST))
        .withHeader("Proxy-Authorization", equalTo(expected))
        .willReturn(LocalServers.jpegResponse(jpeg())));

    Outcome o = run("--proxy", "http://user:pw@127.0.0.1:" + proxy.getPort(), "-o", dir.toString(), URL);

    assertEquals(0, o.exit(), o.toString());
    assertArrayEquals(jpeg(), Files.readAllBytes(dir.resolve("a.jpg")));
    List<LoggedRequest> requests = proxy.findAll(getRequestedFor(urlEqualTo("/a.jpg")));
    assertEquals(2, requests.size(), "challenge, then the retried request");
    assertNull(requests.get(0).getHeader("Proxy-Authorization"));
    assertEquals(expected, requests.get(1).getHeader("Proxy-Authorization"));
    assertFalse(o.out().contains("pw@") || o.err().contains("pw@"), "password never printed:\n" + o);
  }

  @Test
  void proxyCredentialsFromVariableAreSentToo() throws Exception {
    String expected = Credentials.basic("user", "pw");
    proxy.resetAll();
    proxy.stubFor(get(urlEqualTo("/a.jpg")).withHeader("Proxy-Authorization", absent())
        .willReturn(aResponse().withStatus(407).withHeader("Proxy-Authenticate", "Basic realm=\"p\"")));
    proxy.stubFor(get(urlEqualTo("/a.jpg")).withHeader("Proxy-Authorization", equalTo(expected))
        .willReturn(LocalServers.jpegResponse(jpeg())));
    Outcome o = run(Map.of("HTTP_PROXY", "http://user:pw@127.0.0.1:" + proxy.getPort()),
        "-o", dir.toString(), URL);
    assertEquals(0, o.exit(), o.toString());
    assertTrue(Files.exists(dir.resolve("a.jpg")));
  }

  @Test
  void refusedProxyCredentialsFailTheEntryWithoutLooping() throws Exception {
    proxy.resetAll();
    proxy.stubFor(get(urlEqualTo("/a.jpg"))
        .willReturn(aResponse().withStatus(407).withHeader("Proxy-Authenticate", "Basic realm=\"p\"")));
    Outcome o = run("--proxy", "http://user:wrong@127.0.0.1:" + proxy.getPort(), "--retries", "0",
        "-o", dir.toString(), URL);
    assertEquals(1, o.exit(), o.toString());
    assertTrue(o.out().contains("407"), o.toString());
    assertEquals(2, proxy.findAll(getRequestedFor(urlEqualTo("/a.jpg"))).size(),
        "one challenge, one try with the credentials, then give up");
    assertFalse(Files.exists(dir.resolve("a.jpg")));
  }

  @Test
  void badProxyOptionIsAUsageErrorOnOneLine() {
    Outcome o = run("--proxy", "socks5://127.0.0.1:1080", "-o", dir.toString(), URL);
    assertEquals(2, o.exit(), o.toString());
    assertEquals(1, o.errLines().size(), o.toString());
    assertTrue(o.err().startsWith("fetch: "), o.toString());
    assertEquals("", o.out());
  }

  @Test
  void badProxyVariableIsAUsageErrorAndRedactsThePassword() {
    Outcome o = run(Map.of("HTTPS_PROXY", "socks5://user:s3cret@127.0.0.1:1080"), "-o", dir.toString(), URL);
    assertEquals(2, o.exit(), o.toString());
    assertEquals(1, o.errLines().size(), o.toString());
    assertFalse(o.err().contains("s3cret"), o.toString());
  }
}
