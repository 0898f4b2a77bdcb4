package dev.fetch.cli;

import dev.fetch.FetchConfig;
import dev.fetch.http.HttpVersion;
import dev.fetch.http.ProxyRules;
import dev.fetch.http.RequestHeader;
import dev.fetch.http.TlsTrust;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** How many downloads at once, how long to wait, and how requests are made. */
final class NetworkOptions {
  /** OpenSSL's variable for a file of trusted certificates, honoured without --cacert. */
  static final String SSL_CERT_FILE = "SSL_CERT_FILE";

  @Option(names = {"-t", "--threads"}, paramLabel = "N", defaultValue = "" + FetchConfig.DEFAULT_THREADS,
      description = "Downloads in flight at once (1.." + FetchConfig.MAX_THREADS + ").")
  int threads;

  @Option(names = "--per-host", paramLabel = "N", defaultValue = "" + FetchConfig.DEFAULT_PER_HOST,
      description = "Downloads in flight to one host at most (0: no bound beyond -t).")
  int perHost;

  @Option(names = "--connect-timeout", paramLabel = "SECONDS",
      defaultValue = "" + FetchConfig.DEFAULT_CONNECT_TIMEOUT_SECONDS, description = "Time to connect.")
  long connectTimeout;

  @Option(names = "--read-timeout", paramLabel = "SECONDS",
      defaultValue = "" + FetchConfig.DEFAULT_READ_TIMEOUT_SECONDS, description = "Longest silence while reading.")
  long readTimeout;

  @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "" + FetchConfig.DEFAULT_TIMEOUT_SECONDS,
      description = "Whole-transfer limit per attempt (0: none).")
  long timeout;

  @Option(names = "--limit-rate", paramLabel = "RATE", converter = ByteSizeConverter.class,
      defaultValue = "" + FetchConfig.DEFAULT_LIMIT_RATE,
      description = "Total bandwidth cap in bytes/s (K, M, G suffixes; 0: none).")
  long limitRate;

  @Option(names = {"-A", "--user-agent"}, paramLabel = "TEXT",
      description = "User-Agent header (default: fetch/VERSION).")
  String userAgent;

  @Option(names = {"-H", "--header"}, paramLabel = "'NAME: VALUE'", converter = HeaderConverter.class,
      description = "Extra request header; repeatable. Authorization, Cookie and Proxy-Authorization "
          + "(and user:pass@ in URLs) go only to the URL's own scheme, host and port, not where it redirects.")
  List<RequestHeader> headers = new ArrayList<>();

  @Option(names = "--location-trusted",
      description = "Send those credentials across redirects to other hosts too, as curl does. A risk: "
          + "every host in a redirect chain, even over plain http, then gets your passwords and cookies.")
  boolean locationTrusted;

  @Option(names = "--proxy", paramLabel = "URL",
      description = "HTTP proxy for every request (overrides *_PROXY variables); '' for none.")
  String proxy;

  @Option(names = "--noproxy", paramLabel = "HOSTS",
      description = "Comma-separated hosts and domains to reach directly ('*': all); overrides NO_PROXY.")
  String noProxy;

  @Option(names = "--cacert", paramLabel = "FILE",
      description = "Trust the PEM certificates in FILE instead of the platform's store "
          + "(default: SSL_CERT_FILE when set, else the platform's store).")
  Path caCert;

  @Option(names = {"-k", "--insecure"},
      description = "Check neither TLS certificates nor host names, for this run only (a warning is printed).")
  boolean insecure;

  @Option(names = "--http1.1", description = "Use HTTP/1.1 only (default: HTTP/2 where an https server offers it).")
  boolean http11;

  /** {@code env} holds the *_PROXY variables and SSL_CERT_FILE. */
  void applyTo(FetchConfig.Builder b, Map<String, String> env) throws UsageException {
    b.threads(threads)
        .perHost(perHost)
        .connectTimeout(Duration.ofSeconds(connectTimeout))
        .readTimeout(Duration.ofSeconds(readTimeout))
        .timeout(Duration.ofSeconds(timeout))
        .limitRate(limitRate)
        .locationTrusted(locationTrusted)
        .httpVersion(http11 ? HttpVersion.HTTP_1_1 : HttpVersion.ANY);
    if (userAgent != null) {
      b.userAgent(userAgent);
    }
    headers.forEach(h -> b.header(h.name(), h.value()));
    b.trust(trust(env));
    try {
      b.proxyRules(ProxyRules.fromEnvironment(env, proxy, noProxy));
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
  }

  /** -k, else --cacert, else SSL_CERT_FILE, else the platform's store; a bad file is a usage error. */
  private TlsTrust trust(Map<String, String> env) throws UsageException {
    if (insecure) {
      return TlsTrust.insecure();
    }
    String variable = env.get(SSL_CERT_FILE);
    if (caCert == null && (variable == null || variable.isEmpty())) {
      return TlsTrust.PLATFORM;
    }
    Path file = caCert != null ? caCert : Path.of(variable);
    try {
      return TlsTrust.pemFile(file);
    } catch (IllegalArgumentException e) {
      throw new UsageException((caCert != null ? "--cacert " : SSL_CERT_FILE + " ") + file + ": " + e.getMessage());
    }
  }
}
