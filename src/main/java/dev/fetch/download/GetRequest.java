package dev.fetch.download;

import dev.fetch.FetchConfig;
import dev.fetch.http.HttpSettings;
import dev.fetch.http.RequestHeader;
import okhttp3.HttpUrl;
import okhttp3.Request;

/** The one request a download attempt makes; the only place that reads the run's request headers. */
final class GetRequest {
  private GetRequest() {}

  /**
   * A GET of {@code url} with the run's User-Agent and -H headers; from byte {@code from} on when it
   * is above 0 (with If-Range {@code validator}, when known, so that another version comes whole);
   * with the {@code conditions} of --refresh when there are some (a resumed .part is not re-checked:
   * the run that wrote it saw the file change).
   */
  static Request of(HttpUrl url, FetchConfig config, long from, String validator, ConditionalRequest conditions) {
    HttpSettings http = config.http();
    Request.Builder request = new Request.Builder()
        .url(url)
        .header("User-Agent", http.userAgent());
    for (RequestHeader h : http.headers()) {
      request.addHeader(h.name(), h.value());
    }
    if (from > 0) {
      request.header("Range", "bytes=" + from + "-");
      if (validator != null) {
        request.header("If-Range", validator);
      }
    } else if (conditions != null) {
      conditions.addTo(request);
    }
    return request.build();
  }
}
