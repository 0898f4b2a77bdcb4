package dev.fetch.cli;

import static dev.fetch.cli.CliFixtures.text;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fetch.cli.CliFixtures.Outcome;
import dev.fetch.testing.TestImages;
import dev.fetch.testing.TlsServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.Protocol;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTP/2 as users meet it, over TLS with ALPN (OkHttp's mockwebserver3, trusted through --cacert):
 * downloads to one host share one connection, and --http1.1 is honoured. (Connection rotation is
 * tested over h2c in download/Http2RotationTest: mockwebserver3's ShutdownConnection did not rotate
 * an HTTP/2 connection over TLS here.)
 */
class Http2OverTlsTest {
  static final int FILES = 16;
  static final byte[] IMAGE = TestImages.jpeg(4_000, 21);

  @TempDir Path dir;
  final MockWebServer server = new MockWebServer();
  final List<RecordedRequest> seen = new ArrayList<>();
  Path caFile;

  @BeforeEach
  void setUp() throws Exception {
    HeldCertificate leaf = TlsServer.certificateFor("localhost", "127.0.0.1");
    HandshakeCertificates handshake = new HandshakeCertificates.Builder()
        .heldCertificate(leaf, TlsServer.AUTHORITY.certificate()).build();
    server.useHttps(handshake.sslSocketFactory());
    server.setProtocols(List.of(Protocol.HTTP_2, Protocol.HTTP_1_1));
    caFile = Files.writeString(dir.resolve("ca.pem"), TlsServer.authorityPem());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  /** Serves the image to every request, recording each. */
  void serve() throws Exception {
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        synchronized (seen) {
          seen.add(request);
        }
        return new MockResponse.Builder().setHeader("Content-Type", "image/jpeg")
            .body(new Buffer().write(IMAGE)).build();
      }
    });
    server.start();
  }

  Outcome fetchAll(String threads, String... options) {
    List<String> args = new ArrayList<>(List.of("--json", "-t", threads, "--retries", "0", "--cacert",
        caFile.toString(), "-o", dir.resolve("out").toString()));
    args.addAll(List.of(options));
    for (int i = 0; i < FILES; i++) {
      args.add(server.url("/img" + i + ".jpg").toString());
    }
    return CliFixtures.run(Map.of(), args.toArray(String[]::new));
  }

  void assertAllSaved(Outcome o, String protocol) throws Exception {
    assertEquals(0, o.exit(), o.toString());
    assertEquals(FILES, o.json().size(), o.toString());
    for (Map<String, Object> r : o.json()) {
      assertEquals("ok", r.get("status"), o.toString());
      assertEquals(protocol, text(r, "protocol"), o.toString());
      assertEquals(1, ((Number) r.get("attempts")).intValue(), o.toString());
      assertArrayEquals(IMAGE, Files.readAllBytes(Path.of(text(r, "file"))));
    }
  }

  @Test
  void downloadsToOneHostShareOneHttp2Connection() throws Exception {
    serve();

    Outcome o = fetchAll("8");

    assertAllSaved(o, "h2");
    Set<Integer> connections = new TreeSet<>();
    seen.forEach(r -> connections.add(r.getConnectionIndex()));
    assertEquals(Set.of(0), connections, "every request on the first connection");
  }

  @Test
  void http11OptionSpeaksHttp11EvenWhereTheServerOffersHttp2() throws Exception {
    serve();

    Outcome o = fetchAll("8", "--http1.1");

    assertAllSaved(o, "http/1.1");
    assertTrue(seen.stream().allMatch(r -> r.getRequestLine().endsWith("HTTP/1.1")), seen.toString());
  }
}
