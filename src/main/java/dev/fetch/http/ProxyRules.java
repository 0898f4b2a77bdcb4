package dev.fetch.http;

import java.net.InetSocketAddress;
import java.net.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import okhttp3.Credentials;
import okhttp3.HttpUrl;

/**
 * Proxies the way curl users expect: {@code https_proxy}/{@code HTTPS_PROXY} for https URLs,
 * {@code http_proxy}/{@code HTTP_PROXY} for http URLs, {@code all_proxy}/{@code ALL_PROXY} for both,
 * and {@code no_proxy}/{@code NO_PROXY}: a comma-separated list of hosts and domains (a domain also
 * matches its subdomains; a leading dot is optional), IP addresses, or {@code *} for all. The
 * lower-case form wins when both are set. {@code --proxy} and {@code --noproxy} override them.
 */
public final class ProxyRules {
  public static final ProxyRules NONE = new ProxyRules(null, null, List.of(), false);

  private final HttpUrl httpProxy;
  private final HttpUrl httpsProxy;
  private final List<String> noProxy;
  private final boolean noProxyAll;

  private ProxyRules(HttpUrl httpProxy, HttpUrl httpsProxy, List<String> noProxy, boolean noProxyAll) {
    this.httpProxy = httpProxy;
    this.httpsProxy = httpsProxy;
    this.noProxy = noProxy;
    this.noProxyAll = noProxyAll;
  }

  /**
   * Rules from the environment, overridden by the command line.
   *
   * @param proxyOption --proxy, or null
   * @param noProxyOption --noproxy, or null
   * @throws IllegalArgumentException with a one-line message for a proxy that is not a URL
   */
  public static ProxyRules fromEnvironment(Map<String, String> env, String proxyOption, String noProxyOption) {
    String all = first(env, "all_proxy", "ALL_PROXY");
    String http = proxyOption != null ? proxyOption : orElse(first(env, "http_proxy", "HTTP_PROXY"), all);
    String https = proxyOption != null ? proxyOption : orElse(first(env, "https_proxy", "HTTPS_PROXY"), all);
    String no = noProxyOption != null ? noProxyOption : first(env, "no_proxy", "NO_PROXY");
    return of(http, https, no);
  }

  /** Explicit rules: proxy URLs for http and https requests (null: direct), and a NO_PROXY list. */
  public static ProxyRules of(String httpProxy, String httpsProxy, String noProxy) {
    List<String> hosts = new ArrayList<>();
    boolean all = false;
    if (noProxy != null) {
      for (String item : noProxy.split(",")) {
        String h = item.strip().toLowerCase(Locale.ROOT);
        if (h.equals("*")) {
          all = true;
        } else if (!h.isEmpty()) {
          if (h.startsWith("[") && h.contains("]")) {
            h = h.substring(1, h.indexOf(']'));
          } else if (h.indexOf(':') == h.lastIndexOf(':') && h.contains(":")) {
            h = h.substring(0, h.indexOf(':')); // host:port: the port is not compared
          }
          hosts.add(h.startsWith(".") ? h.substring(1) : h);
        }
      }
    }
    return new ProxyRules(parse(httpProxy), parse(httpsProxy), List.copyOf(hosts), all);
  }

  /** The proxy for a request to {@code url}: {@link Proxy#NO_PROXY} when it goes direct. */
  public Proxy select(HttpUrl url) {
    HttpUrl p = proxyFor(url);
    if (p == null) {
      return Proxy.NO_PROXY;
    }
    return new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(p.host(), p.port()));
  }

  /** The value of a Proxy-Authorization header for the proxy of {@code url}, or null. */
  public String authorization(HttpUrl url) {
    HttpUrl p = proxyFor(url);
    if (p == null || p.username().isEmpty()) {
      return null;
    }
    return Credentials.basic(p.username(), p.password());
  }

  public boolean isEmpty() {
    return httpProxy == null && httpsProxy == null;
  }

  private HttpUrl proxyFor(HttpUrl url) {
    HttpUrl p = url.isHttps() ? httpsProxy : httpProxy;
    if (p == null || noProxyAll) {
      return null;
    }
    String host = url.host().toLowerCase(Locale.ROOT);
    for (String h : noProxy) {
      if (host.equals(h) || host.endsWith("." + h)) {
        return null;
      }
    }
    return p;
  }

  private static HttpUrl parse(String proxy) {
    if (proxy == null || proxy.isBlank()) {
      return null;
    }
    String v = proxy.strip();
    if (!v.contains("://")) {
      v = "http://" + v; // curl takes a bare host:port
    }
    HttpUrl url = HttpUrl.parse(v);
    if (url == null || !url.scheme().equals("http")) {
      throw new IllegalArgumentException(
          "proxy must be an http:// URL or host:port, got '" + Redactor.redact(proxy) + "'");
    }
    return url;
  }

  private static String first(Map<String, String> env, String lower, String upper) {
    String v = env.get(lower);
    return v != null && !v.isBlank() ? v : env.get(upper);
  }

  private static String orElse(String a, String b) {
    return a != null && !a.isBlank() ? a : b;
  }
}
