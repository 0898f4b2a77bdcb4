package dev.fetch.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fetch.cli.CliFixtures.Outcome;
import dev.fetch.testing.TestImages;
import dev.fetch.testing.TlsServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Trust as curl users expect it: --cacert, SSL_CERT_FILE, -k, and TLS failures told by their cause. */
class TrustOptionsTest {
  private static final byte[] IMAGE = TestImages.jpeg(2500, 7);
  private static final String INSECURE_WARNING =
      "fetch: warning: --insecure: TLS certificates and host names are not checked";

  private static TlsServer server;

  @TempDir Path dir;

  @BeforeAll
  static void start() throws IOException {
    server = TlsServer.forHost("localhost", IMAGE);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private Path caFile() throws IOException {
    return Files.writeString(dir.resolve("ca.pem"), TlsServer.authorityPem());
  }

  private Path out() {
    return dir.resolve("out");
  }

  private void assertDownloaded(Outcome run) throws IOException {
    assertEquals(0, run.exit(), run.toString());
    assertArrayEquals(IMAGE, Files.readAllBytes(out().resolve("a.jpg")));
  }

  private void assertFailedWithNothingKept(Outcome run, String reason) throws IOException {
    assertEquals(1, run.exit(), run.toString());
    assertEquals(reason, CliFixtures.text(run.single(), "error"), run.toString());
    assertEquals(List.of(), CliFixtures.tree(out()), run.toString());
  }

  @Test
  void caCertTrustsTheServersAuthority() throws IOException {
    Outcome run = CliFixtures.run("-o", out().toString(), "--cacert", caFile().toString(), server.url("/a.jpg"));

    assertDownloaded(run);
  }

  @Test
  void sslCertFileIsHonouredWithoutCaCert() throws IOException {
    Outcome run = CliFixtures.run(Map.of("SSL_CERT_FILE", caFile().toString()), "-o", out().toString(),
        server.url("/a.jpg"));

    assertDownloaded(run);
  }

  @Test
  void insecureDownloadsWithoutTrustAndWarnsOnce() throws IOException {
    Outcome run = CliFixtures.run("-o", out().toString(), "-k", server.url("/a.jpg"));

    assertDownloaded(run);
    assertEquals(1, run.errLines().stream().filter(INSECURE_WARNING::equals).count(), run.toString());
  }

  @Test
  void withoutThemTheServerIsRefusedAsUntrustedWithAHint() throws IOException {
    int before = server.requests();

    Outcome run = CliFixtures.run("-o", out().toString(), "--retries", "0", "--json", server.url("/a.jpg"));

    assertFailedWithNothingKept(run, "untrusted certificate: not signed by a trusted authority "
        + "(trust its CA with --cacert FILE)");
    assertEquals(before, server.requests(), "no request may pass an untrusted handshake");
    assertFalse(run.err().contains("insecure"), run.toString());
  }

  @Test
  void textLinesCarryTheSameReasonAsJson() throws IOException {
    Outcome run = CliFixtures.run("-o", out().toString(), "--retries", "0", server.url("/a.jpg"));

    assertEquals(1, run.exit(), run.toString());
    assertTrue(run.fieldsFor("/a.jpg")[4].startsWith("untrusted certificate"), run.toString());
  }

  @Test
  void aCertificateForAnotherHostIsAHostNameMismatch() throws IOException {
    try (TlsServer other = TlsServer.forHost("images.example", IMAGE)) {
      Outcome run = CliFixtures.run("-o", out().toString(), "--retries", "0", "--json",
          "--cacert", caFile().toString(), other.url("/a.jpg"));

      assertFailedWithNothingKept(run, "host name mismatch: the certificate is not for localhost");
      assertEquals(0, other.requests());
    }
  }

  @Test
  void anExpiredCertificateIsExpired() throws IOException {
    try (TlsServer expired = TlsServer.expired(IMAGE)) {
      Outcome run = CliFixtures.run("-o", out().toString(), "--retries", "0", "--json",
          "--cacert", caFile().toString(), expired.url("/a.jpg"));

      assertFailedWithNothingKept(run, "certificate expired");
      assertEquals(0, expired.requests());
    }
  }

  @Test
  void aMissingCaCertFileIsAUsageErrorBeforeAnything() {
    assertUsageError(Map.of(), "--cacert", dir.resolve("nope.pem").toString(),
        "fetch: --cacert " + dir.resolve("nope.pem") + ": no such file");
  }

  @Test
  void aCaCertFileThatIsNotPemIsAUsageError() throws Exception {
    Path notPem = Files.write(dir.resolve("ca.der"), TlsServer.AUTHORITY.certificate().getEncoded());
    assertUsageError(Map.of(), "--cacert", notPem.toString(),
        "fetch: --cacert " + notPem + ": holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
  }

  @Test
  void anEmptyCaCertFileIsAUsageError() throws IOException {
    Path empty = Files.createFile(dir.resolve("empty.pem"));
    assertUsageError(Map.of(), "--cacert", empty.toString(),
        "fetch: --cacert " + empty + ": holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
  }

  @Test
  void aCertificateThatCannotBeDecodedFailsEachHttpsEntryInOneLine() throws IOException {
    Path corrupt = Files.writeString(dir.resolve("corrupt.pem"),
        "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n");

    Outcome run = CliFixtures.run("-o", out().toString(), "--retries", "0", "--json",
        "--cacert", corrupt.toString(), server.url("/a.jpg"));

    assertFailedWithNothingKept(run, CliFixtures.text(run.single(), "error"));
    assertTrue(CliFixtures.text(run.single(), "error")
        .startsWith("TLS set-up failed: " + corrupt + ": certificate 1 cannot be read"), run.toString());
    assertFalse(run.err().contains("\tat "), run.toString());
  }

  @Test
  void aBadSslCertFileIsAUsageErrorNamingTheVariable() {
    Path missing = dir.resolve("missing.pem");
    assertUsageError(Map.of("SSL_CERT_FILE", missing.toString()), null, null,
        "fetch: SSL_CERT_FILE " + missing + ": no such file");
  }

  private void assertUsageError(Map<String, String> env, String option, String value, String line) {
    int before = server.requests();
    String[] args = option == null
        ? CliFixtures.args("-o", out().toString(), server.url("/a.jpg"))
        : CliFixtures.args("-o", out().toString(), option, value, server.url("/a.jpg"));

    Outcome run = CliFixtures.run(env, args);

    assertEquals(2, run.exit(), run.toString());
    assertEquals(List.of(line), run.errLines(), run.toString());
    assertEquals("", run.out(), run.toString());
    assertFalse(Files.exists(out()), "the output folder must not be created");
    assertEquals(before, server.requests());
  }
}
