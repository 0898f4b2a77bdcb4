package dev.fetch.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.fetch.cli.CliFixtures.fileNames;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fetch.cli.CliFixtures.Outcome;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.fetch.testing.RawHttpServer;
import dev.fetch.testing.ServerProbe;
import dev.fetch.testing.TestImages;
import dev.fetch.testing.LocalServers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** --content-disposition: an entry without NAME is saved under the name its server gives. */
class ContentDispositionTest {
  @RegisterExtension
  static final ServerProbe PROBE = new ServerProbe();

  @RegisterExtension
  static final WireMockExtension server = LocalServers.wireMock(PROBE);

  @TempDir Path tmp;
  Path out;

  @BeforeEach
  void setUp() {
    out = tmp.resolve("out");
  }

  static String url(String path) {
    return "http://127.0.0.1:" + server.getPort() + path;
  }

  /** A PNG at {@code path}, with that Content-Disposition header (none when null). */
  static byte[] servePng(String path, String disposition, long seed) {
    byte[] body = TestImages.png(3000, seed);
    var response = aResponse().withStatus(200).withHeader("Content-Type", "image/png").withBody(body);
    if (disposition != null) {
      response = response.withHeader("Content-Disposition", disposition);
    }
    server.stubFor(get(urlPathEqualTo(path)).willReturn(response));
    return body;
  }

  private Outcome fetch(String... args) {
    return CliFixtures.run(CliFixtures.args("-o", out, args));
  }

  private Path list(String... lines) throws IOException {
    return CliFixtures.writeList(tmp.resolve("urls.txt"), lines);
  }

  @Test
  void theServersFileNameIsUsed() throws IOException {
    byte[] body = servePng("/cd.png", "attachment; filename=\"real-name.png\"", 1);

    Outcome run = fetch("--content-disposition", url("/cd.png"));

    assertEquals(0, run.exit(), run::toString);
    assertEquals(List.of("real-name.png"), fileNames(out));
    assertArrayEquals(body, Files.readAllBytes(out.resolve("real-name.png")));
    String[] f = run.fieldsFor("/cd.png");
    assertEquals("ok", f[0]);
    assertEquals(out.resolve("real-name.png").toString(), f[4]);
  }

  @Test
  void withoutTheOptionTheHeaderIsIgnored() throws IOException {
    byte[] body = servePng("/cd.png", "attachment; filename=\"real-name.png\"", 2);

    Outcome run = fetch(url("/cd.png"));

    assertEquals(0, run.exit(), run::toString);
    assertEquals(List.of("cd.png"), fileNames(out));
    assertArrayEquals(body, Files.readAllBytes(out.resolve("cd.png")));
  }

  @Test
  void percentEncodedFilenameStarWinsOverFilename() throws IOException {
    byte[] body = servePng("/star", "attachment; filename=\"fallback.png\"; filename*=UTF-8''real%20photo.png", 3);

    Outcome run = fetch("--content-disposition", url("/star"));

    assertEquals(0, run.exit(), run::toString);
    assertEquals(List.of("real photo.png"), fileNames(out));
    assertArrayEquals(body, Files.readAllBytes(out.resolve("real photo.png")));
  }

  @Test
  void aPathInTheServersNameIsReducedToItsLastSegmentInsideTheOutputFolder() throws IOException {
    byte[] up = servePng("/up", "attachment; filename=\"../../etc/x.png\"", 4);
    byte[] nested = servePng("/nested", "attachment; filename=\"a/b.png\"", 5);
    byte[] windows = servePng("/windows", "attachment; filename=\"..\\\\..\\\\win.png\"", 6);

    Outcome run = fetch("--content-disposition", url("/up"), url("/nested"), url("/windows"));

    assertEquals(0, run.exit(), run::toString);
    assertEquals(List.of("b.png", "win.png", "x.png"), fileNames(out));
    assertArrayEquals(up, Files.readAllBytes(out.resolve("x.png")));
    assertArrayEquals(nested, Files.readAllBytes(out.resolve("b.png")));
    assertArrayEquals(windows, Files.readAllBytes(out.resolve("win.png")));
    assertEquals(List.of("out"), fileNames(tmp), "nothing written outside the output folder");
  }

  @Test
  void aServerNameLeavingNothingUsableFallsBackToTheUrlName() throws IOException {
    servePng("/dots.png", "attachment; filename=\"a/..\"", 7);
    servePng("/none.png", null, 8);

    Outcome run = fetch("--content-disposition", url("/dots.png"), url("/none.png"));

    assertEquals(0, run.exit(), run::toString);
    assertEquals(List.of("dots.png", "none.png"), fileNames(out));
  }

  @Test
  void aServerNameWithoutExtensionGetsOneFromTheContentType() throws IOException {
    servePng("/download", "attachment; filename=report", 9);

    Outcome run = fetch("--content-disposition", url("/download"));

    assertEquals(0, run.exit(), run::toString);
    assertEquals(List.of("report.png"), fileNames(out));
  }

  @Test
  void aNameColumnWinsOverTheServersName() throws IOException {
    byte[] body = servePng("/cd.png", "attachment; filename=\"real-name.png\"", 10);

    Outcome run = fetch("--content-disposition", "-f", list(url("/cd.png") + " mine.png").toString());

    assertEquals(0, run.exit(), run::toString);
    assertEquals(List.of("mine.png"), fileNames(out));
    assertArrayEquals(body, Files.readAllBytes(out.resolve("mine.png")));
  }

  @Test
  void twoEntriesWhoseServersGiveTheSameNameAreBothSavedTheLaterFinisherNumbered() throws IOException {
    byte[] first = servePng("/a", "attachment; filename=\"name.png\"", 11);
    byte[] second = servePng("/b", "attachment; filename=\"name.png\"", 12);
    // /b is listed first but answered only once /a's file is in place: finish order decides
    PROBE.holdUntil("/b", () -> Files.exists(out.resolve("name.png")));

    Outcome run = fetch("--content-disposition", "-t", "2", url("/b"), url("/a"));

    assertEquals(0, run.exit(), run::toString);
    assertEquals(List.of("name-1.png", "name.png"), fileNames(out));
    assertArrayEquals(first, Files.readAllBytes(out.resolve("name.png")));
    assertArrayEquals(second, Files.readAllBytes(out.resolve("name-1.png")));
    assertEquals(out.resolve("name-1.png").toString(), run.fieldsFor("/b")[4]);
  }

  @Test
  void aServerNameThatAnotherEntryPlannedFromItsUrlIsNumbered() throws IOException {
    byte[] byServer = servePng("/x", "attachment; filename=\"photo.png\"", 13);
    byte[] byUrl = servePng("/photo.png", null, 14);
    PROBE.holdUntil("/x", () -> Files.exists(out.resolve("photo.png")));

    Outcome run = fetch("--content-disposition", "-t", "2", url("/x"), url("/photo.png"));

    assertEquals(0, run.exit(), run::toString);
    assertEquals(List.of("photo-1.png", "photo.png"), fileNames(out));
    assertArrayEquals(byUrl, Files.readAllBytes(out.resolve("photo.png")));
    assertArrayEquals(byServer, Files.readAllBytes(out.resolve("photo-1.png")));
  }

  @Test
  void aFileAlreadyUnderTheServersNameIsNotOverwrittenAndTheEntryIsSkipped() throws IOException {
    servePng("/cd.png", "attachment; filename=\"real-name.png\"", 15);
    Files.createDirectories(out);
    byte[] old = "an older file".getBytes(StandardCharsets.UTF_8);
    Files.write(out.resolve("real-name.png"), old);

    Outcome run = fetch("--content-disposition", url("/cd.png"));

    assertEquals(0, run.exit(), run::toString);
    assertEquals(List.of("real-name.png"), fileNames(out), "no .part, no numbered copy");
    assertArrayEquals(old, Files.readAllBytes(out.resolve("real-name.png")));
    String[] f = run.fieldsFor("/cd.png");
    assertEquals("skipped", f[0]);
    assertEquals("0", f[2]);
    assertEquals(out.resolve("real-name.png").toString(), f[4]);
    assertEquals(1, PROBE.requests(), "the server's name is known only from a response");
  }

  @Test
  void overwriteReplacesTheFileUnderTheServersName() throws IOException {
    byte[] body = servePng("/cd.png", "attachment; filename=\"real-name.png\"", 16);
    Files.createDirectories(out);
    Files.write(out.resolve("real-name.png"), "an older file".getBytes(StandardCharsets.UTF_8));

    Outcome run = fetch("--content-disposition", "--overwrite", url("/cd.png"));

    assertEquals(0, run.exit(), run::toString);
    assertEquals(List.of("real-name.png"), fileNames(out));
    assertArrayEquals(body, Files.readAllBytes(out.resolve("real-name.png")));
  }

  @Test
  void aFileUnderTheUrlNameStillSkipsTheEntryWithoutARequest() throws IOException {
    servePng("/cd.png", "attachment; filename=\"real-name.png\"", 17);
    Files.createDirectories(out);
    Files.write(out.resolve("cd.png"), "saved by an earlier run".getBytes(StandardCharsets.UTF_8));

    Outcome run = fetch("--content-disposition", url("/cd.png"));

    assertEquals(0, run.exit(), run::toString);
    assertEquals("skipped", run.fieldsFor("/cd.png")[0]);
    assertEquals(List.of("cd.png"), fileNames(out));
    assertEquals(0, PROBE.requests());
  }

  @Test
  void aDryRunPlansTheUrlNameAndAsksNoServer() throws IOException {
    servePng("/cd.png", "attachment; filename=\"real-name.png\"", 18);

    Outcome run = fetch("--content-disposition", "--dry-run", url("/cd.png"));

    assertEquals(0, run.exit(), run::toString);
    assertEquals(out.resolve("cd.png").toString(), run.fieldsFor("/cd.png")[4]);
    assertEquals(0, PROBE.requests());
  }

  @Test
  void aSkippedEntrysLongBodyIsNotDownloaded() throws Exception {
    Files.createDirectories(out);
    Files.write(out.resolve("big.png"), new byte[] {1});
    AtomicLong sent = new AtomicLong();
    long announced = 1L << 30;
    byte[] piece = TestImages.png(64 * 1024, 19);
    try (RawHttpServer raw = new RawHttpServer((req, ex) -> {
      ex.head(200, Map.of("Content-Type", "image/png", "Content-Length", "" + announced,
          "Content-Disposition", "attachment; filename=big.png"));
      try {
        while (sent.get() < announced) {
          ex.write(piece, 0, piece.length);
          sent.addAndGet(piece.length);
        }
      } catch (IOException closedByClient) {
        ex.close();
      }
    })) {
      Outcome run = fetch("--content-disposition", raw.url("/file"));

      assertEquals(0, run.exit(), run::toString);
      assertEquals("skipped", run.fieldsFor("/file")[0]);
      assertArrayEquals(new byte[] {1}, Files.readAllBytes(out.resolve("big.png")));
      assertEquals(List.of("big.png"), fileNames(out));
      // Only what the socket buffers held (a few MB) went out before the client hung up: the body
      // was neither saved nor drained (OkHttp's 100 ms drain reads tens of MB on loopback).
      assertTrue(sent.get() < 16L << 20, "the server sent " + sent.get() + " bytes");
    }
  }

  @Test
  void namesFromTheServerAreSanitizedLikeEveryName() throws IOException {
    servePng("/evil", "attachment; filename=\"  .hidden:name?.png\"", 20);

    Outcome run = fetch("--content-disposition", url("/evil"));

    assertEquals(0, run.exit(), run::toString);
    assertEquals(List.of("hidden_name_.png"), fileNames(out));
    assertFalse(Files.exists(tmp.resolve(".hidden")));
  }

  @Test
  void aServerNameAnotherProcessTakesDuringTheDownloadIsNumberedNotReplaced() throws Exception {
    byte[] body = TestImages.png(40_000, 21);
    byte[] theirs = "written by another process".getBytes(StandardCharsets.UTF_8);
    try (RawHttpServer raw = new RawHttpServer((req, ex) -> {
      ex.head(200, Map.of("Content-Type", "image/png", "Content-Length", "" + body.length,
          "Content-Disposition", "attachment; filename=\"shared.png\""));
      ex.write(body, 0, 20_000);
      // the name was claimed before the .part was opened; now someone else writes it
      Path part = out.resolve("file.part");
      for (int i = 0; i < 1000 && !Files.exists(part); i++) {
        Thread.sleep(10);
      }
      Files.write(out.resolve("shared.png"), theirs);
      ex.write(body, 20_000, body.length - 20_000);
    })) {
      Outcome run = fetch("--content-disposition", raw.url("/file"));

      assertEquals(0, run.exit(), run::toString);
      assertEquals(List.of("shared-1.png", "shared.png"), fileNames(out));
      assertArrayEquals(theirs, Files.readAllBytes(out.resolve("shared.png")));
      assertArrayEquals(body, Files.readAllBytes(out.resolve("shared-1.png")));
      assertEquals(out.resolve("shared-1.png").toString(), run.fieldsFor("/file")[4]);
    }
  }
}
