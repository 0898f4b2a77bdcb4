package dev.fetch.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static dev.fetch.cli.CliFixtures.run;
import static dev.fetch.testing.TestImages.jpeg;
import static dev.fetch.cli.CliFixtures.text;
import static dev.fetch.cli.CliFixtures.tree;
import static dev.fetch.cli.CliFixtures.writeList;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fetch.cli.CliFixtures.Outcome;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.fetch.testing.RawHttpServer;
import dev.fetch.testing.RequestLog;
import dev.fetch.testing.LocalServers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Names that try to leave the output folder, planted links, credentials in URLs, and --failed lists. */
class SafetyTest {
  static final RequestLog log = new RequestLog();

  @RegisterExtension
  static WireMockExtension wm = LocalServers.wireMock(log);

  static final byte[] BODY = jpeg(3_000, 77);
  static final byte[] PRECIOUS = "precious, must never change\n".getBytes(StandardCharsets.UTF_8);

  @TempDir Path dir;
  Path out;

  @BeforeEach
  void setUp() {
    log.reset();
    out = dir.resolve("out");
    wm.stubFor(get(anyUrl()).willReturn(LocalServers.jpegResponse(BODY)));
  }

  String url(String path) {
    return "http://127.0.0.1:" + wm.getPort() + path;
  }

  /** Jetty (WireMock) refuses encoded dots and slashes with a 400, so a raw server answers every path here. */
  @Test
  void noNameFromTheListOrTheUrlLeavesTheOutputFolder() throws Exception {
    Path sandbox = dir.resolve("sandbox");
    out = sandbox.resolve("out");
    Files.createDirectories(out);
    try (RawHttpServer server = new RawHttpServer(
        (req, ex) -> ex.respond(200, Map.of("Content-Type", "image/jpeg"), BODY))) {
      List<String> lines = new ArrayList<>();
      // NAME column
      for (String name : List.of("../n1.jpg", "../../n2.jpg", "/abs/n3.jpg", "..\\..\\n4.jpg", "..", ".",
          "sub/../../n5.jpg", "a\u0000b.jpg", "./.hidden.jpg", "C:\\n6.jpg", "..%2Fn7.jpg", "/", "\\")) {
        lines.add(server.url("/named" + lines.size() + ".jpg") + " " + name);
      }
      // URL paths
      for (String path : List.of("/%2e%2e%2fu1.jpg", "/..%2F..%2Fu2.jpg", "/a/%2e%2e/%2e%2e/u3.jpg",
          "/..%5c..%5cu4.jpg", "/x%00y.jpg", "/d/..%2f..%2f..%2ftmp%2fu5.jpg", "/%2E%2E", "/a\\..\\..\\u6.jpg",
          "/..%2f", "/%2e%2e%5c")) {
        lines.add(server.url(path));
      }
      Path list = writeList(sandbox.resolve("list.txt"), lines.toArray(String[]::new));

      Outcome r = run("--json", "-f", list.toString(), "-o", out.toString());

      assertEquals(0, r.exit(), r.toString());
      assertEquals(lines.size(), server.requests().size());
      List<String> inSandbox = tree(sandbox);
      assertEquals(lines.size() + 1, inSandbox.size(), "one file per entry, plus the list: " + inSandbox);
      for (String p : inSandbox) {
        if (!p.equals("list.txt")) {
          assertTrue(p.startsWith("out/") && p.indexOf('/', 4) < 0, "outside the output folder: " + p);
          String name = p.substring(4);
          assertFalse(name.startsWith("."), "a hidden or dot name: " + p);
          assertFalse(name.contains("\\") || name.indexOf('\0') >= 0, p);
          assertArrayEquals(BODY, Files.readAllBytes(sandbox.resolve(p)));
        }
      }
      for (String escaped : List.of("n1.jpg", "n2.jpg", "u1.jpg", "u2.jpg", "u5.jpg")) {
        assertFalse(Files.exists(sandbox.resolve(escaped)), escaped);
        assertFalse(Files.exists(dir.resolve(escaped)), escaped);
      }
      for (Map<String, Object> j : r.json()) {
        Path file = Path.of(text(j, "file"));
        assertEquals(out.toAbsolutePath().normalize(), file.toAbsolutePath().normalize().getParent(), j.toString());
      }
    }
  }

  @Test
  void aLinkPlantedUnderTheFinalNameIsNeverWrittenThrough() throws Exception {
    Path outside = Files.write(dir.resolve("outside.txt"), PRECIOUS);
    Files.createDirectories(out);
    Files.createSymbolicLink(out.resolve("a.jpg"), outside);

    Outcome skip = run("--json", "-o", out.toString(), url("/a.jpg"));

    assertEquals(0, skip.exit(), skip.toString());
    assertEquals("skipped", skip.single().get("status"), "an existing name, links included, is skipped");
    assertArrayEquals(PRECIOUS, Files.readAllBytes(outside));

    Outcome overwrite = run("--json", "--overwrite", "-o", out.toString(), url("/a.jpg"));

    assertEquals(0, overwrite.exit(), overwrite.toString());
    assertArrayEquals(PRECIOUS, Files.readAllBytes(outside), "the link's target is unchanged");
    assertFalse(Files.isSymbolicLink(out.resolve("a.jpg")), "the link itself was replaced");
    assertArrayEquals(BODY, Files.readAllBytes(out.resolve("a.jpg")));
  }

  @Test
  void aDanglingLinkUnderTheFinalNameCreatesNothingOutside() throws Exception {
    Path target = dir.resolve("created-through-link.jpg");
    Files.createDirectories(out);
    Files.createSymbolicLink(out.resolve("a.jpg"), target);

    Outcome r = run("--json", "--overwrite", "-o", out.toString(), url("/a.jpg"));

    assertEquals(0, r.exit(), r.toString());
    assertFalse(Files.exists(target, LinkOption.NOFOLLOW_LINKS));
    assertArrayEquals(BODY, Files.readAllBytes(out.resolve("a.jpg")));
  }

  @Test
  void aDanglingLinkUnderTheFinalNameIsReplacedByTheDownloadNotFollowed() throws Exception {
    Path target = dir.resolve("dangling-target.jpg");
    Files.createDirectories(out);
    Files.createSymbolicLink(out.resolve("a.jpg"), target);

    Outcome r = run("--json", "-o", out.toString(), url("/a.jpg"));

    assertEquals(0, r.exit(), r.toString());
    assertEquals("ok", r.single().get("status"), "a link to nothing is not a file already there");
    assertFalse(Files.exists(target, LinkOption.NOFOLLOW_LINKS), "nothing was created where the link pointed");
    assertFalse(Files.isSymbolicLink(out.resolve("a.jpg")), "the link itself was replaced");
    assertArrayEquals(BODY, Files.readAllBytes(out.resolve("a.jpg")));
  }

  @Test
  void aLinkPlantedUnderThePartNameIsNeverWrittenThrough() throws Exception {
    for (boolean keepPartial : new boolean[] {false, true}) {
      Path outside = Files.write(dir.resolve("outside-" + keepPartial + ".txt"), PRECIOUS);
      Path dangling = dir.resolve("dangling-" + keepPartial + ".jpg");
      Path o = dir.resolve("out-" + keepPartial);
      Files.createDirectories(o);
      Files.createSymbolicLink(o.resolve("a.jpg.part"), outside);
      Files.createSymbolicLink(o.resolve("b.jpg.part"), dangling);
      List<String> args = new ArrayList<>(List.of("--json", "-o", o.toString(), url("/a.jpg"), url("/b.jpg")));
      if (keepPartial) {
        args.add("-c");
      }

      Outcome r = run(args.toArray(String[]::new));

      assertEquals(0, r.exit(), r.toString());
      assertArrayEquals(PRECIOUS, Files.readAllBytes(outside), "-c " + keepPartial);
      assertFalse(Files.exists(dangling, LinkOption.NOFOLLOW_LINKS), "-c " + keepPartial);
      assertArrayEquals(BODY, Files.readAllBytes(o.resolve("a.jpg")));
      assertArrayEquals(BODY, Files.readAllBytes(o.resolve("b.jpg")));
      assertEquals(List.of("a.jpg", "b.jpg"), tree(o));
      log.seen().forEach(s -> assertEquals(null, s.header("Range"), "a link is no partial download"));
    }
  }

  @Test
  void credentialsInUrlsAreNeverPrinted() throws Exception {
    wm.stubFor(get("/missing.jpg").willReturn(aResponse().withStatus(404)));
    wm.stubFor(get("/broken.jpg").willReturn(aResponse().withStatus(500)));
    int port = wm.getPort();
    String okUrl = "http://alice:hunter2secret@127.0.0.1:" + port + "/ok.jpg";
    String missingUrl = "http://bob:tops3cretpw@127.0.0.1:" + port + "/missing.jpg";
    // an '@' inside the password: OkHttp takes the last '@' of the authority as the end of the user info
    String atUrl = "HTTP://carol:pa@ss3cretword@127.0.0.1:" + port + "/broken.jpg";
    String invalid = "ftp://dave:ftps3cretpw@127.0.0.1/x.jpg";
    Path list = writeList(dir.resolve("list.txt"), okUrl, missingUrl + " named.jpg", atUrl, invalid);
    Path failed = dir.resolve("failed.txt");
    List<String> secrets = List.of("hunter2", "tops3cret", "ss3cretword", "cretword", "ftps3cret");

    Outcome text = run("-f", list.toString(), "--retries", "0", "--failed", failed.toString(), "-o", out.toString());
    Outcome json = run("--json", "--overwrite", "-f", list.toString(), "--retries", "0", "-o", out.toString());

    assertEquals(1, text.exit(), text.toString());
    assertEquals(4, text.outLines().size(), text.toString());
    assertEquals(4, json.json().size(), json.toString());
    for (String secret : secrets) {
      assertFalse(text.out().contains(secret), "stdout: " + text);
      assertFalse(text.err().contains(secret), "stderr: " + text);
      assertFalse(json.out().contains(secret), "json: " + json);
      assertFalse(json.err().contains(secret), "stderr: " + json);
    }
    assertTrue(text.out().contains("http://127.0.0.1:" + port + "/ok.jpg"), "the URL is shown without credentials");

    // --failed: the comments are redacted, the URL lines are not, so that "fetch -f" can retry them
    List<String> failedLines = Files.readAllLines(failed);
    for (String line : failedLines) {
      if (line.startsWith("#")) {
        for (String secret : secrets) {
          assertFalse(line.contains(secret), "comment in --failed: " + line);
        }
      }
    }
    List<String> entries = failedLines.stream().filter(l -> !l.startsWith("#") && !l.isBlank()).toList();
    assertEquals(Set.of(missingUrl + " named.jpg", atUrl), new TreeSet<>(entries));
    if (failed.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
          Files.getPosixFilePermissions(failed)), "a new --failed file holding credentials is the owner's only");
    }
  }

  @Test
  void failedListHoldsExactlyTheFailedEntriesAndRetriesExactlyThose() throws Exception {
    wm.stubFor(get("/missing.jpg").willReturn(aResponse().withStatus(404)));
    wm.stubFor(get("/broken.jpg").willReturn(aResponse().withStatus(503)));
    wm.stubFor(get("/html.jpg").willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/html")
        .withBody("<html></html>")));
    Path list = writeList(dir.resolve("list.txt"),
        "# a comment",
        url("/ok1.jpg"),
        url("/missing.jpg") + " my photo.jpg",
        url("/ok2.jpg") + " second.jpg",
        "not-a-url at all",
        url("/broken.jpg"),
        url("/ok1.jpg"),
        url("/html.jpg") + " page.jpg");
    Path failed = dir.resolve("failed.txt");

    Outcome first = run("-f", list.toString(), "--retries", "0", "--failed", failed.toString(),
        "-o", out.toString());

    assertEquals(1, first.exit(), first.toString());
    List<String> failedLines = Files.readAllLines(failed);
    List<String> entries = failedLines.stream().filter(l -> !l.startsWith("#") && !l.isBlank()).sorted().toList();
    assertEquals(List.of(url("/broken.jpg"), url("/html.jpg") + " page.jpg", url("/missing.jpg") + " my photo.jpg"),
        entries);
    assertTrue(failedLines.stream().anyMatch(l -> l.startsWith("#") && l.contains("not-a-url")),
        "an unusable line is listed as a comment: " + failedLines);

    // the server recovers; fetch -f FILE asks for exactly the failed ones, under their names
    wm.resetAll();
    log.reset();
    wm.stubFor(get(anyUrl()).willReturn(LocalServers.jpegResponse(BODY)));

    Outcome retry = run("-f", failed.toString(), "-o", out.toString());

    assertEquals(0, retry.exit(), retry.toString());
    assertEquals(Set.of("/missing.jpg", "/broken.jpg", "/html.jpg"), Set.copyOf(log.paths()));
    assertEquals(3, log.seen().size());
    assertEquals(List.of("broken.jpg", "my photo.jpg", "ok1.jpg", "page.jpg", "second.jpg"), tree(out));
  }
}
