package dev.fetch.http;

import javax.net.ssl.SSLException;

/**
 * TLS could not be set up at all (a trust store that cannot be read): every https request of the run
 * fails with this one-line message, and another attempt cannot mend it.
 */
public final class TlsSetupException extends SSLException {
  public TlsSetupException(String message) {
    super(message);
  }
}
