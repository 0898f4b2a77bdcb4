package dev.fetch.testing;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Deterministic image-shaped byte arrays: the right magic bytes up front (so that fetch's content
 * sniffing accepts them), then seeded pseudo-random filler. Same size and seed, same bytes.
 */
public final class TestImages {
  private TestImages() {}

  /** Size of the one-image bodies ({@link #jpeg()}, {@link #png()}). */
  public static final int SMALL = 64;

  /** A small JPEG, the same bytes every time: for tests that need just an image body. */
  public static byte[] jpeg() {
    return jpeg(SMALL, 1);
  }

  /** A small PNG, the same bytes every time. */
  public static byte[] png() {
    return png(SMALL, 1);
  }

  /** A small JPEG followed by {@code tag}'s bytes, so that each saved file can be traced to its source. */
  public static byte[] jpegTagged(String tag) {
    byte[] head = jpeg();
    byte[] t = tag.getBytes(StandardCharsets.UTF_8);
    byte[] b = Arrays.copyOf(head, head.length + t.length);
    System.arraycopy(t, 0, b, head.length, t.length);
    return b;
  }

  /** FF D8 FF E0 … FF D9: starts like a JFIF JPEG. */
  public static byte[] jpeg(int size, long seed) {
    return shaped(size, seed, new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0},
        new byte[] {(byte) 0xFF, (byte) 0xD9});
  }

  /** 89 50 4E 47 0D 0A 1A 0A …: starts like a PNG. */
  public static byte[] png(int size, long seed) {
    return shaped(size, seed,
        new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A}, new byte[0]);
  }

  /** GIF89a …. */
  public static byte[] gif(int size, long seed) {
    return shaped(size, seed, "GIF89a".getBytes(StandardCharsets.US_ASCII), new byte[0]);
  }

  /** RIFF, the little-endian length, WEBP …. */
  public static byte[] webp(int size, long seed) {
    byte[] head = new byte[12];
    System.arraycopy("RIFF".getBytes(StandardCharsets.US_ASCII), 0, head, 0, 4);
    int riffLength = Math.max(size, 12) - 8;
    head[4] = (byte) riffLength;
    head[5] = (byte) (riffLength >>> 8);
    head[6] = (byte) (riffLength >>> 16);
    head[7] = (byte) (riffLength >>> 24);
    System.arraycopy("WEBP".getBytes(StandardCharsets.US_ASCII), 0, head, 8, 4);
    return shaped(size, seed, head, new byte[0]);
  }

  private static byte[] shaped(int size, long seed, byte[] head, byte[] tail) {
    if (size < head.length + tail.length) {
      throw new IllegalArgumentException("an image of " + size + " bytes is too small");
    }
    byte[] b = new byte[size];
    new SplittableRandom(seed).nextBytes(b);
    System.arraycopy(head, 0, b, 0, head.length);
    System.arraycopy(tail, 0, b, size - tail.length, tail.length);
    return b;
  }
}
