package dev.fetch.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.fetch.testing.TestImages;
import dev.fetch.testing.LocalServers;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** When results go to a file or a pipe and a person watches stderr, the summary names the failures. */
class FailureListTest {
  @RegisterExtension
  static WireMockExtension wm = LocalServers.wireMock();

  @TempDir Path dir;

  @BeforeEach
  void stubs() {
    wm.stubFor(get(urlPathEqualTo("/ok.jpg")).willReturn(LocalServers.jpegResponse(TestImages.jpeg(500, 1))));
    wm.stubFor(get(urlPathEqualTo("/gone.jpg")).willReturn(aResponse().withStatus(404)));
  }

  private String stderr(boolean stderrTty, boolean stdoutTty) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(new String[] {"-o", dir.toString(), "--retries", "0", "--no-progress",
        wm.baseUrl() + "/ok.jpg", wm.baseUrl() + "/gone.jpg"},
        new ByteArrayInputStream(new byte[0]), new PrintWriter(out), new PrintWriter(err), Map.of(),
        stderrTty, stdoutTty, Interruption.NONE);
    assertEquals(1, code);
    assertTrue(out.toString().contains("HTTP 404"), "result lines stay on stdout: " + out);
    return err.toString();
  }

  @Test
  void summaryListsFailuresWhenResultsGoElsewhere() {
    String err = stderr(true, false);
    assertTrue(err.contains("1 failed"), err);
    assertTrue(err.contains("  failed: " + wm.baseUrl() + "/gone.jpg: HTTP 404"), err);
    assertFalse(err.contains("ok.jpg"), err);
  }

  @Test
  void summaryDoesNotRepeatFailuresShownOnTheSameTerminal() {
    assertFalse(stderr(true, true).contains("  failed:"));
  }

  @Test
  void summaryDoesNotListFailuresForScripts() {
    assertFalse(stderr(false, false).contains("  failed:"));
  }
}
