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
    server.stubFor(get(urlEqualTo(path)).willReturn(aResponse()
        .withHeader("Content-Type", "image/jpeg").withBody(IMAGE)));
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

  @Test
  void redirectToAnotherHostNameDropsCredentialsButKeepsOtherHeaders() throws Exception {
    redirect(a, "/redirect/1", "http://127.0.0.1:" + a.getPort() + "/img/x.jpg");
    image(a, "/img/x.jpg");

    Outcome o = fetch(credentialOptions(), "http://localhost:" + a.getPort() + "/redirect/1 x.jpg");

    assertDownloaded(o, "x.jpg");
    assertCarriesCredentials(only(a, "/redirect/1"));
    assertCarriesNoCredentials(only(a, "/img/x.jpg"));
  }

  @Test
  void redirectToAnotherPortDropsCredentials() throws Exception {
    redirect(a, "/moved.jpg", "http://127.0.0.1:" + b.getPort() + "/img/x.jpg");
    image(b, "/img/x.jpg");

    Outcome o = fetch(credentialOptions(), "http://127.0.0.1:" + a.getPort() + "/moved.jpg");

    assertDownloaded(o, "moved.jpg");
    assertCarriesCredentials(only(a, "/moved.jpg"));
    assertCarriesNoCredentials(only(b, "/img/x.jpg"));
  }

  @Test
  void redirectWithinTheOriginKeepsCredentials() throws Exception {
    redirect(a, "/moved.jpg", "/img/x.jpg");
    image(a, "/img/x.jpg");

    Outcome o = fetch(credentialOptions(), "http://localhost:" + a.getPort() + "/moved.jpg");

    assertDownloaded(o, "moved.jpg");
    assertCarriesCredentials(only(a, "/moved.jpg"));
    assertCarriesCredentials(only(a, "/img/x.jpg"));
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
    redirect(a, "/moved.jpg", "http://127.0.0.1:" + b.getPort() + "/img/x.jpg");
    image(b, "/img/x.jpg");

    Outcome o = fetch(credentialOptions("--location-trusted"), "http://localhost:" + a.getPort() + "/moved.jpg");

    assertDownloaded(o, "moved.jpg");
    assertCarriesCredentials(only(a, "/moved.jpg"));
    assertCarriesCredentials(only(b, "/img/x.jpg"));
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
