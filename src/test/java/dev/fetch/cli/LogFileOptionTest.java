package dev.fetch.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static dev.fetch.testing.TestImages.jpeg;
import static dev.fetch.cli.CliFixtures.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.fetch.cli.CliFixtures.Outcome;
import dev.fetch.testing.LocalServers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** --log-file: a timestamped, appended record of every run, whatever -q says. */
class LogFileOptionTest {
  /** 2025-01-31T12:34:56.789+01:00 or ...Z, then the level. */
  private static final Pattern TIMESTAMPED =
      Pattern.compile("^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}(Z|[+-]\\d{2}:\\d{2}) +[A-Z]+ .*");

  @RegisterExtension
  static WireMockExtension server = LocalServers.wireMock();

  @TempDir Path dir;

  @BeforeEach
  void stub() {
    server.stubFor(get(urlPathMatching("/.*"))
        .willReturn(LocalServers.jpegResponse(jpeg())));
    server.stubFor(get(urlEqualTo("/missing.jpg")).willReturn(aResponse().withStatus(404)));
  }

  private String url(String path) {
    return server.baseUrl() + path;
  }

  private List<String> logLines(Path log) throws Exception {
    return Files.readAllLines(log, StandardCharsets.UTF_8);
  }

  /** Result lines of the log whose URL field (the last one) is {@code url}. */
  private static long resultLines(List<String> lines, String status, String url) {
    return lines.stream().filter(l -> l.contains(": " + status + "\t") && l.endsWith("\t" + url)).count();
  }

  private static long matching(List<String> lines, String fragment) {
    return lines.stream().filter(l -> l.contains(fragment)).count();
  }

  @Test
  void logHasATimestampedLineForStartEachResultAndTheSummary() throws Exception {
    Path log = dir.resolve("run.log");
    Outcome o = run("-o", dir.resolve("out").toString(), "--log-file", log.toString(),
        url("/a.jpg"), url("/b.jpg"), url("/missing.jpg"));
    assertEquals(1, o.exit(), o.toString());

    List<String> lines = logLines(log);
    for (String l : lines) {
      assertTrue(TIMESTAMPED.matcher(l).matches(), "not timestamped: " + l);
    }
    assertEquals(1, matching(lines, " started: "), String.join("\n", lines));
    assertEquals(1, resultLines(lines, "ok", url("/a.jpg")), String.join("\n", lines));
    assertEquals(1, resultLines(lines, "ok", url("/b.jpg")), String.join("\n", lines));
    assertEquals(1, resultLines(lines, "failed", url("/missing.jpg")), String.join("\n", lines));
    assertEquals(1, matching(lines, "fetch: 3 entries: 2 ok, 0 skipped, 1 failed"), String.join("\n", lines));
  }

  @Test
  void secondRunAppendsAndEachRunLogsItsLinesOnce() throws Exception {
    Path log = dir.resolve("run.log");
    Outcome first = run("-o", dir.resolve("out").toString(), "--log-file", log.toString(), url("/a.jpg"));
    assertEquals(0, first.exit(), first.toString());
    List<String> afterFirst = logLines(log);

    Outcome second = run("-o", dir.resolve("out").toString(), "--log-file", log.toString(),
        url("/a.jpg"), url("/c.jpg"));
    assertEquals(0, second.exit(), second.toString());
    List<String> lines = logLines(log);

    assertEquals(afterFirst, lines.subList(0, afterFirst.size()), "the first run's lines are kept as they were");
    String all = String.join("\n", lines);
    assertEquals(2, matching(lines, " started: "), all);
    assertEquals(1, resultLines(lines, "ok", url("/a.jpg")), all);
    assertEquals(1, resultLines(lines, "skipped", url("/a.jpg")), all);
    assertEquals(1, resultLines(lines, "ok", url("/c.jpg")), all);
    assertEquals(1, matching(lines, "fetch: 1 entry: 1 ok"), all);
    assertEquals(1, matching(lines, "fetch: 2 entries: 1 ok, 1 skipped, 0 failed"), all);
  }

  @Test
  void quietRunStillWritesEveryResultAndTheSummaryToTheLog() throws Exception {
    Path log = dir.resolve("quiet.log");
    Outcome o = run("-q", "-o", dir.resolve("out").toString(), "--log-file", log.toString(),
        url("/a.jpg"), url("/b.jpg"));
    assertEquals(0, o.exit(), o.toString());
    assertEquals("", o.out(), "-q prints nothing on success");
    assertEquals("", o.err(), "-q prints nothing on success");
    List<String> lines = logLines(log);
    String all = String.join("\n", lines);
    assertEquals(1, resultLines(lines, "ok", url("/a.jpg")), all);
    assertEquals(1, resultLines(lines, "ok", url("/b.jpg")), all);
    assertEquals(1, matching(lines, "fetch: 2 entries: 2 ok"), all);
  }

  @Test
  void logFileDoesNotAppearOnStdoutOrStderr() throws Exception {
    Path log = dir.resolve("run.log");
    Outcome o = run("-o", dir.resolve("out").toString(), "--log-file", log.toString(), url("/a.jpg"));
    assertEquals(0, o.exit(), o.toString());
    assertEquals(1, o.outLines().size(), o.toString());
    assertEquals(1, o.errLines().size(), "only the summary:\n" + o);
    assertFalse(o.err().contains(" started: "), o.toString());
  }

  @Test
  void credentialsInUrlsAreRedactedInTheLog() throws Exception {
    Path log = dir.resolve("run.log");
    String withCredentials = "http://user:s3cret@127.0.0.1:" + server.getPort() + "/a.jpg";
    Outcome o = run("-o", dir.resolve("out").toString(), "--log-file", log.toString(), withCredentials);
    assertEquals(0, o.exit(), o.toString());
    String all = Files.readString(log);
    assertFalse(all.contains("s3cret"), all);
    assertTrue(all.contains("/a.jpg"), all);
  }

  @Test
  void logFileThatIsADirectoryIsAUsageErrorAndNothingIsRequested() throws Exception {
    Path notAFile = Files.createDirectory(dir.resolve("logdir"));
    Outcome o = run("-o", dir.resolve("out").toString(), "--log-file", notAFile.toString(), url("/a.jpg"));
    assertEquals(2, o.exit(), o.toString());
    assertEquals(1, o.errLines().size(), o.toString());
    assertTrue(o.err().contains("--log-file"), o.toString());
    server.verify(0, getRequestedFor(urlPathMatching(".*")));
  }

  @Test
  void logFileInMissingFolderIsAUsageError() {
    Path missing = dir.resolve("no/such/folder/run.log");
    Outcome o = run("-o", dir.resolve("out").toString(), "--log-file", missing.toString(), url("/a.jpg"));
    assertEquals(2, o.exit(), o.toString());
    assertEquals(1, o.errLines().size(), o.toString());
    server.verify(0, getRequestedFor(urlPathMatching(".*")));
  }

  @Test
  void logFileUnderARegularFileIsAUsageError() throws Exception {
    Path file = Files.writeString(dir.resolve("plain.txt"), "x");
    Outcome o = run("-o", dir.resolve("out").toString(), "--log-file", file.resolve("run.log").toString(),
        url("/a.jpg"));
    assertEquals(2, o.exit(), o.toString());
    assertEquals(1, o.errLines().size(), o.toString());
    server.verify(0, getRequestedFor(urlPathMatching(".*")));
  }

  @Test
  void runWithAnotherLogFileDoesNotWriteIntoAnEarlierRunsLog() throws Exception {
    Path log1 = dir.resolve("one.log");
    Path log2 = dir.resolve("two.log");
    Outcome first = run("-o", dir.resolve("out").toString(), "--log-file", log1.toString(), url("/a.jpg"));
    assertEquals(0, first.exit(), first.toString());
    String before = Files.readString(log1);

    Outcome second = run("-o", dir.resolve("out").toString(), "--log-file", log2.toString(), url("/e.jpg"));
    assertEquals(0, second.exit(), second.toString());
    assertEquals(before, Files.readString(log1), "in-process runs (Main.run, tests) each log to their own file");
    List<String> lines = logLines(log2);
    assertEquals(1, resultLines(lines, "ok", url("/e.jpg")), String.join("\n", lines));
    assertEquals(0, matching(lines, "/a.jpg"), String.join("\n", lines));
  }

  @Test
  void runWithoutLogFileDoesNotWriteIntoAnEarlierRunsLog() throws Exception {
    Path log = dir.resolve("run.log");
    Outcome first = run("-o", dir.resolve("out").toString(), "--log-file", log.toString(), url("/a.jpg"));
    assertEquals(0, first.exit(), first.toString());
    String before = Files.readString(log);

    Outcome second = run("-o", dir.resolve("out").toString(), url("/d.jpg"), url("/missing.jpg"));
    assertEquals(1, second.exit(), second.toString());
    assertEquals(before, Files.readString(log), "a later run in the same JVM without --log-file");
  }
}
