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
  /** OkHttp's own cap is 20 follow-ups; a longer chain fails with "Too many follow-up requests". */
  public static final int MAX_REDIRECTS = 20;

  private HttpClients() {}

  public static OkHttpClient create(FetchConfig config) {
    OkHttpClient.Builder builder = new OkHttpClient.Builder()
        // Our executor is the only limit (calls are execute()d, not enqueue()d); the pool keeps one
        // idle connection per worker so that -t N workers on one host reuse N connections.
        .connectionPool(new ConnectionPool(config.threads(), KEEP_ALIVE_MINUTES, TimeUnit.MINUTES))
        .connectTimeout(config.connectTimeout())
        .readTimeout(config.readTimeout())
        .writeTimeout(config.readTimeout())
        .callTimeout(config.timeout())
        .followRedirects(true)
        .followSslRedirects(true);
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
