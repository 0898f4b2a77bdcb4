package dev.fetch.download;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fetch.FetchConfig;
import dev.fetch.Fetcher;
import dev.fetch.testing.RawHttpServer;
import dev.fetch.testing.TestImages;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The record that ties a kept .part to its URL and version, and what a resume checks with it. */
class PartRecordTest {
  @TempDir Path dir;
  RawHttpServer server;

  @AfterEach
  void tearDown() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void aRecordReadsBackAndNamesOnlyItsOwnUrl() throws IOException {
    Path part = Files.write(dir.resolve("a.jpg.part"), new byte[10]);
    assertTrue(PartRecord.of("http://u:secret@h/a.jpg", "\"v1\"").writeTo(part), "this file system keeps xattrs");

    PartRecord back = PartRecord.readFrom(part);

    assertEquals("\"v1\"", back.validator());
    assertTrue(back.belongsTo("http://u:secret@h/a.jpg"));
    assertFalse(back.belongsTo("http://u:secret@h/b.jpg"));
    String stored = new String(raw(part), StandardCharsets.UTF_8);
    assertFalse(stored.contains("secret"), "credentials in the URL are not readable from the attribute: " + stored);
  }

  @Test
  void aMissingOrMalformedRecordIsNoRecord() throws IOException {
    Path part = Files.write(dir.resolve("a.jpg.part"), new byte[10]);
    assertNull(PartRecord.readFrom(part));

    view(part).write(PartRecord.ATTRIBUTE, StandardCharsets.UTF_8.encode("something else\nx\ny"));
    assertNull(PartRecord.readFrom(part));
    assertNull(PartRecord.readFrom(dir.resolve("missing.part")));
  }

  /** A .part shorter than the sniffing window is checked once complete: it must start like an image. */
  @Test
  void aShortResumedPartThatIsNoImageStartsOverAndFailsAsTheFreshBodyDoes() throws Exception {
    byte[] text = "junk\nthis is no image at all\n".repeat(40).getBytes(StandardCharsets.US_ASCII);
    server = servingWithRanges(text);
    Path out = Files.createDirectories(dir.resolve("out"));
    Path part = Files.write(out.resolve("a.jpg.part"), Arrays.copyOf(text, 5));
    PartRecord.of(server.url("/a.jpg"), "\"v1\"").writeTo(part);

    List<DownloadResult> results = fetchWithContinue(out, server.url("/a.jpg"));

    assertEquals("bytes=5-", server.requests().get(0).header("Range"), "the record matched: resumed");
    assertNull(server.requests().get(1).header("Range"), "then started over");
    assertTrue(results.get(0).failed());
    assertTrue(results.get(0).error().startsWith("not an image"), results.get(0).error());
    assertEquals(List.of(), Arrays.asList(out.toFile().list()), "nothing under the final name, no .part");
  }

  @Test
  void aShortResumedPartThatIsAnImagesStartIsCompleted() throws Exception {
    byte[] body = TestImages.jpeg(50_000, 3);
    server = servingWithRanges(body);
    Path out = Files.createDirectories(dir.resolve("out"));
    Path part = Files.write(out.resolve("a.jpg.part"), Arrays.copyOf(body, 5));
    PartRecord.of(server.url("/a.jpg"), "\"v1\"").writeTo(part);

    List<DownloadResult> results = fetchWithContinue(out, server.url("/a.jpg"));

    assertFalse(results.get(0).failed(), results.get(0).error());
    assertEquals(1, server.requests().size());
    assertEquals("\"v1\"", server.requests().get(0).header("If-Range"));
    assertArrayEquals(body, Files.readAllBytes(out.resolve("a.jpg")));
  }

  private static RawHttpServer servingWithRanges(byte[] body) throws IOException {
    return new RawHttpServer((req, ex) -> {
      String range = req.header("Range");
      Map<String, String> h = Map.of("Content-Type", "image/jpeg", "ETag", "\"v1\"", "Accept-Ranges", "bytes");
      if (range == null) {
        ex.respond(200, h, body);
        return;
      }
      int from = Integer.parseInt(range.substring("bytes=".length(), range.length() - 1));
      ex.respond(206, Map.of("Content-Type", "image/jpeg", "ETag", "\"v1\"",
          "Content-Range", "bytes " + from + "-" + (body.length - 1) + "/" + body.length),
          Arrays.copyOfRange(body, from, body.length));
    });
  }

  private static List<DownloadResult> fetchWithContinue(Path out, String url) throws Exception {
    FetchConfig config = FetchConfig.builder().outputDir(out).keepPartial(true).retries(0).build();
    try (Fetcher fetcher = Fetcher.create(config)) {
      return fetcher.fetchAll(List.of(url));
    }
  }

  private static UserDefinedFileAttributeView view(Path p) {
    return Files.getFileAttributeView(p, UserDefinedFileAttributeView.class);
  }

  private static byte[] raw(Path p) throws IOException {
    UserDefinedFileAttributeView v = view(p);
    java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(v.size(PartRecord.ATTRIBUTE));
    v.read(PartRecord.ATTRIBUTE, b);
    return b.array();
  }
}
