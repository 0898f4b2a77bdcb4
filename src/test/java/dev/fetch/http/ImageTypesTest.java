package dev.fetch.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fetch.testing.TestImages;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ImageTypesTest {

  @ParameterizedTest
  @CsvSource({
      "image/jpeg, jpg",
      "image/jpg, jpg",
      "image/pjpeg, jpg",
      "IMAGE/JPEG, jpg",
      "'image/jpeg; charset=binary', jpg",
      "'  image/png ; q=1', png",
      "image/png, png",
      "image/apng, png",
      "image/gif, gif",
      "image/webp, webp",
      "image/avif, avif",
      "image/heic, heic",
      "image/heif, heic",
      "image/svg+xml, svg",
      "image/bmp, bmp",
      "image/x-ms-bmp, bmp",
      "image/tiff, tiff",
      "image/x-icon, ico",
      "image/vnd.microsoft.icon, ico",
  })
  void contentTypeToExtension(String contentType, String ext) {
    assertEquals(ext, ImageTypes.extensionFor(contentType));
  }

  @ParameterizedTest
  @ValueSource(strings = {"text/html", "application/octet-stream", "image/", "image", "", "jpeg",
      "video/mp4", "image/x-unknown"})
  void nonImageOrUnknownContentTypeHasNoExtension(String contentType) {
    assertNull(ImageTypes.extensionFor(contentType));
  }

  @Test
  void missingContentTypeHasNoExtension() {
    assertNull(ImageTypes.extensionFor(null));
  }

  @Test
  void everyMappedExtensionIsOneThatExistingFileChecksLookFor() {
    List<String> known = Arrays.asList(ImageTypes.EXTENSIONS);
    for (String ct : List.of("image/jpeg", "image/png", "image/gif", "image/webp", "image/avif",
        "image/heic", "image/svg+xml", "image/bmp", "image/tiff", "image/x-icon")) {
      assertTrue(known.contains(ImageTypes.extensionFor(ct)), ct);
    }
  }

  private static String sniff(byte[] b) {
    return ImageTypes.sniff(b, b.length);
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  @Test
  void sniffsTheTestHelpersImages() {
    assertEquals("jpg", sniff(TestImages.jpeg(100, 1)));
    assertEquals("png", sniff(TestImages.png(100, 1)));
    assertEquals("gif", sniff(TestImages.gif(100, 1)));
    assertEquals("webp", sniff(TestImages.webp(100, 1)));
  }

  @Test
  void sniffsOtherFormatsByMagicBytes() {
    assertEquals("bmp", sniff(ascii("BM\0\0\0\0\0\0")));
    assertEquals("tiff", sniff(new byte[] {'I', 'I', 42, 0, 8, 0, 0, 0}));
    assertEquals("tiff", sniff(new byte[] {'M', 'M', 0, 42, 0, 0, 0, 8}));
    assertEquals("ico", sniff(new byte[] {0, 0, 1, 0, 1, 0, 16, 16}));
    assertEquals("avif", sniff(ascii("\0\0\0\u001cftypavif\0\0\0\0")));
    assertEquals("heic", sniff(ascii("\0\0\0\u0018ftypheic\0\0\0\0")));
    assertEquals("heic", sniff(ascii("\0\0\0\u0018ftypmif1\0\0\0\0")));
    assertEquals("gif", sniff(ascii("GIF87a......")));
  }

  @Test
  void sniffsSvgEvenAfterBomOrXmlPrologue() {
    assertEquals("svg", sniff(ascii("<svg xmlns=\"http://www.w3.org/2000/svg\"/>")));
    assertEquals("svg", sniff(ascii("\u00ef\u00bb\u00bf  \n<?xml version=\"1.0\"?>\n<svg>")));
  }

  @Test
  void htmlIsNotAnImageEvenWithAnInlineSvg() {
    assertNull(sniff(ascii("<!DOCTYPE html><html><body><svg></svg></body></html>")));
    assertNull(sniff(ascii("<html><head><title>404 Not Found</title>")));
  }

  @Test
  void textJsonAndEmptyBodiesAreNotImages() {
    assertNull(sniff(ascii("{\"error\":\"not found\"}")));
    assertNull(sniff(ascii("Not Found")));
    assertNull(sniff(new byte[0]));
    assertNull(sniff(ascii("RIFF\0\0\0\0WAVEfmt ")), "RIFF but not WEBP");
    assertNull(sniff(ascii("\0\0\0\u0018ftypisom\0\0\0\0")), "an MP4, not an image");
  }

  @Test
  void onlyTheFirstNBytesCount() {
    byte[] jpeg = TestImages.jpeg(100, 1);
    assertEquals("jpg", ImageTypes.sniff(jpeg, 3));
    assertNull(ImageTypes.sniff(jpeg, 2), "too few bytes seen to tell");
    byte[] png = TestImages.png(100, 1);
    assertNull(ImageTypes.sniff(png, 7));
    byte[] webp = TestImages.webp(100, 1);
    assertNull(ImageTypes.sniff(webp, 11));
  }

  @Test
  void truncatedMagicIsNotEnough() {
    assertNull(sniff(new byte[] {(byte) 0xFF, (byte) 0xD8}));
    assertNull(sniff(new byte[] {(byte) 0x89, 'P', 'N', 'G'}));
    assertNull(sniff(ascii("GIF8")));
  }
}
