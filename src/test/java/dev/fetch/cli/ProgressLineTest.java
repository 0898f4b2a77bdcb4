package dev.fetch.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static dev.fetch.testing.TestImages.jpeg;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.fetch.cli.CliFixtures.Outcome;
import dev.fetch.testing.LocalServers;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The live progress line: on stderr, only when it is a terminal, never with -q or --no-progress. */
class ProgressLineTest {
  private static final String CLEAR = "\r\033[K";
  private static final int ENTRIES = 4;

  @RegisterExtension
  static WireMockExtension server = LocalServers.wireMock();

  @TempDir Path dir;

  @BeforeEach
  void stub() {
    // -t 1 and 250 ms each: a run of about a second, several redraws at 200 ms.
    server.stubFor(get(urlPathMatching("/.*")).willReturn(aResponse()
        .withFixedDelay(250).withHeader("Content-Type", "image/jpeg").withBody(jpeg())));
  }

  private List<String> urls() {
    List<String> u = new ArrayList<>();
    for (int i = 0; i < ENTRIES; i++) {
      u.add(server.baseUrl() + "/p/" + i + ".jpg");
    }
    return u;
  }

  private Outcome runWith(Map<String, String> env, boolean tty, String... options) {
    List<String> args = new ArrayList<>(List.of(options));
    args.addAll(List.of("-t", "1", "-o", dir.toString()));
    args.addAll(urls());
    return CliFixtures.run(env, tty, new ByteArrayInputStream(new byte[0]), args.toArray(String[]::new));
  }

  private static void assertNoProgress(Outcome o) {
    assertFalse(o.err().contains("\033"), "no escape codes on stderr:\n" + o);
    assertFalse(o.err().replace(System.lineSeparator(), "\n").contains("\r"), "no carriage returns on stderr:\n" + o);
    assertFalse(o.err().contains(" done, "), "no progress text:\n" + o);
    assertFalse(o.out().contains("\033") || o.out().contains(" done, "), o.toString());
  }

  @Test
  void terminalStderrShowsAProgressLineThatIsClearedBeforeTheSummary() {
    Outcome o = runWith(Map.of(), true);
    assertEquals(0, o.exit(), o.toString());

    String err = o.err();
    assertTrue(err.contains(CLEAR), "progress is redrawn in place:\n" + err);
    assertTrue(Pattern.compile("\\d/" + ENTRIES + " done, 0 failed, ").matcher(err).find(),
        "progress shows done/total:\n" + err);
    String summary = "fetch: " + ENTRIES + " entries: " + ENTRIES + " ok, 0 skipped, 0 failed";
    int at = err.lastIndexOf(summary);
    assertTrue(at >= 0, err);
    assertTrue(err.substring(0, at).endsWith(CLEAR), "the progress line is cleared before the summary:\n" + err);
    assertFalse(err.substring(at).contains("\033"), "nothing drawn after the summary:\n" + err);

    assertFalse(o.out().contains("\033"), "no escape codes on stdout:\n" + o.out());
    assertFalse(o.out().contains(" done, "), "no progress on stdout:\n" + o.out());
    assertEquals(ENTRIES, o.outLines().size(), o.out());
    assertTrue(o.outLines().stream().allMatch(l -> l.startsWith("ok\t")), o.out());
  }

  @Test
  void stdinListShowsUnknownTotal() {
    StringBuilder list = new StringBuilder();
    for (String u : urls()) {
      list.append(u).append('\n');
    }
    Outcome o = CliFixtures.run(Map.of(), true,
        new ByteArrayInputStream(list.toString().getBytes(StandardCharsets.UTF_8)),
        "-t", "1", "-o", dir.toString(), "-f", "-");
    assertEquals(0, o.exit(), o.toString());
    assertTrue(Pattern.compile("\\d/\\? done, ").matcher(o.err()).find(), o.err());
  }

  @Test
  void totalCountsEveryListAndTheArguments() throws Exception {
    List<String> u = urls();
    Path a = CliFixtures.writeList(dir.resolve("a.txt"), List.of("# list a", u.get(0), u.get(1)));
    Path b = CliFixtures.writeList(dir.resolve("b.txt"), List.of(u.get(2)));
    Outcome o = CliFixtures.run(Map.of(), true, new ByteArrayInputStream(new byte[0]),
        "-t", "1", "-o", dir.resolve("out").toString(), "-f", a.toString(), "-f", b.toString(), u.get(3));
    assertEquals(0, o.exit(), o.toString());
    assertTrue(Pattern.compile("\\d/" + ENTRIES + " done, ").matcher(o.err()).find(),
        "2 + 1 list entries and 1 argument:\n" + o.err());
  }

  @Test
  void listFromAPipeIsNotReadTwiceForTheTotal() throws Exception {
    Path fifo = dir.resolve("urls.fifo");
    Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
    assertEquals(0, mkfifo.waitFor(), "mkfifo");
    List<String> u = urls();
    Path out = dir.resolve("out");
    // The writer keeps the pipe open until the first file is done, as a slow process substitution
    // <(...) would: a second reader opened before the downloads began would take lines away.
    Thread writer = new Thread(() -> {
      try (OutputStream w = Files.newOutputStream(fifo)) {
        w.write((u.get(0) + "\n").getBytes(StandardCharsets.UTF_8));
        w.flush();
        for (int i = 0; i < 100 && !Files.exists(out.resolve("0.jpg")); i++) {
          Thread.sleep(100);
        }
        w.write((String.join("\n", u.subList(1, u.size())) + "\n").getBytes(StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    writer.setDaemon(true);
    writer.start();

    Outcome o = CliFixtures.run(Map.of(), true, new ByteArrayInputStream(new byte[0]),
        "-t", "1", "-o", out.toString(), "-f", fifo.toString());
    assertEquals(0, o.exit(), o.toString());
    assertEquals(ENTRIES, o.outLines().size(), "every line of the pipe is downloaded:\n" + o);
    assertTrue(Pattern.compile("\\d/\\? done, ").matcher(o.err()).find(), "no total for a pipe:\n" + o.err());
    assertFalse(Pattern.compile("\\d/\\d+ done, ").matcher(o.err()).find(), "no total for a pipe:\n" + o.err());
  }

  @Test
  void stderrNotATerminalShowsNoProgress() {
    Outcome o = runWith(Map.of(), false);
    assertEquals(0, o.exit(), o.toString());
    assertNoProgress(o);
    assertEquals(1, o.errLines().size(), "just the summary:\n" + o);
  }

  @Test
  void quietShowsNoProgressEvenOnATerminal() {
    Outcome o = runWith(Map.of(), true, "-q");
    assertEquals(0, o.exit(), o.toString());
    assertNoProgress(o);
    assertEquals("", o.err());
    assertEquals("", o.out());
  }

  @Test
  void noProgressOptionShowsNoProgressOnATerminal() {
    Outcome o = runWith(Map.of(), true, "--no-progress");
    assertEquals(0, o.exit(), o.toString());
    assertNoProgress(o);
    assertEquals(1, o.errLines().size(), o.toString());
  }

  @Test
  void dumbTerminalShowsNoProgress() {
    Outcome o = runWith(Map.of("TERM", "dumb"), true);
    assertEquals(0, o.exit(), o.toString());
    assertNoProgress(o);
  }
}
