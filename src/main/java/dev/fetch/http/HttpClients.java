package dev.fetch.http;

import java.io.IOException;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Response;

/** Builds the one OkHttp client a run shares. */
public final class HttpClients {
  /** Idle connections are kept this long between requests of a run. */
  static final long KEEP_ALIVE_MINUTES = 5;
  /** OkHttp's cap of 20 follow-ups; a longer chain fails with "Too many follow-up requests: 21". */
  public static final int MAX_REDIRECTS = 20;

  private static final String HIDDEN_RETRY_AFTER = "X-Fetch-Retry-After";

  /**
   * The one start-up seam: a base client built once per JVM on a background thread, from which every
   * run's client is derived. Loading this class starts the build (see {@link #prewarm}).
   */
  private static final class Prewarmed {
    static final FutureTask<OkHttpClient> BASE = new FutureTask<>(() -> baseBuilder().build());

    static {
      Thread t = new Thread(BASE, "fetch-http-init");
      t.setDaemon(true);
      t.start();
    }
  }

  /** A response's Retry-After header (see the network interceptor in {@link #create}). */
  public static String retryAfter(Response response) {
    String v = response.header("Retry-After");
    return v != null ? v : response.header(HIDDEN_RETRY_AFTER);
  }

  private HttpClients() {}

  /** The protocol a response came over, as ALPN names it: "h2" (also for h2c), "http/1.1". */
  public static String protocolName(Response response) {
    Protocol p = response.protocol();
    return p == Protocol.H2_PRIOR_KNOWLEDGE ? Protocol.HTTP_2.toString() : p.toString();
  }

  /**
   * Starts building the base client on a background thread, once per JVM: loading OkHttp's classes
   * takes a good part of start-up, and can overlap with parsing the command line. {@link #create}
   * waits for it (and starts it if nobody did), so every client, in tests too, comes this way.
   */
  public static void prewarm() {
    Objects.requireNonNull(Prewarmed.BASE); // loading the holder starts the build
  }

  private static OkHttpClient.Builder baseBuilder() {
    return new OkHttpClient.Builder().sslSocketFactory(LazyTls.PLATFORM.socketFactory(), LazyTls.PLATFORM.trustManager());
  }

  private static OkHttpClient.Builder newBuilder() {
    try {
      return Prewarmed.BASE.get().newBuilder();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException e) {
      // fall through: build from scratch, and let any error surface there
    }
    return baseBuilder();
  }

  /** {@code client}, logging (debug) each connection it opens; only for -v, so normal runs pay nothing. */
  public static OkHttpClient withConnectionLog(OkHttpClient client) {
    return client.newBuilder().eventListenerFactory(call -> new ConnectionLog()).build();
  }

  /** Call when an https URL is coming: sets up TLS in the background before its first connection. */
  public static void expectHttps(HttpSettings settings) {
    settings.trust().prewarm();
  }

  /**
   * A run's client: its own connection pool, keeping up to {@code connections} idle connections (one
   * per worker), and its own dispatcher, so that closing one run's client leaves the others working.
   */
  public static OkHttpClient create(HttpSettings settings, int connections) {
    FirstConnectionGate firstConnection = new FirstConnectionGate(settings.connectTimeout());
    OkHttpClient.Builder builder = newBuilder()
        // Our executor is the only limit (calls are execute()d, not enqueue()d); the pool keeps one
        // idle connection per worker so that -t N workers on one host reuse N connections.
        .connectionPool(new ConnectionPool(connections, KEEP_ALIVE_MINUTES, TimeUnit.MINUTES))
        .dispatcher(new Dispatcher())
        .connectTimeout(settings.connectTimeout())
        .readTimeout(settings.readTimeout())
        .writeTimeout(settings.readTimeout())
        .callTimeout(settings.timeout())
        // Redirects are followed by OriginBoundRedirects, which keeps credentials to the entry's origin
        // (OkHttp still answers a proxy's 407 itself, through the proxy authenticator below).
        .followRedirects(false)
        .addInterceptor(new OriginBoundRedirects(settings.locationTrusted(), MAX_REDIRECTS))
        // inside the redirects: a refused hop is sent again, not the whole chain
        .addInterceptor(new RefusedStreamRetry())
        .addInterceptor(firstConnection.application())
        .addNetworkInterceptor(firstConnection.network())
        .protocols(settings.httpVersion().protocols())
        .socketFactory(new BufferedSocketFactory())
        // Retries are fetch's own (counted, with backoff, within --retries): OkHttp must not repeat
        // requests behind its back (it would for 408, for 503 with Retry-After: 0, and after a
        // failure on a reused connection). Only a request the server refused unprocessed is sent
        // again at once, by RefusedStreamRetry.
        .retryOnConnectionFailure(false)
        // ...and it repeats a 503 with "Retry-After: 0" whatever that flag says: hide the header
        // from it (fetch reads it back with retryAfter()).
        .addNetworkInterceptor(chain -> {
          Response response = chain.proceed(chain.request());
          String retryAfter = response.header("Retry-After");
          if (response.code() != 503 || retryAfter == null) {
            return response;
          }
          return response.newBuilder().removeHeader("Retry-After").header(HIDDEN_RETRY_AFTER, retryAfter).build();
        });
    TlsTrust trust = settings.trust();
    if (trust != TlsTrust.PLATFORM) {
      builder.sslSocketFactory(trust.socketFactory(), trust.trustManager());
      if (!trust.isChecked()) {
        builder.hostnameVerifier((host, session) -> true); // -k: host names are not checked either
      }
    }
    ProxyRules proxies = settings.proxyRules();
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
