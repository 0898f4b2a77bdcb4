package dev.fetch.download;

import dev.fetch.http.TlsSetupException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertPathValidatorException.BasicReason;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.util.function.UnaryOperator;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * A TLS failure as its cause, not as the JDK's exception names: by the types in the cause chain where
 * the JDK has them, else by the words of its alerts ("Received fatal alert: protocol_version").
 */
final class TlsFailures {
  static final String UNTRUSTED =
      "untrusted certificate: not signed by a trusted authority (trust its CA with --cacert FILE)";
  static final String EXPIRED = "certificate expired";
  static final String NOT_YET_VALID = "certificate not yet valid";
  static final String PROTOCOL_VERSION = "TLS protocol version: the server and fetch share none";

  private TlsFailures() {}

  /** @param shorten cuts a message to a reason's length */
  static String reason(SSLException e, String host, UnaryOperator<String> shorten) {
    if (e instanceof TlsSetupException) {
      return shorten.apply(e.getMessage());
    }
    // OkHttp checks host names itself: "Hostname localhost not verified: certificate: ..."
    if (e instanceof SSLPeerUnverifiedException && String.valueOf(e.getMessage()).startsWith("Hostname")) {
      return "host name mismatch: the certificate is not for " + host;
    }
    boolean untrusted = false;
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof CertificateExpiredException || validatorSays(t, BasicReason.EXPIRED)) {
        return EXPIRED;
      }
      if (t instanceof CertificateNotYetValidException || validatorSays(t, BasicReason.NOT_YET_VALID)) {
        return NOT_YET_VALID;
      }
      untrusted |= t instanceof CertPathBuilderException || t instanceof CertPathValidatorException;
      if (t.getCause() == t) {
        break;
      }
    }
    String m = String.valueOf(e.getMessage());
    // the JDK's own words when the chain has no trusted root
    if (untrusted || m.contains("PKIX path building failed") || m.contains("unable to find valid certification path")) {
      return UNTRUSTED;
    }
    if (m.contains("protocol_version") || m.contains("No appropriate protocol")) {
      return PROTOCOL_VERSION;
    }
    if (m.contains("Unsupported or unrecognized SSL message")) {
      return "TLS handshake failed: the server does not speak TLS on this port";
    }
    if (m.startsWith("Received fatal alert: ")) {
      return "TLS handshake failed: the server sent " + m.substring("Received fatal alert: ".length());
    }
    return (e instanceof SSLHandshakeException ? "TLS handshake failed: " : "TLS error: ") + shorten.apply(m);
  }

  private static boolean validatorSays(Throwable t, BasicReason reason) {
    return t instanceof CertPathValidatorException v && v.getReason() == reason;
  }
}
