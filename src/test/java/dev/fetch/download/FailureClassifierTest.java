package dev.fetch.download;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fetch.download.FailureClassifier.Failure;
import dev.fetch.http.TlsSetupException;
import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.ProtocolException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertPathValidatorException.BasicReason;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.junit.jupiter.api.Test;

/** Each kind of request failure: the reason the user reads, and whether another attempt is made. */
class FailureClassifierTest {
  private static Failure classify(IOException e) {
    return FailureClassifier.classify(e, "img.example");
  }

  private static void assertRetryable(String reason, IOException e) {
    assertEquals(new Failure(reason, false), classify(e), e.toString());
  }

  private static void assertFinal(String reason, IOException e) {
    assertEquals(new Failure(reason, true), classify(e), e.toString());
  }

  @Test
  void failuresAnotherAttemptCannotMendAreFinal() {
    assertFinal("too many redirects (more than 20)", new ProtocolException("Too many follow-up requests: 21"));
    assertFinal("unknown host img.example", new UnknownHostException("img.example: Name or service not known"));
    assertFinal(TlsFailures.UNTRUSTED, new SSLHandshakeException("PKIX path building failed"));
  }

  @Test
  void tlsFailuresReadAsTheirCause() {
    assertFinal(TlsFailures.UNTRUSTED, handshake("PKIX path building failed: x",
        new CertPathBuilderException("unable to find valid certification path to requested target")));
    assertFinal(TlsFailures.EXPIRED, handshake("PKIX path validation failed: x", new CertPathValidatorException(
        "validity check failed", new CertificateExpiredException("NotAfter: ..."), null, -1, BasicReason.EXPIRED)));
    assertFinal(TlsFailures.NOT_YET_VALID, handshake("PKIX path validation failed: x",
        new CertPathValidatorException("validity check failed", null, null, -1, BasicReason.NOT_YET_VALID)));
    assertFinal("host name mismatch: the certificate is not for img.example",
        new SSLPeerUnverifiedException("Hostname img.example not verified:\n certificate: sha256/..."));
    assertFinal(TlsFailures.PROTOCOL_VERSION, new SSLHandshakeException("Received fatal alert: protocol_version"));
    assertFinal(TlsFailures.PROTOCOL_VERSION, new SSLHandshakeException(
        "No appropriate protocol (protocol is disabled or cipher suites are inappropriate)"));
    assertFinal("TLS handshake failed: the server sent handshake_failure",
        new SSLHandshakeException("Received fatal alert: handshake_failure"));
    assertFinal("TLS set-up failed: problem accessing trust store: Invalid keystore format",
        new TlsSetupException("TLS set-up failed: problem accessing trust store: Invalid keystore format"));
  }

  private static SSLHandshakeException handshake(String message, Throwable cause) {
    SSLHandshakeException e = new SSLHandshakeException(message);
    e.initCause(new CertificateException(cause.toString(), cause));
    return e;
  }

  @Test
  void aTlsErrorCausedByTheConnectionIsRetried() {
    assertRetryable("TLS error: handshake cut", new SSLException("handshake cut", new SocketException("broken pipe")));
  }

  @Test
  void connectionFailuresNameTheHostAndAreRetried() {
    assertRetryable("cannot connect to img.example: Connection refused", new ConnectException("Connection refused"));
    assertRetryable("cannot connect to img.example: No route to host", new NoRouteToHostException("No route to host"));
  }

  @Test
  void timeoutsSayWhichLimitWasReached() {
    assertRetryable("connect timed out", new SocketTimeoutException("Connect timed out"));
    assertRetryable("connect timed out", new SocketTimeoutException("connect timed out"));
    assertRetryable("read timed out (no data for --read-timeout)", new SocketTimeoutException("Read timed out"));
    assertRetryable("read timed out (no data for --read-timeout)", new SocketTimeoutException("timeout"));
    assertRetryable("timed out (whole transfer longer than --timeout)", new InterruptedIOException("timeout"));
    assertRetryable("InterruptedIOException: interrupted", new InterruptedIOException("interrupted"));
  }

  @Test
  void aBodyCutShortIsATruncatedBody() {
    assertRetryable("connection closed early (truncated body)", new EOFException("\\n not found: limit=0"));
    assertRetryable("connection closed early (truncated body)",
        new IOException("unexpected end of stream on http://img.example/..."));
    assertRetryable("truncated: got 10 of 20 bytes", new EOFException("truncated: got 10 of 20 bytes"));
  }

  @Test
  void resetsAndTheRestAreRetriedWithAShortReason() {
    assertRetryable("connection reset", new SocketException("Connection reset"));
    assertRetryable("connection reset", new SocketException("Connection reset by peer"));
    assertRetryable("ProtocolException: Unexpected status line: HTTP/1.1 abc",
        new ProtocolException("Unexpected status line: HTTP/1.1 abc"));
    assertRetryable("IOException", new IOException());
  }

  @Test
  void longOrMultiLineMessagesAreCutToOneShortLine() {
    String reason = classify(new ConnectException("line one\nline two " + "x".repeat(300))).reason();

    assertEquals(("cannot connect to img.example: line one line two " + "x".repeat(300))
        .substring(0, "cannot connect to img.example: ".length() + 157) + "...", reason);
  }
}
