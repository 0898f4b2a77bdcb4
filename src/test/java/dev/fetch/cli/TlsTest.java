package dev.fetch.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fetch.cli.CliFixtures.Outcome;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.fetch.testing.TestImages;
import dev.fetch.testing.LocalServers;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** TLS is set up lazily, but trust is still the platform's: an unknown certificate is refused. */
class TlsTest {
  @RegisterExtension
  static WireMockExtension wm = LocalServers.wireMockWithHttps();

  @Test
  void selfSignedCertificateIsRefusedAndNothingIsKept(@TempDir Path dir) throws Exception {
    wm.stubFor(get(urlPathEqualTo("/a.jpg")).willReturn(LocalServers.jpegResponse(TestImages.jpeg(2000, 1))));
    String url = "https://localhost:" + wm.getRuntimeInfo().getHttpsPort() + "/a.jpg";

    Outcome run = CliFixtures.run("-o", dir.toString(), "--retries", "0", url);

    assertEquals(1, run.exit(), run.toString());
    String[] fields = run.fieldsFor("/a.jpg");
    assertEquals("failed", fields[0]);
    assertTrue(fields[4].startsWith("untrusted certificate"), run.toString());
    assertFalse(Files.exists(dir.resolve("a.jpg")));
    assertFalse(Files.exists(dir.resolve("a.jpg.part")));
    assertEquals(0, wm.getAllServeEvents().size(), "no request may pass an untrusted handshake");
  }

  @Test
  void plainHttpRunsBesideHttpsInOneRun(@TempDir Path dir) throws Exception {
    wm.stubFor(get(urlPathEqualTo("/b.jpg")).willReturn(LocalServers.jpegResponse(TestImages.jpeg(3000, 2))));
    String plain = wm.getRuntimeInfo().getHttpBaseUrl() + "/b.jpg";
    String tls = "https://localhost:" + wm.getRuntimeInfo().getHttpsPort() + "/b.jpg c.jpg";

    Outcome run = CliFixtures.run("-o", dir.toString(), "--retries", "0", plain, tls);

    assertEquals(1, run.exit(), run.toString());
    assertTrue(Files.exists(dir.resolve("b.jpg")), run.toString());
    assertFalse(Files.exists(dir.resolve("c.jpg")));
  }
}
