package dev.fetch.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.fetch.cli.CliFixtures.Outcome;
import dev.fetch.testing.LocalServers;
import dev.fetch.testing.RealImages;
import dev.fetch.testing.ServerProbe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** --verify together with --refresh and digests: the decoder decides last, and a corrupt body replaces nothing. */
class VerifyWithRefreshAndDigestsTest {
  @RegisterExtension
  static final ServerProbe PROBE = new ServerProbe();

  @RegisterExtension
  static final WireMockExtension server = LocalServers.wireMock(PROBE);

  @TempDir Path tmp;

  private static String url(String path) {
    return "http://127.0.0.1:" + server.getPort() + path;
  }

  private static void serve(String path, byte[] body) {
    server.stubFor(get(urlPathEqualTo(path)).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "image/jpeg").withBody(body)));
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  @Test
  void aRefreshWhoseNewBodyIsCorruptKeepsTheOldFileBytesAndTime() throws Exception {
    Path out = tmp.resolve("out");
    Files.createDirectories(out);
    byte[] old = RealImages.encode("jpeg", 200, 150);
    Path file = out.resolve("a.jpg");
    Files.write(file, old);
    FileTime time = FileTime.fromMillis(1_600_000_000_000L);
    Files.setLastModifiedTime(file, time);
    serve("/a.jpg", RealImages.truncated(RealImages.encode("jpeg", 400, 300), 0.6));

    Outcome run = CliFixtures.run("-o", out.toString(), "--json", "--refresh", "--verify", url("/a.jpg"));

    assertEquals(1, run.exit(), run::toString);
    assertTrue(CliFixtures.text(run.single(), "error").startsWith("corrupt image: "), run.toString());
    assertArrayEquals(old, Files.readAllBytes(file));
    assertEquals(time, Files.getLastModifiedTime(file));
    assertEquals(List.of("a.jpg"), CliFixtures.fileNames(out), "no .part left beside it");
  }

  @Test
  void aVerifiedBodyReportsItsDigestSizeAndRefreshOutcome() throws Exception {
    Path out = tmp.resolve("out");
    Files.createDirectories(out);
    Files.write(out.resolve("b.jpg"), RealImages.encode("jpeg", 10, 10));
    byte[] body = RealImages.encode("jpeg", 320, 240);
    serve("/b.jpg", body);

    Outcome run = CliFixtures.run("-o", out.toString(), "--json", "--refresh", "--verify", "--sha256", url("/b.jpg"));

    assertEquals(0, run.exit(), run::toString);
    Map<String, Object> r = run.single();
    assertEquals("ok", r.get("status"));
    assertEquals(sha256(body), r.get("sha256"));
    assertEquals("changed", r.get("refresh"));
    assertEquals(320, ((Number) r.get("width")).intValue());
    assertEquals(240, ((Number) r.get("height")).intValue());
    assertArrayEquals(body, Files.readAllBytes(out.resolve("b.jpg")));
  }

  @Test
  void aDigestMismatchFailsBeforeAnyDecodingAndKeepsNothing() throws Exception {
    Path out = tmp.resolve("out");
    byte[] body = RealImages.encode("jpeg", 64, 48);
    serve("/c.jpg", body);
    Path list = tmp.resolve("list.txt");
    Files.writeString(list, url("/c.jpg") + " sha256:" + "0".repeat(64) + "\n");

    Outcome run = CliFixtures.run("-o", out.toString(), "--json", "--verify", "-f", list.toString());

    assertEquals(1, run.exit(), run::toString);
    assertTrue(CliFixtures.text(run.single(), "error").startsWith("checksum mismatch"), run.toString());
    assertEquals(List.of(), CliFixtures.fileNames(out));
    server.verify(1, getRequestedFor(urlPathEqualTo("/c.jpg")));
  }
}
