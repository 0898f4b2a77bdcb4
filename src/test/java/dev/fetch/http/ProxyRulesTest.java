package dev.fetch.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.Proxy;
import java.util.Map;
import okhttp3.Credentials;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Which proxy each request goes through, curl-style, from *_PROXY variables and --proxy/--noproxy. */
class ProxyRulesTest {
  private static final HttpUrl HTTP = HttpUrl.get("http://img.example.com/a.jpg");
  private static final HttpUrl HTTPS = HttpUrl.get("https://img.example.com/a.jpg");

  /** "host:port" of the proxy chosen for {@code url}, or "DIRECT". */
  private static String via(ProxyRules rules, HttpUrl url) {
    Proxy p = rules.select(url);
    if (p.type() == Proxy.Type.DIRECT) {
      return "DIRECT";
    }
    assertEquals(Proxy.Type.HTTP, p.type());
    InetSocketAddress a = (InetSocketAddress) p.address();
    return a.getHostString() + ":" + a.getPort();
  }

  private static ProxyRules env(Map<String, String> env) {
    return ProxyRules.fromEnvironment(env, null, null);
  }

  @Test
  void noVariablesMeansEveryRequestGoesDirect() {
    ProxyRules rules = env(Map.of());
    assertTrue(rules.isEmpty());
    assertEquals("DIRECT", via(rules, HTTP));
    assertEquals("DIRECT", via(rules, HTTPS));
    assertNull(rules.authorization(HTTP));
  }

  @Test
  void httpsProxyUpperCaseIsUsedForHttpsUrlsOnly() {
    ProxyRules rules = env(Map.of("HTTPS_PROXY", "http://sproxy:3128"));
    assertEquals("sproxy:3128", via(rules, HTTPS));
    assertEquals("DIRECT", via(rules, HTTP));
  }

  @Test
  void httpsProxyLowerCaseIsUsedForHttpsUrls() {
    ProxyRules rules = env(Map.of("https_proxy", "http://sproxy:3128"));
    assertEquals("sproxy:3128", via(rules, HTTPS));
    assertEquals("DIRECT", via(rules, HTTP));
  }

  @Test
  void httpProxyUpperCaseIsUsedForHttpUrlsOnly() {
    ProxyRules rules = env(Map.of("HTTP_PROXY", "http://hproxy:8080"));
    assertEquals("hproxy:8080", via(rules, HTTP));
    assertEquals("DIRECT", via(rules, HTTPS));
  }

  @Test
  void httpProxyLowerCaseIsUsedForHttpUrls() {
    ProxyRules rules = env(Map.of("http_proxy", "http://hproxy:8080"));
    assertEquals("hproxy:8080", via(rules, HTTP));
    assertEquals("DIRECT", via(rules, HTTPS));
  }

  @Test
  void allProxyIsTheFallbackForBothSchemes() {
    ProxyRules rules = env(Map.of("ALL_PROXY", "http://any:1080"));
    assertEquals("any:1080", via(rules, HTTP));
    assertEquals("any:1080", via(rules, HTTPS));
    assertEquals("any:1080", via(env(Map.of("all_proxy", "http://any:1080")), HTTPS));
  }

  @Test
  void schemeSpecificVariableBeatsAllProxy() {
    ProxyRules rules = env(Map.of("ALL_PROXY", "http://any:1080", "HTTPS_PROXY", "http://sproxy:3128"));
    assertEquals("sproxy:3128", via(rules, HTTPS));
    assertEquals("any:1080", via(rules, HTTP));
  }

  @Test
  void lowerCaseVariableWinsOverUpperCase() {
    ProxyRules rules = env(Map.of(
        "http_proxy", "http://lower:1", "HTTP_PROXY", "http://upper:2",
        "https_proxy", "http://slower:3", "HTTPS_PROXY", "http://supper:4",
        "all_proxy", "http://alower:5", "ALL_PROXY", "http://aupper:6"));
    assertEquals("lower:1", via(rules, HTTP));
    assertEquals("slower:3", via(rules, HTTPS));
    ProxyRules all = env(Map.of("all_proxy", "http://alower:5", "ALL_PROXY", "http://aupper:6"));
    assertEquals("alower:5", via(all, HTTP));
  }

  @Test
  void emptyLowerCaseVariableFallsBackToUpperCase() {
    ProxyRules rules = env(Map.of("http_proxy", "", "HTTP_PROXY", "http://upper:2"));
    assertEquals("upper:2", via(rules, HTTP));
  }

  @Test
  void bareHostAndPortIsTakenAsAnHttpProxy() {
    ProxyRules rules = env(Map.of("HTTP_PROXY", "bare.example:3128"));
    assertEquals("bare.example:3128", via(rules, HTTP));
  }

  @Test
  void proxyWithoutPortUsesPort80() {
    assertEquals("p.example:80", via(env(Map.of("HTTP_PROXY", "http://p.example")), HTTP));
  }

  /** NO_PROXY (beside HTTP_PROXY=http://p:1): which URLs go direct, which through the proxy. */
  @ParameterizedTest(name = "NO_PROXY \"{0}\": {1} -> {2}")
  @CsvSource(delimiter = '|', textBlock = """
      img.example.com                   | http://img.example.com/a.jpg        | DIRECT
      img.example.com                   | http://other.example.com/a.jpg      | p:1
      example.com                       | http://example.com/a.jpg            | DIRECT
      example.com                       | http://img.example.com/a.jpg        | DIRECT
      example.com                       | http://a.b.example.com/a.jpg        | DIRECT
      example.com                       | http://notexample.com/a.jpg         | p:1
      example.com                       | http://example.com.evil.org/a.jpg   | p:1
      .example.com                      | http://img.example.com/a.jpg        | DIRECT
      .example.com                      | http://example.com/a.jpg            | DIRECT
      .example.com                      | http://notexample.com/a.jpg         | p:1
      ' other.org , IMG.Example.COM ,,' | http://img.example.com/a.jpg        | DIRECT
      ' other.org , IMG.Example.COM ,,' | http://OTHER.org/a.jpg              | DIRECT
      ' other.org , IMG.Example.COM ,,' | http://third.net/a.jpg              | p:1
      '127.0.0.1,::1'                   | http://127.0.0.1:8080/a.jpg         | DIRECT
      '127.0.0.1,::1'                   | http://[::1]:8080/a.jpg             | DIRECT
      '127.0.0.1,::1'                   | http://10.1.2.3/a.jpg               | p:1
      '[::1]:8080'                      | http://[::1]:9999/a.jpg             | DIRECT
      'img.example.com:8080,127.0.0.1:9' | http://img.example.com:8080/a.jpg  | DIRECT
      'img.example.com:8080,127.0.0.1:9' | http://img.example.com/a.jpg       | DIRECT
      'img.example.com:8080,127.0.0.1:9' | http://127.0.0.1:5000/a.jpg        | DIRECT
      'img.example.com:8080,127.0.0.1:9' | http://elsewhere.example.org/a.jpg | p:1
      """)
  void noProxyEntriesMatchHostsDomainsAndAddresses(String noProxy, String url, String expected) {
    ProxyRules rules = env(Map.of("HTTP_PROXY", "http://p:1", "NO_PROXY", noProxy));
    assertEquals(expected, via(rules, HttpUrl.get(url)));
  }

  @Test
  void noProxyStarBypassesEverything() {
    ProxyRules rules = env(Map.of("ALL_PROXY", "http://p:1", "NO_PROXY", "*"));
    assertEquals("DIRECT", via(rules, HTTP));
    assertEquals("DIRECT", via(rules, HTTPS));
    assertNull(env(Map.of("ALL_PROXY", "http://u:pw@p:1", "NO_PROXY", "*")).authorization(HTTP));
  }

  @Test
  void proxyOptionOverridesEveryVariableForBothSchemes() {
    ProxyRules rules = ProxyRules.fromEnvironment(
        Map.of("HTTP_PROXY", "http://envh:1", "HTTPS_PROXY", "http://envs:2", "ALL_PROXY", "http://enva:3"),
        "http://cli:9", null);
    assertEquals("cli:9", via(rules, HTTP));
    assertEquals("cli:9", via(rules, HTTPS));
  }

  @Test
  void emptyProxyOptionMeansNoProxyDespiteVariables() {
    ProxyRules rules = ProxyRules.fromEnvironment(
        Map.of("HTTP_PROXY", "http://envh:1", "https_proxy", "http://envs:2"), "", null);
    assertTrue(rules.isEmpty());
    assertEquals("DIRECT", via(rules, HTTP));
    assertEquals("DIRECT", via(rules, HTTPS));
  }

  @Test
  void proxyOptionStillHonoursNoProxyVariable() {
    ProxyRules rules = ProxyRules.fromEnvironment(Map.of("NO_PROXY", "example.com"), "http://cli:9", null);
    assertEquals("DIRECT", via(rules, HTTP));
    assertEquals("cli:9", via(rules, HttpUrl.get("http://other.org/a.jpg")));
  }

  @Test
  void noproxyOptionOverridesNoProxyVariable() {
    ProxyRules rules = ProxyRules.fromEnvironment(
        Map.of("HTTP_PROXY", "http://p:1", "NO_PROXY", "example.com", "no_proxy", "example.com"),
        null, "other.org");
    assertEquals("p:1", via(rules, HTTP), "NO_PROXY is replaced, not merged");
    assertEquals("DIRECT", via(rules, HttpUrl.get("http://other.org/a.jpg")));
  }

  @Test
  void emptyNoproxyOptionClearsNoProxyVariable() {
    ProxyRules rules = ProxyRules.fromEnvironment(
        Map.of("HTTP_PROXY", "http://p:1", "NO_PROXY", "*"), null, "");
    assertEquals("p:1", via(rules, HTTP));
  }

  @Test
  void noproxyOptionStarBypassesProxyOption() {
    ProxyRules rules = ProxyRules.fromEnvironment(Map.of(), "http://cli:9", "*");
    assertEquals("DIRECT", via(rules, HTTP));
    assertEquals("DIRECT", via(rules, HTTPS));
  }

  @Test
  void credentialsInProxyUrlBecomeBasicProxyAuthorization() {
    ProxyRules rules = env(Map.of("HTTP_PROXY", "http://user:pw@p:1"));
    assertEquals(Credentials.basic("user", "pw"), rules.authorization(HTTP));
    assertEquals("Basic dXNlcjpwdw==", rules.authorization(HTTP));
    assertNull(rules.authorization(HTTPS), "https has no proxy here");
  }

  @Test
  void percentEncodedCredentialsAreDecodedBeforeEncodingAsBasic() {
    ProxyRules rules = env(Map.of("HTTP_PROXY", "http://us%40er:p%3Aw@p:1"));
    assertEquals(Credentials.basic("us@er", "p:w"), rules.authorization(HTTP));
  }

  @Test
  void noAuthorizationWithoutCredentialsOrWhenBypassed() {
    assertNull(env(Map.of("HTTP_PROXY", "http://p:1")).authorization(HTTP));
    assertNull(env(Map.of("HTTP_PROXY", "http://u:pw@p:1", "NO_PROXY", "example.com")).authorization(HTTP));
  }

  @ParameterizedTest
  @ValueSource(strings = {"socks5://p:1080", "https://p:443", "ftp://p", "http://", "http://p:99999", "::::"})
  void badProxyUrlIsRejectedWithOneLineMessage(String bad) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ProxyRules.fromEnvironment(Map.of("HTTP_PROXY", bad), null, null));
    assertFalse(e.getMessage().isBlank());
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
    assertTrue(e.getMessage().contains("proxy"), e.getMessage());
  }

  @Test
  void badProxyOptionIsRejectedToo() {
    assertThrows(IllegalArgumentException.class,
        () -> ProxyRules.fromEnvironment(Map.of(), "socks5://p:1080", null));
  }

  @Test
  void badProxyMessageDoesNotLeakThePassword() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ProxyRules.fromEnvironment(Map.of("HTTPS_PROXY", "socks5://user:s3cret@p:1080"), null, null));
    assertFalse(e.getMessage().contains("s3cret"), e.getMessage());
  }
}
