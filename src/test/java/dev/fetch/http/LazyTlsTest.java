package dev.fetch.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStoreException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TLS is set up on the first https connection, not when the client is built nor for http. */
class LazyTlsTest {
  private final LazyTls tls = new LazyTls();
  private final OkHttpClient client =
      new OkHttpClient.Builder().sslSocketFactory(tls.socketFactory(), tls.trustManager()).build();

  @Test
  void neitherBuildingTheClientNorPlainHttpSetsUpTls() throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
    server.createContext("/", exchange -> {
      exchange.sendResponseHeaders(204, -1);
      exchange.close();
    });
    server.start();
    try (Response response = client.newCall(new Request.Builder()
        .url("http://127.0.0.1:" + server.getAddress().getPort() + "/").build()).execute()) {
      assertEquals(204, response.code());
    } finally {
      server.stop(0);
    }
    assertFalse(tls.isSetUp());
  }

  @Test
  void theFirstHttpsConnectionSetsItUp() throws IOException {
    // A server that accepts and hangs up: the handshake fails, after the set-up it needed.
    try (ServerSocket server = new ServerSocket(0, 8, InetAddress.getLoopbackAddress())) {
      Thread acceptor = new Thread(() -> {
        try (Socket s = server.accept()) {
          // closed at once
        } catch (IOException ignored) {
          // the test is over
        }
      });
      acceptor.start();
      assertFalse(tls.isSetUp());
      assertThrows(IOException.class, () -> client.newCall(new Request.Builder()
          .url("https://127.0.0.1:" + server.getLocalPort() + "/").build()).execute().close());
      assertTrue(tls.isSetUp());
    }
  }

  @Test
  void aSetUpThatFailsFailsEachConnectionWithOneLineAndNoTrace() throws Exception {
    LazyTls broken = new LazyTls(() -> {
      throw new KeyStoreException("problem accessing trust store", new IOException("Invalid keystore format"));
    });
    OkHttpClient brokenClient =
        new OkHttpClient.Builder().sslSocketFactory(broken.socketFactory(), broken.trustManager()).build();
    List<Throwable> uncaught = new CopyOnWriteArrayList<>();
    Thread.UncaughtExceptionHandler before = Thread.getDefaultUncaughtExceptionHandler();
    Thread.setDefaultUncaughtExceptionHandler((t, e) -> uncaught.add(e));
    try (ServerSocket server = new ServerSocket(0, 8, InetAddress.getLoopbackAddress())) {
      broken.prewarm();
      Request request = new Request.Builder().url("https://127.0.0.1:" + server.getLocalPort() + "/").build();
      for (int attempt = 0; attempt < 2; attempt++) {
        TlsSetupException e = assertThrows(TlsSetupException.class,
            () -> brokenClient.newCall(request).execute().close());
        assertEquals("TLS set-up failed: problem accessing trust store: Invalid keystore format", e.getMessage());
      }
    } finally {
      Thread.setDefaultUncaughtExceptionHandler(before);
    }
    assertEquals(List.of(), uncaught, "the background set-up must not die with a trace");
    assertFalse(broken.isSetUp());
  }

  @Test
  void aPemFileGivenAsTheJavaTrustStoreIsNamedWithAHint(@TempDir Path dir) throws Exception {
    Path pem = Files.writeString(dir.resolve("ca.crt"), "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n");
    String property = "javax.net.ssl.trustStore";
    String old = System.getProperty(property);
    System.setProperty(property, pem.toString());
    try (ServerSocket server = new ServerSocket(0, 8, InetAddress.getLoopbackAddress())) {
      LazyTls platform = new LazyTls();
      OkHttpClient platformClient =
          new OkHttpClient.Builder().sslSocketFactory(platform.socketFactory(), platform.trustManager()).build();
      TlsSetupException e = assertThrows(TlsSetupException.class, () -> platformClient.newCall(
          new Request.Builder().url("https://127.0.0.1:" + server.getLocalPort() + "/").build()).execute().close());
      assertTrue(e.getMessage().startsWith("TLS set-up failed: problem accessing trust store"), e.getMessage());
      assertTrue(e.getMessage().endsWith("(javax.net.ssl.trustStore must be a key store; use --cacert for PEM)"),
          e.getMessage());
    } finally {
      if (old == null) {
        System.clearProperty(property);
      } else {
        System.setProperty(property, old);
      }
    }
  }
}
