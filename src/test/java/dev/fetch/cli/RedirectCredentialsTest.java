package dev.fetch.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.fetch.cli.CliFixtures.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.fetch.cli.CliFixtures.Outcome;
import dev.fetch.testing.TestImages;
import dev.fetch.testing.LocalServers;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Credentials (-H Authorization, Cookie, Proxy-Authorization; user:pass@ in the URL) go only to the
 * entry's origin: a redirect to another host name or port does not carry them, unless
 * --location-trusted. Other -H headers go to every hop. {@code localhost} and {@code 127.0.0.1} name
 * one server but are two origins, as are the two servers' ports.
 */
class RedirectCredentialsTest {
  @RegisterExtension
  static WireMockExtension a = LocalServers.wireMock();

  @RegisterExtension
  static WireMockExtension b = LocalServers.wireMock();

  static final byte[] IMAGE = TestImages.jpeg(3_000, 7);
  static final List<String> CREDENTIALS = List.of("Authorization", "Cookie", "Proxy-Authorization");

  @TempDir Path dir;

  static String[] credentialOptions(String... more) {
    List<String> args = new ArrayList<>(List.of(
        "-H", "Cookie: session=SECRET", "-H", "Authorization: Bearer TOKEN",
        "-H", "Proxy-Authorization: Basic cHJveHk6cHc=", "-H", "X-Api-Key: KEY"));
    args.addAll(List.of(more));
    return args.toArray(String[]::new);
  }

  Outcome fetch(String[] options, String url) {
    List<String> args = new ArrayList<>(List.of("--retries", "0", "-o", dir.toString()));
    args.addAll(List.of(options));
    args.add(url);
    return run(args.toArray(String[]::new));
  }

  static void redirect(WireMockExtension server, String path, String location) {
    server.stubFor(get(urlEqualTo(path)).willReturn(aResponse().withStatus(302).withHeader("Location", location)));
  }

  static void image(WireMockExtension server, String path) {
    server.stubFor(get(urlEqualTo(path)).willReturn(LocalServers.jpegResponse(IMAGE)));
  }

  static LoggedRequest only(WireMockExtension server, String path) {
    List<LoggedRequest> all = server.findAll(getRequestedFor(urlEqualTo(path)));
    assertEquals(1, all.size(), "requests for " + path);
    return all.get(0);
  }

  static void assertCarriesCredentials(LoggedRequest r) {
    assertEquals("session=SECRET", r.getHeader("Cookie"), r.getAbsoluteUrl());
    assertEquals("Bearer TOKEN", r.getHeader("Authorization"), r.getAbsoluteUrl());
    assertEquals("Basic cHJveHk6cHc=", r.getHeader("Proxy-Authorization"), r.getAbsoluteUrl());
    assertEquals("KEY", r.getHeader("X-Api-Key"), r.getAbsoluteUrl());
  }

  static void assertCarriesNoCredentials(LoggedRequest r) {
    for (String name : CREDENTIALS) {
      assertFalse(r.containsHeader(name), name + " sent to " + r.getAbsoluteUrl());
    }
    assertFalse(r.getHeaders().all().toString().contains("SECRET"), r.getHeaders().toString());
    assertEquals("KEY", r.getHeader("X-Api-Key"), "other -H headers go to every hop");
  }

  void assertDownloaded(Outcome o, String name) throws Exception {
    assertEquals(0, o.exit(), o.toString());
    assertArrayEquals(IMAGE, Files.readAllBytes(dir.resolve(name)));
  }

  /**
   * {@code entry} (a URL on server a, perhaps with a NAME) redirects once to {@code location}, where
   * {@code target} serves the image; run with the credential headers and {@code options}. Checks the
   * download and that the first hop carried the credentials; returns the request the target saw.
   */
  LoggedRequest afterOneRedirect(String entry, String savedAs, String location, WireMockExtension target,
      String... options) throws Exception {
    String firstHop = URI.create(entry.split(" ")[0]).getPath();
    redirect(a, firstHop, location);
    image(target, "/img/x.jpg");

    assertDownloaded(fetch(credentialOptions(options), entry), savedAs);
    assertCarriesCredentials(only(a, firstHop));
    return only(target, "/img/x.jpg");
  }

  @Test
  void redirectToAnotherHostNameDropsCredentialsButKeepsOtherHeaders() throws Exception {
    assertCarriesNoCredentials(afterOneRedirect("http://localhost:" + a.getPort() + "/redirect/1 x.jpg", "x.jpg",
        "http://127.0.0.1:" + a.getPort() + "/img/x.jpg", a));
  }

  @Test
  void redirectToAnotherPortDropsCredentials() throws Exception {
    assertCarriesNoCredentials(afterOneRedirect("http://127.0.0.1:" + a.getPort() + "/moved.jpg", "moved.jpg",
        "http://127.0.0.1:" + b.getPort() + "/img/x.jpg", b));
  }

  @Test
  void redirectWithinTheOriginKeepsCredentials() throws Exception {
    assertCarriesCredentials(afterOneRedirect("http://localhost:" + a.getPort() + "/moved.jpg", "moved.jpg",
        "/img/x.jpg", a));
  }

  @Test
  void chainThatLeavesAndReturnsToTheOriginSendsCredentialsOnlyOnTheOriginsHops() throws Exception {
    redirect(a, "/start.jpg", "http://127.0.0.1:" + b.getPort() + "/away");
    redirect(b, "/away", "http://127.0.0.1:" + a.getPort() + "/img/x.jpg");
    image(a, "/img/x.jpg");

    Outcome o = fetch(credentialOptions(), "http://127.0.0.1:" + a.getPort() + "/start.jpg");

    assertDownloaded(o, "start.jpg");
    assertCarriesCredentials(only(a, "/start.jpg"));
    assertCarriesNoCredentials(only(b, "/away"));
    assertCarriesCredentials(only(a, "/img/x.jpg"));
  }

  @Test
  void locationTrustedSendsCredentialsToEveryHost() throws Exception {
    assertCarriesCredentials(afterOneRedirect("http://localhost:" + a.getPort() + "/moved.jpg", "moved.jpg",
        "http://127.0.0.1:" + b.getPort() + "/img/x.jpg", b, "--location-trusted"));
  }

  @Test
  void urlCredentialsAreSentAsBasicAuthorizationToTheOriginOnly() throws Exception {
    redirect(a, "/moved.jpg", "/still-here");
    redirect(a, "/still-here", "http://127.0.0.1:" + a.getPort() + "/img/x.jpg");
    image(a, "/img/x.jpg");

    // user "alice", password "pä:ss@w rd", percent-encoded in the URL
    Outcome o = fetch(new String[] {"-H", "X-Api-Key: KEY"},
        "http://alice:p%C3%A4%3Ass%40w%20rd@localhost:" + a.getPort() + "/moved.jpg");

    assertDownloaded(o, "moved.jpg");
    String basic = "Basic " + Base64.getEncoder().encodeToString("alice:pä:ss@w rd".getBytes(StandardCharsets.UTF_8));
    assertEquals(basic, only(a, "/moved.jpg").getHeader("Authorization"));
    assertEquals(basic, only(a, "/still-here").getHeader("Authorization"));
    assertCarriesNoCredentials(only(a, "/img/x.jpg"));
  }

  @Test
  void urlCredentialsFollowARedirectWhenLocationIsTrusted() throws Exception {
    redirect(a, "/moved.jpg", "http://127.0.0.1:" + b.getPort() + "/img/x.jpg");
    image(b, "/img/x.jpg");

    Outcome o = fetch(new String[] {"--location-trusted"}, "http://alice:pw@localhost:" + a.getPort() + "/moved.jpg");

    assertDownloaded(o, "moved.jpg");
    assertEquals("Basic YWxpY2U6cHc=", only(b, "/img/x.jpg").getHeader("Authorization"));
  }

  @Test
  void authorizationHeaderWinsOverUrlCredentials() throws Exception {
    image(a, "/a.jpg");

    Outcome o = fetch(new String[] {"-H", "Authorization: Bearer TOKEN"},
        "http://alice:pw@127.0.0.1:" + a.getPort() + "/a.jpg");

    assertDownloaded(o, "a.jpg");
    assertEquals(List.of("Bearer TOKEN"), only(a, "/a.jpg").getHeaders().getHeader("Authorization").values());
  }
}
