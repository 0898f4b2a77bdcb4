package dev.fetch.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.fetch.cli.CliFixtures.Outcome;
import dev.fetch.testing.LocalServers;
import dev.fetch.testing.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs in one JVM (a library user, the launcher's training run) share the client built at start-up
 * (Main.run prewarms it, as the launcher does): a run that closed its client must leave the next working.
 */
class RepeatedRunTest {
  static final byte[] JPEG = TestImages.jpeg();

  @RegisterExtension
  static WireMockExtension server = LocalServers.wireMock();

  @TempDir Path dir;

  @Test
  void aSecondRunAfterTheFirstClosedStillDownloads() throws Exception {
    server.stubFor(get(urlPathMatching("/.*"))
        .willReturn(aResponse().withHeader("Content-Type", "image/jpeg").withBody(JPEG)));
    for (String run : new String[] {"first", "second"}) {
      Outcome o = CliFixtures.run("-o", dir.resolve(run).toString(), server.baseUrl() + "/" + run + ".jpg");
      assertEquals(0, o.exit(), o.toString());
      assertArrayEquals(JPEG, Files.readAllBytes(dir.resolve(run).resolve(run + ".jpg")));
      server.verify(1, getRequestedFor(urlEqualTo("/" + run + ".jpg")));
    }
  }
}
