package dev.fetch.http;

import dev.fetch.FetchConfig;
import java.util.concurrent.TimeUnit;
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
    return new OkHttpClient.Builder()
        // Our executor is the only limit (calls are execute()d, not enqueue()d); the pool keeps one
        // idle connection per worker so that -t N workers on one host reuse N connections.
        .connectionPool(new ConnectionPool(config.threads(), KEEP_ALIVE_MINUTES, TimeUnit.MINUTES))
        .connectTimeout(config.connectTimeout())
        .readTimeout(config.readTimeout())
        .writeTimeout(config.readTimeout())
        .callTimeout(config.timeout())
        .followRedirects(true)
        .followSslRedirects(true)
        .build();
  }
}
