package dev.fetch.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static dev.fetch.cli.CliFixtures.partFiles;
import static dev.fetch.cli.CliFixtures.run;
import static dev.fetch.cli.CliFixtures.text;
import static dev.fetch.cli.CliFixtures.writeList;
import static dev.fetch.testing.TestImages.jpeg;
import static dev.fetch.testing.TestImages.png;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.fetch.cli.CliFixtures.Outcome;
import dev.fetch.testing.LocalServers;
import dev.fetch.testing.RawHttpServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** --sha256 and sha256:HEX in the list: digests computed while streaming, mismatches, verification from disk. */
class ChecksumTest {
  @RegisterExtension
  static final WireMockExtension server = LocalServers.wireMock();

  /** Sizes around the write buffer (256 KB), so that digests span several writes and a partial last one. */
  static final byte[] SMALL = jpeg(3_000, 5);
  static final byte[] LARGE = png(700_001, 6);

  @TempDir Path dir;
  Path out;

  @BeforeEach
  void setUp() {
    out = dir.resolve("out");
    server.stubFor(get(urlPathEqualTo("/small.jpg")).willReturn(LocalServers.jpegResponse(SMALL)));
    server.stubFor(get(urlPathEqualTo("/large.png")).willReturn(
        LocalServers.jpegResponse(LARGE).withHeader("Content-Type", "image/png")));
  }

  static String url(String path) {
    return "http://127.0.0.1:" + server.getPort() + path;
  }

  static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  /** sha256sum's answer for the file, or null where the tool is not installed. */
  static String sha256sum(Path file) throws Exception {
    try {
      Process p = new ProcessBuilder("sha256sum", file.toString()).redirectErrorStream(true).start();
      String line = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      return p.waitFor() == 0 ? line.substring(0, 64) : null;
    } catch (IOException notInstalled) {
      return null;
    }
  }

  Path list(String... lines) throws IOException {
    return writeList(dir.resolve("urls.txt"), lines);
  }

  int requests(String path) {
    return server.findAll(getRequestedFor(urlPathEqualTo(path))).size();
  }

  @Test
  void theDigestsAreThoseOfTheServedBytesAndOfSha256sum() throws Exception {
    Outcome o = run("--json", "--sha256", "-o", out.toString(), url("/small.jpg"), url("/large.png"));

    assertEquals(0, o.exit(), o.toString());
    for (Map<String, Object> r : o.json()) {
      byte[] served = text(r, "url").endsWith("small.jpg") ? SMALL : LARGE;
      Path file = Path.of(text(r, "file"));
      assertArrayEquals(served, Files.readAllBytes(file));
      assertEquals(sha256(served), r.get("sha256"));
      String tool = sha256sum(file);
      if (tool != null) {
        assertEquals(tool, r.get("sha256"), "as sha256sum says");
      }
    }
  }

  @Test
  void textLinesGetTheDigestAsALastFieldOnlyWithTheOption() throws Exception {
    Outcome plain = run("-o", out.toString(), url("/small.jpg"));
    Outcome with = run("--sha256", "-o", dir.resolve("out2").toString(), url("/small.jpg"));

    assertEquals(6, plain.outLines().get(0).split("\t", -1).length, plain.toString());
    String[] fields = with.outLines().get(0).split("\t", -1);
    assertEquals(7, fields.length, with.toString());
    assertTrue(fields[5].endsWith("/small.jpg"), "the URL stays the sixth field");
    assertEquals(sha256(SMALL), fields[6]);
  }

  @Test
  void withoutTheOptionJsonHasNoDigest() throws Exception {
    Outcome o = run("--json", "-o", out.toString(), url("/small.jpg"));

    assertTrue(o.single().containsKey("sha256"));
    assertNull(o.single().get("sha256"));
  }

  @Test
  void aResumedDownloadsDigestCoversThePrefixOnDisk() throws Exception {
    byte[] body = jpeg(600_000, 9);
    int cut = 300_000;
    Map<String, String> headers = Map.of("Content-Type", "image/jpeg", "Accept-Ranges", "bytes", "ETag", "\"r1\"");
    try (RawHttpServer raw = new RawHttpServer((req, ex) -> {
      String range = req.header("Range");
      if (range == null) {
        ex.head(200, with(headers, "Content-Length", "" + body.length));
        ex.write(body, 0, cut);
        ex.close();
      } else {
        int from = Integer.parseInt(range.substring(6, range.length() - 1));
        ex.respond(206, with(headers, "Content-Range", "bytes " + from + "-" + (body.length - 1) + "/" + body.length),
            Arrays.copyOfRange(body, from, body.length));
      }
    })) {
      Outcome first = run("--json", "-c", "--retries", "0", "-o", out.toString(), raw.url("/r.jpg"));
      assertEquals(1, first.exit(), first.toString());

      Outcome second = run("--json", "-c", "--sha256", "-o", out.toString(), raw.url("/r.jpg"));

      assertEquals(0, second.exit(), second.toString());
      assertEquals(body.length - cut, ((Number) second.single().get("bytes")).intValue(), "only the rest came");
      assertEquals(sha256(body), second.single().get("sha256"));
      assertArrayEquals(body, Files.readAllBytes(out.resolve("r.jpg")));
    }
  }

  static Map<String, String> with(Map<String, String> headers, String name, String value) {
    Map<String, String> all = new java.util.LinkedHashMap<>(headers);
    all.put(name, value);
    return all;
  }

  @Test
  void aDigestInTheListThatMatchesSavesTheFileInAnyCase() throws Exception {
    Path list = list(url("/small.jpg") + " sha256:" + sha256(SMALL).toUpperCase(Locale.ROOT),
        url("/large.png") + " big one.png sha256:" + sha256(LARGE));

    Outcome o = run("--json", "-f", list.toString(), "-o", out.toString());

    assertEquals(0, o.exit(), o.toString());
    assertArrayEquals(SMALL, Files.readAllBytes(out.resolve("small.jpg")));
    assertArrayEquals(LARGE, Files.readAllBytes(out.resolve("big one.png")), "the NAME before the token");
    assertEquals(sha256(SMALL), o.json().get(0).get("sha256"), "the digest is reported once computed");
  }

  @Test
  void aMismatchFailsKeepsNothingAndIsNotRetried() throws Exception {
    String wrong = sha256(LARGE);
    Path list = list(url("/small.jpg") + " sha256:" + wrong);

    Outcome o = run("--json", "-c", "-f", list.toString(), "-o", out.toString());

    assertEquals(1, o.exit(), o.toString());
    Map<String, Object> r = o.single();
    assertEquals("failed", r.get("status"));
    assertEquals("checksum mismatch: expected sha256:" + wrong.substring(0, 12) + "..., got "
        + sha256(SMALL).substring(0, 12) + "...", r.get("error"));
    assertEquals(1, requests("/small.jpg"));
    assertEquals(List.of(), CliFixtures.tree(out), "nothing under the final name, no .part even with -c");
  }

  @Test
  void aMalformedTokenIsThatLinesErrorAndTheOthersStillDownload() throws Exception {
    Path list = list(url("/small.jpg") + " sha256:abc",
        url("/small.jpg") + " other.jpg sha256:" + "zz".repeat(32),
        url("/large.png"));

    Outcome o = run("--json", "-f", list.toString(), "-o", out.toString());

    assertEquals(1, o.exit(), o.toString());
    List<Map<String, Object>> results = o.json();
    assertEquals(3, results.size());
    assertEquals("line 1: bad checksum sha256:abc: expected 64 hex digits, got 3",
        results.stream().filter(r -> "line 1".equals(r.get("origin"))).findFirst().orElseThrow().get("error"));
    assertTrue(text(results.stream().filter(r -> "line 2".equals(r.get("origin"))).findFirst().orElseThrow(),
        "error").contains("not all hex"));
    assertEquals(0, requests("/small.jpg"), "a line with a bad token is not downloaded");
    assertArrayEquals(LARGE, Files.readAllBytes(out.resolve("large.png")));
  }

  @Test
  void aFileThereThatMatchesItsDigestIsVerifiedWithoutARequest() throws Exception {
    Files.createDirectories(out);
    Files.write(out.resolve("small.jpg"), SMALL);
    Path list = list(url("/small.jpg") + " sha256:" + sha256(SMALL));

    Outcome o = run("--json", "-f", list.toString(), "-o", out.toString());

    assertEquals(0, o.exit(), o.toString());
    assertEquals("skipped", o.single().get("status"));
    assertEquals("verified", o.single().get("error"));
    assertEquals(sha256(SMALL), o.single().get("sha256"));
    server.verify(0, getRequestedFor(urlPathMatching(".*")));
  }

  @Test
  void aFileThereThatDoesNotMatchItsDigestIsDownloadedAgainAndReplaced() throws Exception {
    Files.createDirectories(out);
    Files.write(out.resolve("small.jpg"), jpeg(3_000, 99));
    Path list = list(url("/small.jpg") + " sha256:" + sha256(SMALL));

    Outcome o = run("--json", "-f", list.toString(), "-o", out.toString());

    assertEquals(0, o.exit(), o.toString());
    assertEquals("ok", o.single().get("status"));
    assertEquals("changed", o.single().get("refresh"));
    assertArrayEquals(SMALL, Files.readAllBytes(out.resolve("small.jpg")));
    assertEquals(List.of(), partFiles(out));
    assertEquals(1, requests("/small.jpg"));
  }

  @Test
  void theFailedListKeepsTheToken() throws Exception {
    String wrong = sha256(LARGE);
    Path failed = dir.resolve("failed.txt");
    Path list = list(url("/small.jpg") + " s.jpg sha256:" + wrong);

    run("-f", list.toString(), "--failed", failed.toString(), "-o", out.toString());

    assertTrue(Files.readAllLines(failed).contains(url("/small.jpg") + " s.jpg sha256:" + wrong),
        Files.readString(failed));
    assertFalse(Files.exists(out.resolve("s.jpg")));
  }
}
