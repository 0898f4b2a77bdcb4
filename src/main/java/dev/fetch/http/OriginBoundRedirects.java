package dev.fetch.http;

import java.io.IOException;
import java.net.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import okhttp3.Credentials;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Follows redirects in place of OkHttp, so that credentials go only to the origin (scheme, host,
 * port) of the URL asked for, as curl does since 7.58 and 7.83. OkHttp itself drops only
 * {@code Authorization} when the host changes, and builds each hop from the one before; here every hop
 * is built from the first request, so credentials come back when a chain returns to the origin.
 *
 * <p>Credentials written in the URL ({@code user:pass@}) are sent as preemptive Basic authorization
 * (OkHttp never sends them), unless an {@code Authorization} header is given.
 */
public final class OriginBoundRedirects implements Interceptor {
  /** Headers that carry credentials; any other header goes to every hop. */
  public static final List<String> CREDENTIAL_HEADERS = List.of("Authorization", "Cookie", "Proxy-Authorization");

  private final boolean locationTrusted;
  private final int maxRedirects;

  /**
   * @param locationTrusted send the credentials to every hop (curl's --location-trusted)
   * @param maxRedirects follow-ups allowed; one more fails with OkHttp's own
   *     "Too many follow-up requests: N"
   */
  public OriginBoundRedirects(boolean locationTrusted, int maxRedirects) {
    this.locationTrusted = locationTrusted;
    this.maxRedirects = maxRedirects;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request first = withUrlCredentials(chain.request());
    Response response = chain.proceed(first);
    int followUps = 0;
    while (true) {
      HttpUrl next = redirectTarget(response);
      if (next == null) {
        return response;
      }
      response.close();
      if (++followUps > maxRedirects) {
        throw new ProtocolException("Too many follow-up requests: " + followUps);
      }
      response = chain.proceed(hop(first, next));
    }
  }

  /** The request for a hop to {@code url}: the first request's, without its credentials off its origin. */
  Request hop(Request first, HttpUrl url) {
    Request.Builder b = first.newBuilder().url(url);
    if (!locationTrusted && !sameOrigin(first.url(), url)) {
      for (String name : CREDENTIAL_HEADERS) {
        b.removeHeader(name);
      }
    }
    return b.build();
  }

  /** Scheme, host and port all equal: https to http on the same host is another origin. */
  static boolean sameOrigin(HttpUrl a, HttpUrl b) {
    return a.scheme().equals(b.scheme()) && a.host().equals(b.host()) && a.port() == b.port();
  }

  static Request withUrlCredentials(Request request) {
    HttpUrl url = request.url();
    if ((url.username().isEmpty() && url.password().isEmpty()) || request.header("Authorization") != null) {
      return request;
    }
    // HttpUrl has percent-decoded them already
    return request.newBuilder()
        .header("Authorization", Credentials.basic(url.username(), url.password(), StandardCharsets.UTF_8))
        .build();
  }

  /**
   * Where a redirect points, or null when it is not one to follow: not a redirect status, not a GET
   * or HEAD (fetch sends nothing else), no Location, or one that is not an http(s) URL. The 3xx
   * response is then the answer.
   */
  private static HttpUrl redirectTarget(Response response) {
    switch (response.code()) {
      case 300, 301, 302, 303, 307, 308 -> { }
      default -> { return null; }
    }
    String method = response.request().method();
    if (!method.equals("GET") && !method.equals("HEAD")) {
      return null;
    }
    String location = response.header("Location");
    return location == null ? null : response.request().url().resolve(location);
  }
}
