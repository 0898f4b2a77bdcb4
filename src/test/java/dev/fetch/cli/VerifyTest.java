package dev.fetch.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.fetch.cli.CliFixtures.Outcome;
import dev.fetch.testing.LocalServers;
import dev.fetch.testing.RealImages;
import dev.fetch.testing.ServerProbe;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** --verify end to end, and the width and height every ok result carries, with or without it. */
class VerifyTest {
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

  private static String url(String path) {
    return "http://127.0.0.1:" + server.getPort() + path;
  }

  /** Served whole, with a Content-Length that matches: only decoding can tell a broken body. */
  private static byte[] serve(String path, String contentType, byte[] body) {
    server.stubFor(get(urlPathEqualTo(path)).willReturn(
        aResponse().withStatus(200).withHeader("Content-Type", contentType).withBody(body)));
    return body;
  }

  private Outcome fetch(String... args) {
    List<String> all = new java.util.ArrayList<>(List.of("-o", out.toString(), "--json", "--retries", "2"));
    all.addAll(List.of(args));
    return CliFixtures.run(all.toArray(String[]::new));
  }

  @Test
  void aTruncatedJpegWithItsFullContentLengthFailsOnlyWithVerify() throws IOException {
    byte[] cut = serve("/cut.jpg", "image/jpeg", RealImages.truncated(RealImages.encode("jpeg", 400, 300), 0.6));

    Outcome plain = fetch(url("/cut.jpg"));
    assertEquals(0, plain.exit(), plain::toString);
    assertArrayEquals(cut, Files.readAllBytes(out.resolve("cut.jpg")));
    Files.delete(out.resolve("cut.jpg"));
    server.resetRequests();

    Outcome verified = fetch("--verify", url("/cut.jpg"));
    assertEquals(1, verified.exit(), verified::toString);
    Map<String, Object> r = verified.single();
    assertEquals("failed", r.get("status"));
    assertTrue(CliFixtures.text(r, "error").startsWith("corrupt image: "), r.toString());
    assertNull(r.get("file"));
    assertEquals(List.of(), CliFixtures.fileNames(out), "nothing saved, no .part left");
    server.verify(1, getRequestedFor(urlPathEqualTo("/cut.jpg"))); // the server sent it: not retried
  }

  @Test
  void aPngWithABadChunkCrcFailsWithVerify() throws IOException {
    serve("/bad.png", "image/png", RealImages.pngWithBadIdatCrc(RealImages.encode("png", 120, 90)));
    Outcome run = fetch("--verify", url("/bad.png"));
    assertEquals(1, run.exit(), run::toString);
    assertEquals("corrupt image: bad CRC in PNG chunk IDAT", run.single().get("error"));
    assertEquals(List.of(), CliFixtures.fileNames(out));
  }

  @Test
  void soundImagesPassVerifyAndAreSavedWithTheirSize() throws IOException {
    byte[] jpeg = serve("/good.jpg", "image/jpeg", RealImages.jpegWithLargeApp1(640, 480, 5));
    byte[] png = serve("/good.png", "image/png", RealImages.encode("png", 320, 200));
    byte[] gif = serve("/good.gif", "image/gif", RealImages.encode("gif", 33, 44));
    Outcome run = fetch("--verify", url("/good.jpg"), url("/good.png"), url("/good.gif"));
    assertEquals(0, run.exit(), run::toString);
    for (Map<String, Object> r : run.json()) {
      assertEquals("ok", r.get("status"), r.toString());
      assertNull(r.get("error"), r.toString());
    }
    assertArrayEquals(jpeg, Files.readAllBytes(out.resolve("good.jpg")));
    assertArrayEquals(png, Files.readAllBytes(out.resolve("good.png")));
    assertArrayEquals(gif, Files.readAllBytes(out.resolve("good.gif")));
    assertEquals(List.of(), CliFixtures.partFiles(out));
    assertSize(run, "/good.jpg", 640, 480);
    assertSize(run, "/good.png", 320, 200);
  }

  @Test
  void everyOkResultCarriesItsHeaderSizeWithoutVerify() {
    serve("/a.jpg", "image/jpeg", RealImages.jpegWithLargeApp1(123, 45, 5));
    serve("/b.png", "image/png", RealImages.encode("png", 77, 300));
    serve("/c.gif", "image/gif", RealImages.encode("gif", 640, 3));
    serve("/d.webp", "image/webp", RealImages.webpLossless(1000, 750));
    serve("/e.webp", "image/webp", RealImages.webpExtended(4000, 3000));
    Outcome run = fetch(url("/a.jpg"), url("/b.png"), url("/c.gif"), url("/d.webp"), url("/e.webp"));
    assertEquals(0, run.exit(), run::toString);
    assertSize(run, "/a.jpg", 123, 45);
    assertSize(run, "/b.png", 77, 300);
    assertSize(run, "/c.gif", 640, 3);
    assertSize(run, "/d.webp", 1000, 750);
    assertSize(run, "/e.webp", 4000, 3000);
  }

  @Test
  void aWebpIsSavedAsNotVerifiedAndAHugeImageAsAboveTheLimit() throws IOException {
    serve("/w.webp", "image/webp", RealImages.webpLossy(50, 40));
    serve("/huge.png", "image/png", RealImages.pngHeaderOnly(20_000, 20_000));
    Outcome run = fetch("--verify", url("/w.webp"), url("/huge.png"));
    assertEquals(0, run.exit(), run::toString);
    Map<String, Object> webp = resultFor(run, "/w.webp");
    assertEquals("ok", webp.get("status"));
    assertEquals("not verified (webp)", webp.get("error"));
    Map<String, Object> huge = resultFor(run, "/huge.png");
    assertEquals("ok", huge.get("status"));
    assertEquals("not verified: 400 megapixels is above the 100-megapixel limit", huge.get("error"));
    assertSize(run, "/huge.png", 20_000, 20_000);
    assertTrue(Files.exists(out.resolve("w.webp")) && Files.exists(out.resolve("huge.png")));
  }

  @Test
  void maxPixelsMovesTheLimitAndRefusesNonsense() {
    serve("/mid.png", "image/png", RealImages.pngHeaderOnly(3000, 2000));
    Outcome run = fetch("--verify", "--max-pixels", "5.5M", url("/mid.png"));
    assertEquals(0, run.exit(), run::toString);
    assertEquals("not verified: 6 megapixels is above the 5.5-megapixel limit", run.single().get("error"));
    for (String bad : List.of("0", "-5", "lots", "1.5")) {
      Outcome refused = fetch("--verify", "--max-pixels", bad, url("/mid.png"));
      assertEquals(2, refused.exit(), bad + ": " + refused);
      assertTrue(refused.errLines().get(0).contains("--max-pixels"), refused::toString);
      assertFalse(refused.err().contains("Exception"), refused::toString);
    }
  }

  @Test
  void aFailedOrSkippedEntryHasNoSize() throws IOException {
    Files.createDirectories(out);
    Files.write(out.resolve("there.png"), RealImages.encode("png", 5, 5));
    serve("/there.png", "image/png", RealImages.encode("png", 5, 5));
    Outcome run = fetch(url("/there.png"), url("/missing.png"));
    for (Map<String, Object> r : run.json()) {
      assertTrue(r.containsKey("width") && r.containsKey("height"), r.toString());
      assertNull(r.get("width"), r.toString());
      assertNull(r.get("height"), r.toString());
    }
    assertFalse(run.json().isEmpty());
  }

  private static Map<String, Object> resultFor(Outcome run, String path) {
    return run.json().stream().filter(r -> url(path).equals(r.get("url"))).findFirst()
        .orElseThrow(() -> new AssertionError("no result for " + path + ":\n" + run));
  }

  private static void assertSize(Outcome run, String path, int width, int height) {
    Map<String, Object> r = resultFor(run, path);
    assertEquals(width, CliFixtures.integer(r, "width"), r.toString());
    assertEquals(height, CliFixtures.integer(r, "height"), r.toString());
  }
}
