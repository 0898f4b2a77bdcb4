package dev.fetch.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static dev.fetch.testing.TestImages.jpeg;
import static dev.fetch.cli.CliFixtures.fileNames;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.fetch.testing.LocalServers;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * stdout closed by its reader (e.g. {@code fetch ... | head -1}): the run stops early, quietly, with
 * exit code 141, and leaves no .part files.
 */
class ClosedStdoutTest {
  private static final int ENTRIES = 50;

  @RegisterExtension
  static WireMockExtension server = LocalServers.wireMock();

  @TempDir Path dir;

  /** Like a pipe whose reader went away after reading one line: every later write fails. */
  static final class ClosesAfterFirstLine extends OutputStream {
    final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private boolean closedByReader;

    @Override
    public synchronized void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
      if (closedByReader) {
        throw new IOException("Broken pipe");
      }
      received.write(b, off, len);
      for (int i = off; i < off + len; i++) {
        if (b[i] == '\n') {
          closedByReader = true;
        }
      }
    }
  }

  @BeforeEach
  void stub() {
    server.stubFor(get(urlPathMatching("/.*")).willReturn(aResponse()
        .withFixedDelay(100).withHeader("Content-Type", "image/jpeg").withBody(jpeg())));
  }

  private String[] args(String... options) {
    List<String> a = new ArrayList<>(List.of(options));
    a.addAll(List.of("-t", "2", "-o", dir.toString()));
    for (int i = 0; i < ENTRIES; i++) {
      a.add(server.baseUrl() + "/img/" + i + ".jpg");
    }
    return a.toArray(String[]::new);
  }

  private void assertStoppedEarlyAndQuietly(String... options) throws Exception {
    ClosesAfterFirstLine stdout = new ClosesAfterFirstLine();
    StringWriter err = new StringWriter();
    PrintWriter out = new PrintWriter(stdout);
    int exit = Main.run(args(options), new ByteArrayInputStream(new byte[0]), out,
        new PrintWriter(err), Map.of(), false, Interruption.NONE);

    assertEquals(ExitCodes.CLOSED_OUTPUT, exit);
    assertEquals(141, exit);
    assertEquals("", err.toString(), "nothing on stderr: the reader closed stdout on purpose");
    String printed = stdout.received.toString(StandardCharsets.UTF_8);
    assertEquals(1, printed.split("\n").length, printed);
    int requests = server.findAll(getRequestedFor(urlPathMatching(".*"))).size();
    assertTrue(requests < ENTRIES / 2, "stopped early, but the server saw " + requests + " of " + ENTRIES);
    List<String> names = fileNames(dir);
    assertTrue(names.stream().noneMatch(n -> n.endsWith(".part")), "no .part files left: " + names);
    assertTrue(names.size() < ENTRIES / 2, names.toString());
  }

  @Test
  void closedStdoutStopsTheRunEarlyWithExit141AndNoPartFiles() throws Exception {
    assertStoppedEarlyAndQuietly();
  }

  @Test
  void closedStdoutStopsJsonRunsToo() throws Exception {
    assertStoppedEarlyAndQuietly("--json");
  }

  @Test
  void closedStdoutWithContinueStillExits141() throws Exception {
    ClosesAfterFirstLine stdout = new ClosesAfterFirstLine();
    StringWriter err = new StringWriter();
    int exit = Main.run(args("-c"), new ByteArrayInputStream(new byte[0]), new PrintWriter(stdout),
        new PrintWriter(err), Map.of(), false, Interruption.NONE);
    assertEquals(141, exit);
    assertEquals("", err.toString());
  }
}
