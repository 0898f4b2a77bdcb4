package dev.fetch.http;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How a run's requests are made: timeouts, User-Agent, extra headers, proxies, whether credentials
 * follow redirects to other hosts, and which certificates are trusted. Immutable; the constructor rejects a value out of range with an
 * {@link InvalidSettingException} that names the setting.
 *
 * @param connectTimeout time to connect
 * @param readTimeout longest silence while reading (and writing)
 * @param timeout whole-call limit per attempt, redirects included; zero means none
 * @param locationTrusted whether Authorization, Cookie and Proxy-Authorization headers, and credentials
 *     in URLs, go to every host a redirect leads to (curl's --location-trusted)
 * @param trust which server certificates are trusted ({@link TlsTrust#PLATFORM} unless told)
 * @param httpVersion which HTTP versions the client speaks
 */
public record HttpSettings(Duration connectTimeout, Duration readTimeout, Duration timeout, String userAgent,
    List<RequestHeader> headers, ProxyRules proxyRules, boolean locationTrusted, TlsTrust trust,
    HttpVersion httpVersion) {
  /** The longest timeout accepted: one day. */
  public static final long MAX_TIMEOUT_SECONDS = 86_400;
  /** An HTTP header name (RFC 9110 token). */
  private static final String TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";

  public HttpSettings {
    requireSeconds("connectTimeout", connectTimeout, false);
    requireSeconds("readTimeout", readTimeout, false);
    requireSeconds("timeout", timeout, true);
    if (userAgent == null || userAgent.isBlank() || userAgent.chars().anyMatch(c -> c < 0x20)) {
      throw new InvalidSettingException("userAgent", "must be a non-empty single line");
    }
    headers = List.copyOf(headers);
    for (RequestHeader h : headers) {
      if (h.name() == null || !h.name().matches(TOKEN)
          || h.value() == null || h.value().chars().anyMatch(c -> c < 0x20 && c != '\t' || c == 0x7f)) {
        throw new InvalidSettingException("header",
            "must be 'Name: value' on one line, got '" + h.name() + ": " + h.value() + "'");
      }
    }
    Objects.requireNonNull(proxyRules, "proxyRules");
    Objects.requireNonNull(trust, "trust");
    Objects.requireNonNull(httpVersion, "httpVersion");
  }

  /** With the platform's trust, negotiating the HTTP version ({@link HttpVersion#ANY}). */
  public HttpSettings(Duration connectTimeout, Duration readTimeout, Duration timeout, String userAgent,
      List<RequestHeader> headers, ProxyRules proxyRules, boolean locationTrusted) {
    this(connectTimeout, readTimeout, timeout, userAgent, headers, proxyRules, locationTrusted, TlsTrust.PLATFORM,
        HttpVersion.ANY);
  }

  /** Checks a number of seconds: at most {@link #MAX_TIMEOUT_SECONDS}, zero only where it means none. */
  public static void requireSeconds(String setting, Duration d, boolean zeroAllowed) {
    if (d == null || d.isNegative() || (!zeroAllowed && d.isZero()) || d.toSeconds() > MAX_TIMEOUT_SECONDS) {
      throw new InvalidSettingException(setting, "must be " + (zeroAllowed ? "0" : "1") + " to "
          + MAX_TIMEOUT_SECONDS + " seconds, got " + (d == null ? "nothing" : d.toSeconds()));
    }
  }
}
