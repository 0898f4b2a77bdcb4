package dev.fetch.download;

import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.ProtocolException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Locale;
import javax.net.ssl.SSLException;

/**
 * Sorts a failed request's {@link IOException} into a short user-facing reason, and into final (another
 * attempt cannot mend it) or retryable. By the exception's type first; by its message only where OkHttp
 * or the JDK throw a general type for a specific case, as noted at each.
 */
final class FailureClassifier {
  /** Reasons are cut to this many characters (messages may hold a whole certificate chain). */
  static final int MAX_REASON = 160;

  /** What a failure means to the user, and whether it is worth another attempt. */
  record Failure(String reason, boolean isFinal) {}

  private FailureClassifier() {}

  /** @param host the request's host, named in reasons about reaching it */
  static Failure classify(IOException e, String host) {
    String m = e.getMessage() == null ? "" : e.getMessage();
    if (tooManyRedirects(e)) {
      return new Failure("too many redirects (more than 20)", true);
    }
    if (e instanceof UnknownHostException) {
      return new Failure("unknown host " + host, true);
    }
    return new Failure(describe(e, m, host),
        e instanceof SSLException && !(e.getCause() instanceof IOException));
  }

  private static String describe(IOException e, String m, String host) {
    if (e instanceof ConnectException || e instanceof NoRouteToHostException) {
      return "cannot connect to " + host + ": " + shorten(m);
    }
    if (e instanceof SocketTimeoutException) {
      // one type for connect and read timeouts: the JDK says "Connect timed out", OkHttp "connect timed out"
      return m.toLowerCase(Locale.ROOT).contains("connect")
          ? "connect timed out" : "read timed out (no data for --read-timeout)";
    }
    if (e instanceof InterruptedIOException && "timeout".equals(m)) {
      // OkHttp's call timeout (--timeout) is a plain InterruptedIOException("timeout")
      return "timed out (whole transfer longer than --timeout)";
    }
    // OkHttp reports a body cut short as a plain IOException("unexpected end of stream …")
    if (e instanceof EOFException || m.contains("unexpected end of stream")) {
      return m.startsWith("truncated") ? m : "connection closed early (truncated body)";
    }
    if (e instanceof SSLException tls) {
      return TlsFailures.reason(tls, host, FailureClassifier::shorten);
    }
    // the JDK's SocketException has no subtype for a reset: "Connection reset (by peer)"
    if (m.toLowerCase(Locale.ROOT).contains("reset")) {
      return "connection reset";
    }
    return e.getClass().getSimpleName() + (m.isEmpty() ? "" : ": " + shorten(m));
  }

  /** OkHttp's redirect limit is a plain ProtocolException("Too many follow-up requests: 21"). */
  private static boolean tooManyRedirects(IOException e) {
    return e instanceof ProtocolException && String.valueOf(e.getMessage()).startsWith("Too many follow-up requests");
  }

  private static String shorten(String m) {
    String one = m.replace('\n', ' ').replace('\r', ' ');
    return one.length() > MAX_REASON ? one.substring(0, MAX_REASON - 3) + "..." : one;
  }
}
