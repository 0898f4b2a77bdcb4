package dev.fetch.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.SocketFactory;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Requests that start together on a new HTTP/2 host share its first connection. */
class FirstConnectionGateTest {
  private static final int REQUESTS = 16;
  /** A slow connect (as a TLS handshake across the internet is) leaves time for the race. */
  private static final long CONNECT_DELAY_MILLIS = 300;

  private final MockWebServer server = new MockWebServer();
  private final ExecutorService pool = Executors.newFixedThreadPool(REQUESTS);
  private final AtomicInteger connects = new AtomicInteger();

  @AfterEach
  void stop() {
    pool.shutdownNow();
    server.close();
  }

  @Test
  void requestsStartingTogetherOpenOneConnectionToAnHttp2Host() throws Exception {
    Set<Integer> connections = ConcurrentHashMap.newKeySet();
    server.setProtocols(List.of(Protocol.H2_PRIOR_KNOWLEDGE));
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        connections.add(request.getConnectionIndex());
        return new MockResponse.Builder().body("x").build();
      }
    });
    server.start();
    HttpSettings h2c = new HttpSettings(Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ZERO,
        "test-agent", List.of(), ProxyRules.NONE, false, TlsTrust.PLATFORM, HttpVersion.H2_PRIOR_KNOWLEDGE);
    OkHttpClient client = HttpClients.create(h2c, REQUESTS).newBuilder().socketFactory(new SlowConnects()).build();

    List<Future<String>> bodies = new ArrayList<>();
    for (int i = 0; i < REQUESTS; i++) {
      Request request = new Request.Builder().url(server.url("/" + i)).build();
      bodies.add(pool.submit(() -> {
        try (Response r = client.newCall(request).execute()) {
          return r.body().string();
        }
      }));
    }
    for (Future<String> body : bodies) {
      assertEquals("x", body.get());
    }

    assertEquals(REQUESTS, server.getRequestCount());
    assertEquals(1, connections.size(), "connections carrying requests: " + connections);
    assertEquals(1, connects.get(), "connections opened (OkHttp drops a racing one only after its handshake)");
  }

  /** Counted sockets whose connect takes {@link #CONNECT_DELAY_MILLIS} longer. */
  private final class SlowConnects extends SocketFactory {
    @Override
    public Socket createSocket() {
      return new Socket() {
        @Override
        public void connect(SocketAddress endpoint, int timeout) throws IOException {
          try {
            Thread.sleep(CONNECT_DELAY_MILLIS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
          }
          connects.incrementAndGet();
          super.connect(endpoint, timeout);
        }
      };
    }

    @Override
    public Socket createSocket(String host, int port) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress local, int localPort) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Socket createSocket(InetAddress host, int port) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress local, int localPort) {
      throw new UnsupportedOperationException();
    }
  }
}
