package dev.fetch.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static dev.fetch.cli.CliFixtures.fileNames;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fetch.cli.CliFixtures.Outcome;
import dev.fetch.testing.TestImages;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.fetch.testing.LocalServers;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** -f given more than once: every list is downloaded, and --failed and --log-file name each entry's list. */
class SeveralListsTest {
  @RegisterExtension
  static WireMockExtension server = LocalServers.wireMock();

  @TempDir Path dir;

  @BeforeEach
  void stub() {
    server.stubFor(get(urlPathMatching("/ok/.*")).willReturn(LocalServers.jpegResponse(TestImages.jpeg())));
    server.stubFor(get(urlPathMatching("/gone/.*")).willReturn(aResponse().withStatus(404)));
  }

  private String url(String path) {
    return server.baseUrl() + path;
  }

  @Test
  void everyListIsDownloadedAndFailuresNameTheirList() throws Exception {
    Path a = CliFixtures.writeList(dir.resolve("a.txt"), List.of(url("/ok/a.jpg"), url("/gone/a.jpg")));
    byte[] stdin = (url("/ok/s.jpg") + "\n" + url("/gone/s.jpg") + "\n").getBytes(StandardCharsets.UTF_8);
    Path out = dir.resolve("out");
    Path failed = dir.resolve("failed.txt");
    Path log = dir.resolve("run.log");

    Outcome o = CliFixtures.run(Map.of(), false, new ByteArrayInputStream(stdin),
        "--retries", "0", "-o", out.toString(), "--failed", failed.toString(), "--log-file", log.toString(),
        "-f", a.toString(), "-f", "-");

    assertEquals(1, o.exit(), o.toString());
    assertEquals(List.of("a.jpg", "s.jpg"), fileNames(out));
    assertArrayEquals(TestImages.jpeg(), Files.readAllBytes(out.resolve("s.jpg")));
    assertTrue(o.err().contains("4 entries: 2 ok, 0 skipped, 2 failed"), o.toString());

    List<String> failedLines = Files.readAllLines(failed);
    assertTrue(failedLines.contains("# " + a + " line 2: HTTP 404"), String.join("\n", failedLines));
    assertTrue(failedLines.contains("# stdin line 2: HTTP 404"), String.join("\n", failedLines));
    assertEquals(List.of(url("/gone/a.jpg"), url("/gone/s.jpg")),
        failedLines.stream().filter(l -> !l.startsWith("#")).sorted().toList());

    String logText = Files.readString(log);
    for (String u : List.of("/ok/a.jpg", "/gone/a.jpg", "/ok/s.jpg", "/gone/s.jpg")) {
      assertTrue(logText.contains("\t" + url(u) + System.lineSeparator()), u + " in the log:\n" + logText);
    }
  }
}
