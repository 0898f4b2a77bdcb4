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
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

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
}
