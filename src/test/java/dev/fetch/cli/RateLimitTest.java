package dev.fetch.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static dev.fetch.cli.CliFixtures.run;
import static dev.fetch.testing.TestImages.jpeg;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fetch.cli.CliFixtures.Outcome;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.fetch.testing.LocalServers;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** --limit-rate caps the run's total bandwidth (one loose timing check with a wide margin). */
class RateLimitTest {
  @RegisterExtension
  static WireMockExtension wm = LocalServers.wireMock();

  @TempDir Path dir;

  @Test
  void twoHundredKilobytesAtOneHundredKilobytesPerSecondTakeAtLeastOneAndAHalfSeconds() throws Exception {
    // four files of 50 KB in parallel: the cap is for the run, not per download
    byte[] body = jpeg(50 * 1024, 1);
    wm.stubFor(get(urlPathMatching("/f.*")).willReturn(LocalServers.jpegResponse(body)));
    String base = "http://127.0.0.1:" + wm.getPort();

    Outcome r = run("-t", "4", "--limit-rate", "100K", "-o", dir.toString(),
        base + "/f1.jpg", base + "/f2.jpg", base + "/f3.jpg", base + "/f4.jpg");

    assertEquals(0, r.exit(), r.toString());
    assertTrue(r.millis() >= 1_500, "200 KB at 100 KB/s took only " + r.millis() + " ms");
    // about 2 s (3x is 6 s); charging whole 16 KB chunks for short reads once made it 8 s
    assertTrue(r.millis() < 6_000, "200 KB at 100 KB/s took " + r.millis() + " ms");
    for (int i = 1; i <= 4; i++) {
      assertArrayEquals(body, Files.readAllBytes(dir.resolve("f" + i + ".jpg")));
    }
  }
}
