package dev.fetch.http;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * A TLS set-up (trusted certificates, SSL context), made on first use rather than when the client is
 * built: it costs about 200 ms of CPU at start-up, which a list of http:// URLs never needs. The
 * platform's is exactly the JDK's default: the same trust store, the same checks. A set-up that fails
 * (an unreadable trust store) fails each connection with one {@link TlsSetupException}, never a trace.
 */
final class LazyTls {
  /** The JDK's trust store setting, named in a set-up failure: people try a PEM file there. */
  private static final String TRUST_STORE_PROPERTY = "javax.net.ssl.trustStore";
  private static final TrustSource PLATFORM_SOURCE = LazyTls::platformTrustManager;
  /** The one every client shares: the set-up is made once per JVM (declared after its source). */
  static final LazyTls PLATFORM = new LazyTls();

  /** Where the trusted certificates come from; called once, on first use. */
  @FunctionalInterface
  interface TrustSource {
    X509TrustManager load() throws GeneralSecurityException, IOException;
  }

  private final TrustSource source;
  private volatile SSLContext context;
  private volatile X509TrustManager trustManager;
  private volatile String failure;
  private final AtomicBoolean prewarmStarted = new AtomicBoolean();

  /** Passed to OkHttp: delegates to the platform's trust manager once it is needed. */
  private final X509TrustManager lazyTrustManager = new X509TrustManager() {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      loadedTrustManager().checkClientTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      loadedTrustManager().checkServerTrusted(chain, authType);
    }

    /**
     * OkHttp asks for these when the client is built, only to clean certificate chains for
     * certificate pinning, which fetch does not use; answering would load the trust store.
     */
    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  };

  /** Passed to OkHttp: the platform's TLS sockets, set up on the first https connection. */
  private final SSLSocketFactory lazySocketFactory = new SSLSocketFactory() {
    private SSLSocketFactory real() throws TlsSetupException {
      return sslContext().getSocketFactory();
    }

    /** Not asked by OkHttp (it asks the socket); no checked exception to fail with here. */
    private SSLSocketFactory realOrFail() {
      try {
        return real();
      } catch (TlsSetupException e) {
        throw new IllegalStateException(e.getMessage(), e);
      }
    }

    @Override
    public String[] getDefaultCipherSuites() {
      return realOrFail().getDefaultCipherSuites();
    }

    @Override
    public String[] getSupportedCipherSuites() {
      return realOrFail().getSupportedCipherSuites();
    }

    @Override
    public Socket createSocket(Socket s, String host, int port, boolean autoClose) throws IOException {
      return real().createSocket(s, host, port, autoClose);
    }

    @Override
    public Socket createSocket() throws IOException {
      return real().createSocket();
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
      return real().createSocket(host, port);
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
      return real().createSocket(host, port, localHost, localPort);
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
      return real().createSocket(host, port);
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
        throws IOException {
      return real().createSocket(address, port, localAddress, localPort);
    }
  };

  /** The platform's trust. */
  LazyTls() {
    this(PLATFORM_SOURCE);
  }

  LazyTls(TrustSource source) {
    this.source = source;
  }

  X509TrustManager trustManager() {
    return lazyTrustManager;
  }

  SSLSocketFactory socketFactory() {
    return lazySocketFactory;
  }

  /** Whether TLS has been set up (by a connection or {@link #prewarm}). */
  boolean isSetUp() {
    return context != null;
  }

  /** Starts the set-up on a background thread, once: called when the first https URL is read. */
  void prewarm() {
    if (context == null && prewarmStarted.compareAndSet(false, true)) {
      Thread t = new Thread(() -> {
        try {
          sslContext();
        } catch (TlsSetupException e) {
          // each connection reports it
        }
      }, "fetch-tls-init");
      t.setDaemon(true);
      t.start();
    }
  }

  /** The trust manager of a trust store ({@code null}: the platform's). */
  static X509TrustManager trustManagerOf(KeyStore store) throws GeneralSecurityException {
    TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(store);
    for (TrustManager m : factory.getTrustManagers()) {
      if (m instanceof X509TrustManager x) {
        return x;
      }
    }
    throw new KeyStoreException("no X509 trust manager");
  }

  private static X509TrustManager platformTrustManager() throws GeneralSecurityException {
    return trustManagerOf(null);
  }

  private X509TrustManager loadedTrustManager() throws CertificateException {
    try {
      sslContext();
    } catch (TlsSetupException e) {
      throw new CertificateException(e.getMessage());
    }
    return trustManager;
  }

  private SSLContext sslContext() throws TlsSetupException {
    SSLContext c = context;
    if (c == null) {
      synchronized (this) {
        c = context;
        if (c == null) {
          if (failure != null) {
            throw new TlsSetupException(failure); // a new one each time: callers add suppressed ones
          }
          try {
            X509TrustManager tm = source.load();
            c = SSLContext.getInstance("TLS");
            c.init(null, new TrustManager[] {tm}, null);
            trustManager = tm;
            context = c;
          } catch (GeneralSecurityException | IOException | RuntimeException e) {
            failure = "TLS set-up failed: " + causes(e)
                + (source == PLATFORM_SOURCE && System.getProperty(TRUST_STORE_PROPERTY) != null
                ? " (" + TRUST_STORE_PROPERTY + " must be a key store; use --cacert for PEM)" : "");
            throw new TlsSetupException(failure);
          }
        }
      }
    }
    return c;
  }

  /** The messages of a cause chain, each once: "problem accessing trust store: Invalid keystore format". */
  static String causes(Throwable e) {
    StringBuilder text = new StringBuilder();
    for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
      String m = t.getMessage();
      Throwable cause = t.getCause();
      if (m == null || m.isBlank() || (cause != null && m.equals(cause.toString()))) {
        continue; // no words of its own
      }
      if (!text.isEmpty()) {
        text.append(": ");
      }
      text.append(m.replace('\n', ' '));
    }
    return text.isEmpty() ? e.getClass().getSimpleName() : text.toString();
  }
}
