package dev.fetch.http;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The platform's TLS set-up (trusted certificates, SSL context), made on first use rather than when
 * the client is built: it costs about 200 ms of CPU at start-up, which a list of http:// URLs never
 * needs. Trust is exactly the JDK's default: the same trust store, the same checks.
 */
final class LazyTls {
  /** The one every client shares: the set-up is made once per JVM. */
  static final LazyTls PLATFORM = new LazyTls();

  private volatile SSLContext context;
  private volatile X509TrustManager trustManager;
  private final AtomicBoolean prewarmStarted = new AtomicBoolean();

  /** Passed to OkHttp: delegates to the platform's trust manager once it is needed. */
  private final X509TrustManager lazyTrustManager = new X509TrustManager() {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      platformTrustManager().checkClientTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      platformTrustManager().checkServerTrusted(chain, authType);
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
    private SSLSocketFactory real() {
      return sslContext().getSocketFactory();
    }

    @Override
    public String[] getDefaultCipherSuites() {
      return real().getDefaultCipherSuites();
    }

    @Override
    public String[] getSupportedCipherSuites() {
      return real().getSupportedCipherSuites();
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

  LazyTls() {}

  X509TrustManager trustManager() {
    return lazyTrustManager;
  }

  SSLSocketFactory socketFactory() {
    return lazySocketFactory;
  }

  /** Whether the platform's TLS has been set up (by a connection or {@link #prewarm}). */
  boolean isSetUp() {
    return context != null;
  }

  /** Starts the set-up on a background thread, once: called when the first https URL is read. */
  void prewarm() {
    if (context == null && prewarmStarted.compareAndSet(false, true)) {
      Thread t = new Thread(this::sslContext, "fetch-tls-init");
      t.setDaemon(true);
      t.start();
    }
  }

  private X509TrustManager platformTrustManager() {
    sslContext();
    return trustManager;
  }

  private SSLContext sslContext() {
    SSLContext c = context;
    if (c == null) {
      synchronized (this) {
        c = context;
        if (c == null) {
          try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init((KeyStore) null);
            X509TrustManager tm = null;
            for (TrustManager m : factory.getTrustManagers()) {
              if (m instanceof X509TrustManager x) {
                tm = x;
              }
            }
            if (tm == null) {
              throw new IllegalStateException("the platform has no X509 trust manager");
            }
            c = SSLContext.getInstance("TLS");
            c.init(null, new TrustManager[] {tm}, null);
            trustManager = tm;
            context = c;
          } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up TLS: " + e.getMessage(), e);
          }
        }
      }
    }
    return c;
  }
}
