package dev.fetch.http;

import dev.fetch.FetchConfig;
import java.io.IOException;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.HttpUrl;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;

/** Builds the one OkHttp client a run shares. */
public final class HttpClients {
  /** Idle connections are kept this long between requests of a run. */
  static final long KEEP_ALIVE_MINUTES = 5;
  /** OkHttp's cap of 20 follow-ups; a longer chain fails with "Too many follow-up requests: 21". */
  public static final int MAX_REDIRECTS = 20;

  private static final String HIDDEN_RETRY_AFTER = "X-Fetch-Retry-After";
  private static volatile java.util.concurrent.FutureTask<OkHttpClient> prewarmed;

  /** A response's Retry-After header (see the network interceptor in {@link #create}). */
  public static String retryAfter(okhttp3.Response response) {
    String v = response.header("Retry-After");
    return v != null ? v : response.header(HIDDEN_RETRY_AFTER);
  }

  private HttpClients() {}

  /**
   * Starts building a default client on a background thread: loading OkHttp's classes and the
   * platform's trusted certificates takes a good part of start-up, and can overlap with parsing the
   * command line. {@link #create} then derives the run's client from it.
   */
  public static void prewarm() {
    java.util.concurrent.FutureTask<OkHttpClient> task = new java.util.concurrent.FutureTask<>(
        () -> new OkHttpClient.Builder().sslSocketFactory(LazyTls.SOCKET_FACTORY, LazyTls.TRUST_MANAGER).build());
    prewarmed = task;
    Thread t = new Thread(task, "fetch-http-init");
    t.setDaemon(true);
    t.start();
  }

  private static OkHttpClient.Builder newBuilder() {
    java.util.concurrent.FutureTask<OkHttpClient> task = prewarmed;
    if (task != null) {
      try {
        return task.get().newBuilder();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (java.util.concurrent.ExecutionException e) {
        // fall through: build from scratch, and let any error surface there
      }
    }
    return new OkHttpClient.Builder().sslSocketFactory(LazyTls.SOCKET_FACTORY, LazyTls.TRUST_MANAGER);
  }

  /** Call when an https URL is coming: sets up TLS in the background before its first connection. */
  public static void expectHttps() {
    LazyTls.prewarm();
  }

  public static OkHttpClient create(FetchConfig config) {
    OkHttpClient.Builder builder = newBuilder()
        // Our executor is the only limit (calls are execute()d, not enqueue()d); the pool keeps one
        // idle connection per worker so that -t N workers on one host reuse N connections.
        .connectionPool(new ConnectionPool(config.threads(), KEEP_ALIVE_MINUTES, TimeUnit.MINUTES))
        .connectTimeout(config.connectTimeout())
        .readTimeout(config.readTimeout())
        .writeTimeout(config.readTimeout())
        .callTimeout(config.timeout())
        // Redirects are followed by OriginBoundRedirects, which keeps credentials to the entry's origin
        // (OkHttp still answers a proxy's 407 itself, through the proxy authenticator below).
        .followRedirects(false)
        .addInterceptor(new OriginBoundRedirects(config.locationTrusted(), MAX_REDIRECTS))
        .socketFactory(new BufferedSocketFactory())
        // Retries are fetch's own (counted, with backoff, within --retries): OkHttp must not repeat
        // requests behind its back (it would for 408, for 503 with Retry-After: 0, and after a
        // failure on a reused connection).
        .retryOnConnectionFailure(false)
        // ...and it repeats a 503 with "Retry-After: 0" whatever that flag says: hide the header
        // from it (fetch reads it back with retryAfter()).
        .addNetworkInterceptor(chain -> {
          okhttp3.Response response = chain.proceed(chain.request());
          String retryAfter = response.header("Retry-After");
          if (response.code() != 503 || retryAfter == null) {
            return response;
          }
          return response.newBuilder().removeHeader("Retry-After").header(HIDDEN_RETRY_AFTER, retryAfter).build();
        });
    ProxyRules proxies = config.proxyRules();
    if (!proxies.isEmpty()) {
      builder.proxySelector(new ProxySelector() {
        @Override
        public List<Proxy> select(URI uri) {
          HttpUrl url = HttpUrl.get(uri);
          return List.of(url == null ? Proxy.NO_PROXY : proxies.select(url));
        }

        @Override
        public void connectFailed(URI uri, SocketAddress address, IOException e) {}
      });
      builder.proxyAuthenticator((route, response) -> {
        String credentials = proxies.authorization(response.request().url());
        if (credentials == null || response.request().header("Proxy-Authorization") != null) {
          return null; // no credentials, or they were refused: give up
        }
        return response.request().newBuilder().header("Proxy-Authorization", credentials).build();
      });
    }
    return builder.build();
  }
}
