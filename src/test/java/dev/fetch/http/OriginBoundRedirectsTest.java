package dev.fetch.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import okhttp3.HttpUrl;
import okhttp3.Request;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The origin rule for credentials on each hop; the hops themselves are in RedirectCredentialsTest. */
class OriginBoundRedirectsTest {
  static final HttpUrl ENTRY = HttpUrl.get("https://img.example.com/a.jpg");

  static Request withCredentials(HttpUrl url) {
    return new Request.Builder().url(url)
        .header("Authorization", "Bearer TOKEN")
        .header("Cookie", "session=SECRET")
        .header("Proxy-Authorization", "Basic eDp5")
        .header("X-Api-Key", "KEY")
        .header("Range", "bytes=10-")
        .build();
  }

  @ParameterizedTest
  @CsvSource({
    "https://img.example.com/other/b.png, true",
    "https://IMG.Example.COM:443/b.png,   true",
    "http://img.example.com/a.jpg,        false",
    "http://img.example.com:443/a.jpg,    false",
    "https://img.example.com:8443/a.jpg,  false",
    "https://cdn.example.com/a.jpg,       false",
    "https://example.com/a.jpg,           false",
  })
  void onlyTheSameSchemeHostAndPortIsTheSameOrigin(String hop, boolean same) {
    assertEquals(same, OriginBoundRedirects.sameOrigin(ENTRY, HttpUrl.get(hop)));
  }

  @Test
  void httpsToHttpOnTheSameHostAndPortDropsCredentialsAndKeepsTheRest() {
    Request first = withCredentials(HttpUrl.get("https://img.example.com:8443/a.jpg"));

    Request hop = new OriginBoundRedirects(false, 20).hop(first, HttpUrl.get("http://img.example.com:8443/a.jpg"));

    for (String name : OriginBoundRedirects.CREDENTIAL_HEADERS) {
      assertNull(hop.header(name), name);
    }
    assertEquals("KEY", hop.header("X-Api-Key"));
    assertEquals("bytes=10-", hop.header("Range"));
    assertEquals("GET", hop.method());
  }

  @Test
  void locationTrustedKeepsCredentialsOnAPlainHttpHop() {
    Request first = withCredentials(ENTRY);

    Request hop = new OriginBoundRedirects(true, 20).hop(first, HttpUrl.get("http://other.example.net/a.jpg"));

    assertEquals("Bearer TOKEN", hop.header("Authorization"));
    assertEquals("session=SECRET", hop.header("Cookie"));
    assertEquals("Basic eDp5", hop.header("Proxy-Authorization"));
  }

  @Test
  void urlCredentialsBecomeBasicAuthorizationUnlessOneIsGiven() {
    HttpUrl url = HttpUrl.get("https://us%C3%A9r:p%40ss@img.example.com/a.jpg");

    Request plain = OriginBoundRedirects.withUrlCredentials(new Request.Builder().url(url).build());
    Request given = OriginBoundRedirects.withUrlCredentials(
        new Request.Builder().url(url).header("Authorization", "Bearer TOKEN").build());

    assertEquals("Basic " + java.util.Base64.getEncoder().encodeToString(
        "usér:p@ss".getBytes(java.nio.charset.StandardCharsets.UTF_8)), plain.header("Authorization"));
    assertEquals(java.util.List.of("Bearer TOKEN"), given.headers("Authorization"));
  }
}
