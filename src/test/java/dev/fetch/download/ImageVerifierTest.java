package dev.fetch.download;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fetch.FetchConfig;
import dev.fetch.download.ImageVerifier.Outcome;
import dev.fetch.download.ImageVerifier.Verdict;
import dev.fetch.testing.RealImages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --verify's decoding, on files as a download leaves them in the .part. */
class ImageVerifierTest {
  @TempDir Path tmp;

  private Verdict check(byte[] image, String kind) throws IOException {
    return check(image, kind, FetchConfig.DEFAULT_MAX_PIXELS);
  }

  private Verdict check(byte[] image, String kind, long maxPixels) throws IOException {
    Path file = Files.write(tmp.resolve("x." + kind + ".part"), image);
    return ImageVerifier.check(file, kind, maxPixels, () -> false);
  }

  @Test
  void soundImagesOfEveryJdkFormatPass() throws IOException {
    assertEquals(Verdict.SOUND, check(RealImages.encode("jpeg", 300, 200), "jpg"));
    assertEquals(Verdict.SOUND, check(RealImages.encode("jpeg", 3000, 5), "jpg"));
    assertEquals(Verdict.SOUND, check(RealImages.jpegWithLargeApp1(50, 40, 3), "jpg"));
    assertEquals(Verdict.SOUND, check(RealImages.encode("png", 2500, 1200), "png"));
    assertEquals(Verdict.SOUND, check(RealImages.encode("gif", 300, 200), "gif"));
    assertEquals(Verdict.SOUND, check(RealImages.encode("bmp", 300, 200), "bmp"));
  }

  @Test
  void aJpegCutShortIsCorruptWhereverItIsCut() throws IOException {
    byte[] jpeg = RealImages.encode("jpeg", 300, 200);
    for (double fraction : new double[] {0.3, 0.7, 0.99}) {
      Verdict v = check(RealImages.truncated(jpeg, fraction), "jpg");
      assertEquals(Outcome.CORRUPT, v.outcome(), fraction + ": " + v);
      assertTrue(v.reason().startsWith("corrupt image: "), v.reason());
    }
  }

  @Test
  void aPngWithABadCrcOrCutBeforeItsEndIsCorrupt() throws IOException {
    byte[] png = RealImages.encode("png", 300, 200);
    assertEquals(new Verdict(Outcome.CORRUPT, "corrupt image: bad CRC in PNG chunk IDAT"),
        check(RealImages.pngWithBadIdatCrc(png), "png"));
    assertEquals(Outcome.CORRUPT, check(RealImages.truncated(png, 0.995), "png").outcome());
    assertEquals(Outcome.CORRUPT, check(RealImages.truncated(png, 0.5), "png").outcome());
  }

  @Test
  void anAnimatedGifCutInALaterFrameIsCorrupt() throws IOException {
    byte[] gif = RealImages.animatedGif(200, 150, 4);
    assertEquals(Verdict.SOUND, check(gif, "gif"));
    Verdict cut = check(RealImages.truncated(gif, 0.8), "gif");
    assertEquals(Outcome.CORRUPT, cut.outcome(), cut.toString());
  }

  @Test
  void formatsTheJdkCannotDecodeAreSavedAsNotVerified() throws IOException {
    assertEquals(new Verdict(Outcome.NOT_VERIFIED, "not verified (webp)"),
        check(RealImages.webpLossless(10, 10), "webp"));
    assertEquals(new Verdict(Outcome.NOT_VERIFIED, "not verified (avif)"), check(new byte[16], "avif"));
  }

  @Test
  void anImageAboveThePixelLimitIsNotDecoded() throws IOException {
    // 400 megapixels of header and 8 bytes of data: decoding it would need 1.2 GB for its raster
    assertEquals(new Verdict(Outcome.NOT_VERIFIED,
            "not verified: 400 megapixels is above the 100-megapixel limit"),
        check(RealImages.pngHeaderOnly(20_000, 20_000), "png"));
    assertEquals(new Verdict(Outcome.NOT_VERIFIED, "not verified: 60000 pixels is above the 59999-pixel limit"),
        check(RealImages.encode("jpeg", 300, 200), "jpg", 59_999));
    assertEquals(Verdict.SOUND, check(RealImages.encode("jpeg", 300, 200), "jpg", 60_000));
    assertEquals(new Verdict(Outcome.NOT_VERIFIED, "not verified: 4.2 megapixels is above the 2.5-megapixel limit"),
        check(RealImages.pngHeaderOnly(2100, 2000), "png", 2_500_000));
  }

  @Test
  void aHeaderWithoutItsDataIsCorrupt() throws IOException {
    assertEquals(Outcome.CORRUPT, check(RealImages.pngHeaderOnly(2000, 2000), "png").outcome());
  }
}
