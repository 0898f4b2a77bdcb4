package dev.fetch.cli;

import java.io.InputStream;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.Protocol;
import okio.Buffer;

/**
 * The HTTPS part of the training run ({@link Warmup}): downloads over TLS, HTTP/2 and HTTP/1.1, with
 * redirects, a 404 and --json, from a server on loopback, so that the start-up cache holds the JDK's
 * TLS stack and OkHttp's HTTP/2 code that an https run loads. The server's key and certificate for
 * 127.0.0.1, signed by a CA of its own (resource {@value #KEY_STORE}; the CA's key is not kept), are
 * made for this training only: the training trusts that CA through --cacert, nothing else ever does.
 */
final class TlsWarmup {
  static final String KEY_STORE = "training-loopback-only.p12";
  private static final char[] PASSWORD = "warmup-only".toCharArray();
  private static final int FILES = 24;

  private TlsWarmup() {}

  /** Runs the HTTPS downloads into {@code dir}, printing to {@code out}. */
  static void run(Path dir, byte[] jpeg, PrintWriter out) throws Exception {
    KeyStore keys = KeyStore.getInstance("PKCS12");
    try (InputStream in = TlsWarmup.class.getResourceAsStream(KEY_STORE)) {
      keys.load(in, PASSWORD);
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(keys, PASSWORD);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(kmf.getKeyManagers(), null, null);
    // the server sends its certificate and the training CA's; the client trusts the CA: a full PKIX check
    java.security.cert.Certificate[] chain = keys.getCertificateChain(keys.aliases().nextElement());
    Path ca = Files.writeString(dir.resolve("training-ca.pem"), "-----BEGIN CERTIFICATE-----\n"
        + Base64.getMimeEncoder().encodeToString(chain[chain.length - 1].getEncoded())
        + "\n-----END CERTIFICATE-----\n", StandardCharsets.US_ASCII);

    try (MockWebServer server = new MockWebServer()) {
      server.useHttps(context.getSocketFactory());
      server.setProtocols(List.of(Protocol.HTTP_2, Protocol.HTTP_1_1));
      server.setDispatcher(new Dispatcher() {
        @Override
        public MockResponse dispatch(RecordedRequest request) {
          String path = request.getUrl().encodedPath();
          if (path.startsWith("/moved")) {
            return new MockResponse.Builder().code(302).setHeader("Location", "/img-after-redirect.jpg").build();
          }
          if (path.startsWith("/missing")) {
            return new MockResponse.Builder().code(404).body("not found").build();
          }
          return new MockResponse.Builder().setHeader("Content-Type", "image/jpeg")
              .body(new Buffer().write(jpeg)).build();
        }
      });
      server.start(InetAddress.getByName("127.0.0.1"), 0);
      String base = "https://127.0.0.1:" + server.getPort() + "/";
      StringBuilder list = new StringBuilder();
      for (int i = 0; i < FILES; i++) {
        list.append(base).append(i % 8 == 7 ? "missing" + i : i % 8 == 3 ? "moved" + i : "img" + i + ".jpg")
            .append('\n');
      }
      Path listFile = Files.writeString(dir.resolve("tls-list.txt"), list);
      List<String> common = List.of("-f", listFile.toString(), "-t", "4", "--retries", "0",
          "--cacert", ca.toString());
      Main.run(args(common, "-o", dir.resolve("h2").toString(), "--json", "-q"), InputStream.nullInputStream(), out, out,
          Interruption.NONE);
      Main.run(args(common, "-o", dir.resolve("h1").toString(), "--http1.1"),
          InputStream.nullInputStream(), out, out, Interruption.NONE);
      // the trust a real run has (SSL_CERT_FILE's bundle, else the platform's store): it fails here,
      // having loaded and used that store
      Map<String, String> env = new java.util.HashMap<>();
      String bundle = System.getenv(NetworkOptions.SSL_CERT_FILE);
      if (bundle != null) {
        env.put(NetworkOptions.SSL_CERT_FILE, bundle);
      }
      Main.run(new String[] {"-o", dir.resolve("platform").toString(), "--retries", "0", base + "img.jpg"},
          InputStream.nullInputStream(), out, out, env, false, Interruption.NONE);
    }
  }

  private static String[] args(List<String> common, String... more) {
    List<String> all = new ArrayList<>(common);
    all.addAll(List.of(more));
    return all.toArray(String[]::new);
  }
}
