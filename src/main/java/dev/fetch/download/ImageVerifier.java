package dev.fetch.download;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.BooleanSupplier;
import javax.imageio.IIOException;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.FileImageInputStream;
import javax.imageio.stream.ImageInputStream;

/**
 * --verify: decodes a complete .part with the JDK's ImageIO readers (JPEG, PNG, GIF, BMP, TIFF) and
 * says whether it is a sound image. Runs on the {@link DecodePool}, never on a download worker.
 *
 * <p>Memory stays bounded: the size is read from the header first, and an image above the pixel
 * limit is not decoded at all; a decoded one is read with source subsampling into a raster of at
 * most {@link #RASTER_SIDE} pixels a side, so every row is still decoded (the last one included, so
 * a file cut short is noticed) but only a few are kept.
 */
final class ImageVerifier {
  /** The subsampled raster's longest side: at most about 4 MB per decoder. */
  static final int RASTER_SIDE = 1024;
  /** Formats the JDK has no reader for: saved with the reason "not verified (webp)". */
  private static final Set<String> NOT_DECODABLE = Set.of("webp", "avif", "heic", "svg", "ico");

  private ImageVerifier() {}

  /** What decoding found. */
  enum Outcome { SOUND, CORRUPT, NOT_VERIFIED, CANCELLED }

  /** @param reason for CORRUPT, what is wrong ("corrupt image: …"); for NOT_VERIFIED, why; else null */
  record Verdict(Outcome outcome, String reason) {
    static final Verdict SOUND = new Verdict(Outcome.SOUND, null);
    static final Verdict CANCELLED = new Verdict(Outcome.CANCELLED, null);

    static Verdict corrupt(String detail) {
      return new Verdict(Outcome.CORRUPT, "corrupt image: " + detail);
    }

    static Verdict notVerified(String why) {
      return new Verdict(Outcome.NOT_VERIFIED, "not verified" + why);
    }
  }

  /**
   * @param kind the sniffed format ("jpg", "png", …)
   * @param cancelled looked at while decoding: a cancelled run stops the decoder
   */
  static Verdict check(Path file, String kind, long maxPixels, BooleanSupplier cancelled) {
    if (NOT_DECODABLE.contains(kind)) {
      return Verdict.notVerified(" (" + kind + ")");
    }
    try {
      if (kind.equals("png")) {
        String problem = PngChunks.problem(file);
        if (problem != null) {
          return Verdict.corrupt(problem);
        }
      }
      return decode(file, kind, maxPixels, cancelled);
    } catch (IOException e) {
      return Verdict.corrupt(e.getMessage() == null ? e.toString() : e.getMessage());
    }
  }

  private static Verdict decode(Path file, String kind, long maxPixels, BooleanSupplier cancelled)
      throws IOException {
    Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(kind.equals("jpg") ? "jpeg" : kind);
    if (!readers.hasNext()) {
      return Verdict.notVerified(" (" + kind + ")");
    }
    ImageReader reader = readers.next();
    try (ImageInputStream in = new FileImageInputStream(file.toFile())) {
      reader.setInput(in, true, true);
      int width = reader.getWidth(0);
      int height = reader.getHeight(0);
      long pixels = (long) width * height;
      if (pixels > maxPixels) {
        return Verdict.notVerified(": " + aboveLimit(pixels, maxPixels));
      }
      List<String> warnings = new ArrayList<>();
      reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
      reader.addIIOReadProgressListener(new DecodeProgress(cancelled));
      ImageReadParam param = reader.getDefaultReadParam();
      int xs = Math.max(1, (width + RASTER_SIDE - 1) / RASTER_SIDE);
      int ys = Math.max(1, (height + RASTER_SIDE - 1) / RASTER_SIDE);
      // the rows kept end with the last one, so that the decoder reads the data to the end
      param.setSourceSubsampling(xs, ys, 0, (height - 1) % ys);
      if (reader.canReadRaster()) {
        reader.readRaster(0, param); // JPEG: no colour conversion, and CMYK files decode too
      } else {
        reader.read(0, param);
      }
      if (kind.equals("gif")) {
        // an animation cut short loses its last frames; theirs may be smaller: subsampled from the top
        ImageReadParam frames = reader.getDefaultReadParam();
        frames.setSourceSubsampling(xs, ys, 0, 0);
        readLaterFrames(reader, frames, cancelled);
      }
      if (cancelled.getAsBoolean()) {
        return Verdict.CANCELLED;
      }
      for (String w : warnings) {
        if (isTruncation(w)) {
          return Verdict.corrupt(w);
        }
      }
      return Verdict.SOUND;
    } catch (IIOException e) {
      String message = String.valueOf(e.getMessage());
      if (message.startsWith("Unsupported")) {
        // a valid file the JDK's decoder cannot read (a lossless or arithmetic-coded JPEG, …)
        return Verdict.notVerified(" (" + kind + ": " + message + ")");
      }
      Throwable cause = e.getCause();
      return Verdict.corrupt(cause != null && cause.getMessage() != null ? message + ": " + cause.getMessage() : message);
    } catch (RuntimeException e) {
      // the JDK's decoders throw these on malformed data (an index out of bounds in an LZW table, …)
      return Verdict.corrupt(e.toString());
    } catch (OutOfMemoryError e) {
      // a decoder's own buffers, beyond what the pixel limit foresaw: the file is not to blame
      return Verdict.notVerified(": out of memory while decoding");
    } finally {
      reader.dispose();
    }
  }

  /** Every frame after the first, subsampled like it; a GIF reader says where the frames end by an exception. */
  private static void readLaterFrames(ImageReader reader, ImageReadParam param, BooleanSupplier cancelled)
      throws IOException {
    for (int frame = 1; !cancelled.getAsBoolean(); frame++) {
      try {
        reader.read(frame, param);
      } catch (IndexOutOfBoundsException end) {
        return;
      }
    }
  }

  /** libjpeg's warnings for data that ends too soon; other warnings (extraneous bytes) are harmless. */
  private static boolean isTruncation(String warning) {
    String w = warning.toLowerCase(Locale.ROOT);
    return w.contains("truncated") || w.contains("premature end");
  }

  /** "400 megapixels is above the 100-megapixel limit"; in pixels when the limit is below a million. */
  private static String aboveLimit(long pixels, long limit) {
    if (limit < 1_000_000) {
      return pixels + " pixels is above the " + limit + "-pixel limit";
    }
    return megapixels(pixels) + " megapixels is above the " + megapixels(limit) + "-megapixel limit";
  }

  private static String megapixels(long pixels) {
    return pixels % 1_000_000 == 0 ? Long.toString(pixels / 1_000_000)
        : String.format(Locale.ROOT, "%.1f", pixels / 1e6);
  }
}
