package dev.fetch.testing;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;

/**
 * An HTTPS server on loopback that answers every path with a JPEG, under a certificate the test makes
 * (signed by {@link #AUTHORITY}); it counts the requests that got past the handshake.
 */
public final class TlsServer implements AutoCloseable {
  /** The test's own certificate authority: what --cacert trusts. */
  public static final HeldCertificate AUTHORITY = new HeldCertificate.Builder()
      .certificateAuthority(0).commonName("fetch test CA").build();

  private final HttpsServer server;
  private final AtomicInteger requests = new AtomicInteger();

  private TlsServer(HeldCertificate certificate, byte[] body) throws IOException {
    HandshakeCertificates handshake = new HandshakeCertificates.Builder()
        .heldCertificate(certificate, AUTHORITY.certificate()).build();
    server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    server.setHttpsConfigurator(new HttpsConfigurator(handshake.sslContext()));
    server.createContext("/", exchange -> {
      requests.incrementAndGet();
      exchange.getResponseHeaders().add("Content-Type", "image/jpeg");
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
  }

  /** A server whose certificate names {@code hostName}, valid now. */
  public static TlsServer forHost(String hostName, byte[] body) throws IOException {
    return new TlsServer(leaf(hostName).build(), body);
  }

  /** A server whose certificate for localhost ended yesterday. */
  public static TlsServer expired(byte[] body) throws IOException {
    long now = System.currentTimeMillis();
    return new TlsServer(leaf("localhost")
        .validityInterval(now - TimeUnit.DAYS.toMillis(30), now - TimeUnit.DAYS.toMillis(1)).build(), body);
  }

  private static HeldCertificate.Builder leaf(String hostName, String... moreNames) {
    HeldCertificate.Builder b = new HeldCertificate.Builder().commonName(hostName).addSubjectAlternativeName(hostName)
        .signedBy(AUTHORITY);
    for (String name : moreNames) {
      b.addSubjectAlternativeName(name);
    }
    return b;
  }

  /** A server certificate for these names (host names or IP addresses), signed by {@link #AUTHORITY}, valid now. */
  public static HeldCertificate certificateFor(String hostName, String... moreNames) {
    return leaf(hostName, moreNames).build();
  }

  /** The CA's certificate in PEM, as --cacert reads it. */
  public static String authorityPem() {
    return AUTHORITY.certificatePem();
  }

  /** An https URL of this server, by the name localhost. */
  public String url(String path) {
    return "https://localhost:" + server.getAddress().getPort() + path;
  }

  /** Requests that got past the handshake. */
  public int requests() {
    return requests.get();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
