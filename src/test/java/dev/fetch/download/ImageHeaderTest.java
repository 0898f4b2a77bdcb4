package dev.fetch.download;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fetch.http.ImageTypes;
import dev.fetch.testing.RealImages;
import dev.fetch.testing.TestImages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Width and height from the header alone, as a saved body's first bytes and its .part give them. */
class ImageHeaderTest {
  @TempDir Path tmp;

  /** The size as a download reads it: the sniffed head in memory, the rest from the file. */
  private ImageHeader.Size sizeOf(byte[] image) throws IOException {
    Path file = Files.write(tmp.resolve("x.part"), image);
    int n = Math.min(image.length, ImageTypes.SNIFF_BYTES);
    byte[] head = Arrays.copyOf(image, n);
    return ImageHeader.read(file, Files.size(file), head, n, ImageTypes.sniff(head, n));
  }

  @Test
  void readsJpegPngGifAndBmpSizesAsImageIoWroteThem() throws IOException {
    assertEquals(new ImageHeader.Size(123, 45), sizeOf(RealImages.encode("jpeg", 123, 45)));
    assertEquals(new ImageHeader.Size(77, 300), sizeOf(RealImages.encode("png", 77, 300)));
    assertEquals(new ImageHeader.Size(640, 3), sizeOf(RealImages.encode("gif", 640, 3)));
    assertEquals(new ImageHeader.Size(31, 17), sizeOf(RealImages.encode("bmp", 31, 17)));
  }

  @Test
  void findsAJpegSofBehindLargeApp1SegmentsByTheirLengths() throws IOException {
    byte[] jpeg = RealImages.jpegWithLargeApp1(200, 150, 5);
    assertTrue(jpeg.length > 5 * 65_535, "the SOF lies far beyond the sniffed head");
    assertEquals(new ImageHeader.Size(200, 150), sizeOf(jpeg));
  }

  @Test
  void readsAFileWithoutAHeadAsAResumedDownloadDoes() throws IOException {
    Path file = Files.write(tmp.resolve("r.part"), RealImages.jpegWithLargeApp1(9, 8, 1));
    assertEquals(new ImageHeader.Size(9, 8), ImageHeader.read(file, Files.size(file), null, 0, "jpg"));
  }

  @Test
  void aSegmentLengthPointingPastTheWrittenLengthIsNotFollowedIntoTheFile() throws IOException {
    byte[] jpeg = RealImages.jpegWithLargeApp1(40, 30, 1);
    Path file = Files.write(tmp.resolve("j.part"), jpeg);
    byte[] head = Arrays.copyOf(jpeg, 512);
    assertEquals(new ImageHeader.Size(40, 30), ImageHeader.read(file, jpeg.length, head, 512, "jpg"));
    // the same file said to be shorter than where its SOF lies: no size, nothing read past that length
    assertNull(ImageHeader.read(file, 2 + 65_537 + 4, head, 512, "jpg"));
  }

  @Test
  void aHeadHoldingTheSofNeedsNoFile() throws IOException {
    byte[] jpeg = RealImages.jpegWithLargeApp1(40, 30, 1);
    assertEquals(new ImageHeader.Size(40, 30),
        ImageHeader.read(tmp.resolve("not-there.part"), jpeg.length, jpeg, jpeg.length, "jpg"));
  }

  @Test
  void readsWebpSizesFromVp8Vp8lAndVp8xHeaders() throws IOException {
    assertEquals(new ImageHeader.Size(1000, 750), sizeOf(RealImages.webpLossy(1000, 750)));
    assertEquals(new ImageHeader.Size(16383, 2), sizeOf(RealImages.webpLossless(16383, 2)));
    assertEquals(new ImageHeader.Size(1, 16384), sizeOf(RealImages.webpLossless(1, 16384)));
    assertEquals(new ImageHeader.Size(70000, 5), sizeOf(RealImages.webpExtended(70000, 5)));
  }

  @Test
  void bodiesThatOnlyStartLikeImagesHaveNoSizeAndNoError() throws IOException {
    assertNull(sizeOf(TestImages.png(64, 3)), "no IHDR after the signature");
    assertNull(sizeOf(TestImages.webp(64, 3)), "no VP8 chunk");
    assertNull(sizeOf(RealImages.truncated(RealImages.encode("jpeg", 10, 10), 0.02)), "cut before its SOF");
    for (long seed = 0; seed < 200; seed++) {
      sizeOf(TestImages.jpeg(600, seed)); // random segment lengths: any answer, never an exception
    }
    assertNull(ImageHeader.read(tmp.resolve("missing.part"), 100, null, 0, "jpg"));
    assertNull(ImageHeader.read(tmp.resolve("missing.part"), 100, null, 0, "svg"));
  }
}
