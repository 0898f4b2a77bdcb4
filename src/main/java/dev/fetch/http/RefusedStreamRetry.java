package dev.fetch.http;

import java.io.IOException;
import okhttp3.Interceptor;
import okhttp3.Response;
import okhttp3.internal.http2.ConnectionShutdownException;
import okhttp3.internal.http2.ErrorCode;
import okhttp3.internal.http2.StreamResetException;

/**
 * Sends a request again at once when an HTTP/2 server refused it without processing it: a stream
 * reset with REFUSED_STREAM (also how OkHttp fails streams above a GOAWAY's last stream id), or a
 * connection that was shutting down before the stream began. Such a request did nothing on the
 * server, so repeating it is no retry: it costs no attempt and waits no backoff. OkHttp does this
 * only with retryOnConnectionFailure, which fetch turns off (see {@link HttpClients#create}).
 */
final class RefusedStreamRetry implements Interceptor {
  /** Resends per request at most; a server that refuses every stream fails as usual after this. */
  static final int MAX_RESENDS = 5;

  @Override
  public Response intercept(Chain chain) throws IOException {
    for (int resends = 0; ; resends++) {
      try {
        return chain.proceed(chain.request());
      } catch (IOException e) {
        if (resends >= MAX_RESENDS || chain.call().isCanceled() || !refusedUnprocessed(e)) {
          throw e;
        }
      }
    }
  }

  /** Whether {@code e} says the server did not process the request at all. */
  static boolean refusedUnprocessed(IOException e) {
    return e instanceof ConnectionShutdownException
        || e instanceof StreamResetException reset && reset.errorCode == ErrorCode.REFUSED_STREAM;
  }
}
