package dev.fetch.testing;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.zip.CRC32;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * Images that decode (written by the JDK's ImageIO) and the broken ones --verify must catch, built
 * in memory: unlike {@link TestImages}, whose bodies only start like images.
 */
public final class RealImages {
  private RealImages() {}

  /** A {@code width} x {@code height} image of seeded noise in {@code format} ("jpeg", "png", "gif", "bmp"). */
  public static byte[] encode(String format, int width, int height) {
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    SplittableRandom random = new SplittableRandom(width * 31L + height);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        img.setRGB(x, y, random.nextInt());
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(img, format, out)) {
        throw new IllegalArgumentException("no ImageIO writer for " + format);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** An animated GIF of {@code frames} frames of seeded noise. */
  public static byte[] animatedGif(int width, int height, int frames) {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
      writer.setOutput(ios);
      writer.prepareWriteSequence(null);
      SplittableRandom random = new SplittableRandom(frames);
      for (int f = 0; f < frames; f++) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
          for (int x = 0; x < width; x++) {
            img.setRGB(x, y, random.nextInt());
          }
        }
        writer.writeToSequence(new IIOImage(img, null, null), null);
      }
      writer.endWriteSequence();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      writer.dispose();
    }
    return out.toByteArray();
  }

  /** The first {@code fraction} of the image's bytes: still starts like one. */
  public static byte[] truncated(byte[] image, double fraction) {
    return Arrays.copyOf(image, (int) (image.length * fraction));
  }

  /** A JPEG with {@code segments} APP1 (EXIF-like) segments of 65 533 bytes each between SOI and the rest. */
  public static byte[] jpegWithLargeApp1(int width, int height, int segments) {
    byte[] jpeg = encode("jpeg", width, height);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(jpeg, 0, 2); // SOI
    byte[] payload = new byte[65_533];
    byte[] exif = "Exif\0\0".getBytes(StandardCharsets.ISO_8859_1);
    System.arraycopy(exif, 0, payload, 0, exif.length);
    for (int i = 0; i < segments; i++) {
      out.write(0xFF);
      out.write(0xE1);
      out.write(0xFF); // length 65 535, the two length bytes included
      out.write(0xFF);
      out.write(payload, 0, payload.length);
    }
    out.write(jpeg, 2, jpeg.length - 2);
    return out.toByteArray();
  }

  /** The PNG with the CRC of its first IDAT chunk damaged: its pixels would still decode. */
  public static byte[] pngWithBadIdatCrc(byte[] png) {
    byte[] b = png.clone();
    int pos = 8;
    while (pos + 8 <= b.length) {
      int length = ByteBuffer.wrap(b, pos, 4).getInt();
      String type = new String(b, pos + 4, 4, StandardCharsets.ISO_8859_1);
      if (type.equals("IDAT")) {
        b[pos + 8 + length] ^= 0x5A;
        return b;
      }
      pos += 12 + length;
    }
    throw new IllegalArgumentException("no IDAT chunk");
  }

  /** A well-formed PNG whose header says {@code width} x {@code height} but whose data is a few bytes. */
  public static byte[] pngHeaderOnly(int width, int height) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A});
    ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(width).putInt(height)
        .put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
    chunk(out, "IHDR", ihdr.array());
    chunk(out, "IDAT", new byte[] {0x78, (byte) 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01});
    chunk(out, "IEND", new byte[0]);
    return out.toByteArray();
  }

  private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
    byte[] t = type.getBytes(StandardCharsets.ISO_8859_1);
    CRC32 crc = new CRC32();
    crc.update(t);
    crc.update(data);
    out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
    out.writeBytes(t);
    out.writeBytes(data);
    out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
  }

  /** A lossless WebP's header (RIFF, VP8L, signature, 14-bit sizes) and filler: enough to read its size. */
  public static byte[] webpLossless(int width, int height) {
    ByteBuffer b = riff("VP8L", 5);
    b.put((byte) 0x2F).putInt((width - 1) | ((height - 1) << 14)); // alpha 0, version 0
    return b.array();
  }

  /** An extended WebP's header (VP8X with a 24-bit canvas size). */
  public static byte[] webpExtended(int width, int height) {
    ByteBuffer b = riff("VP8X", 10);
    b.put((byte) 0).put(new byte[3]).put(u24(width - 1)).put(u24(height - 1));
    return b.array();
  }

  /** A lossy WebP's header: a key frame's tag, start code and 14-bit sizes. */
  public static byte[] webpLossy(int width, int height) {
    ByteBuffer b = riff("VP8 ", 10);
    b.put(new byte[] {0x10, 0x02, 0x00}).put(new byte[] {(byte) 0x9D, 0x01, 0x2A})
        .putShort((short) width).putShort((short) height);
    return b.array();
  }

  private static ByteBuffer riff(String chunk, int chunkLength) {
    ByteBuffer b = ByteBuffer.allocate(20 + chunkLength).order(ByteOrder.LITTLE_ENDIAN);
    b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(12 + chunkLength)
        .put("WEBP".getBytes(StandardCharsets.US_ASCII)).put(chunk.getBytes(StandardCharsets.US_ASCII))
        .putInt(chunkLength);
    return b;
  }

  private static byte[] u24(int v) {
    return new byte[] {(byte) v, (byte) (v >>> 8), (byte) (v >>> 16)};
  }
}
