package dev.fetch.download;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An image's width and height, read from its header without decoding it: PNG (IHDR), GIF (logical
 * screen), WebP (VP8, VP8L, VP8X), BMP, and JPEG (its SOF marker, found by stepping over the
 * segments before it by their lengths, so a large EXIF block costs a seek, not a read). Most
 * headers lie within the body's first bytes kept while it was written; only a JPEG whose SOF comes
 * later is read from the complete .part, a few bytes per segment, and nothing past its end is asked
 * of it (no open for a segment length that points beyond the file). Anything unexpected means
 * "unknown", never an error.
 */
final class ImageHeader {
  /** Segments a JPEG may have before its SOF; beyond that it is treated as unreadable. */
  static final int MAX_JPEG_SEGMENTS = 1024;

  /** Width and height in pixels, both positive. */
  record Size(int width, int height) {
    long pixels() {
      return (long) width * height;
    }
  }

  private final byte[] head;
  private final int headLength;
  private final Path file;
  private final long fileLength;
  private FileChannel channel;

  private ImageHeader(byte[] head, int headLength, Path file, long fileLength) {
    this.head = head == null ? new byte[0] : head;
    this.headLength = head == null ? 0 : headLength;
    this.file = file;
    this.fileLength = fileLength;
  }

  /**
   * @param fileLength the file's length in bytes; bytes beyond it are not looked for
   * @param head the file's first bytes as already known (may be null), {@code headLength} of them
   * @param kind the sniffed format ("jpg", "png", …); null or another format gives null
   * @return the size, or null when the header does not say it (or is not one we read)
   */
  static Size read(Path file, long fileLength, byte[] head, int headLength, String kind) {
    if (kind == null) {
      return null;
    }
    ImageHeader h = new ImageHeader(head, headLength, file, fileLength);
    try {
      Size size = switch (kind) {
        case "png" -> h.png();
        case "gif" -> h.gif();
        case "webp" -> h.webp();
        case "bmp" -> h.bmp();
        case "jpg" -> h.jpeg();
        default -> null;
      };
      return size != null && size.width() > 0 && size.height() > 0 ? size : null;
    } catch (IOException | RuntimeException e) {
      return null;
    } finally {
      h.close();
    }
  }

  private Size png() throws IOException {
    byte[] b = bytes(12, 12);
    if (b == null || b[0] != 'I' || b[1] != 'H' || b[2] != 'D' || b[3] != 'R') {
      return null;
    }
    return new Size(intBE(b, 4), intBE(b, 8));
  }

  private Size gif() throws IOException {
    byte[] b = bytes(6, 4);
    return b == null ? null : new Size(u16LE(b, 0), u16LE(b, 2));
  }

  private Size bmp() throws IOException {
    byte[] b = bytes(14, 12);
    if (b == null) {
      return null;
    }
    int dibSize = intLE(b, 0);
    if (dibSize == 12) { // BITMAPCOREHEADER: 16-bit sizes
      return new Size(u16LE(b, 4), u16LE(b, 6));
    }
    // BITMAPINFOHEADER and later: a negative height means rows run top-down
    return dibSize >= 40 ? new Size(intLE(b, 4), Math.abs(intLE(b, 8))) : null;
  }

  private Size webp() throws IOException {
    byte[] fourcc = bytes(12, 4);
    if (fourcc == null) {
      return null;
    }
    String chunk = new String(fourcc, java.nio.charset.StandardCharsets.ISO_8859_1);
    switch (chunk) {
      case "VP8 ": { // lossy: a key frame's tag, start code 9D 01 2A, then 14-bit width and height
        byte[] b = bytes(23, 7);
        if (b == null || (b[0] & 0xff) != 0x9d || (b[1] & 0xff) != 0x01 || (b[2] & 0xff) != 0x2a) {
          return null;
        }
        return new Size(u16LE(b, 3) & 0x3fff, u16LE(b, 5) & 0x3fff);
      }
      case "VP8L": { // lossless: signature 2F, then 14 bits width - 1, 14 bits height - 1
        byte[] b = bytes(20, 5);
        if (b == null || (b[0] & 0xff) != 0x2f) {
          return null;
        }
        int bits = intLE(b, 1);
        return new Size((bits & 0x3fff) + 1, ((bits >>> 14) & 0x3fff) + 1);
      }
      case "VP8X": { // extended: flags, 3 reserved bytes, 24-bit canvas width - 1 and height - 1
        byte[] b = bytes(24, 6);
        return b == null ? null : new Size(u24LE(b, 0) + 1, u24LE(b, 3) + 1);
      }
      default:
        return null;
    }
  }

  /** Steps from segment to segment by their lengths until a SOFn marker; null at SOS or anything odd. */
  private Size jpeg() throws IOException {
    long pos = 2;
    for (int segments = 0; segments < MAX_JPEG_SEGMENTS; segments++) {
      byte[] m = bytes(pos, 2);
      if (m == null || (m[0] & 0xff) != 0xff) {
        return null;
      }
      int marker = m[1] & 0xff;
      if (marker == 0xff) { // fill byte
        pos++;
        continue;
      }
      if (marker == 0x01 || marker >= 0xd0 && marker <= 0xd7) { // markers without a length
        pos += 2;
        continue;
      }
      if (marker == 0xda || marker == 0xd9) { // scan data or end: no SOF came first
        return null;
      }
      byte[] len = bytes(pos + 2, 2);
      if (len == null) {
        return null;
      }
      int length = ((len[0] & 0xff) << 8) | (len[1] & 0xff);
      if (length < 2) {
        return null;
      }
      if (marker >= 0xc0 && marker <= 0xcf && marker != 0xc4 && marker != 0xc8 && marker != 0xcc) {
        byte[] sof = bytes(pos + 5, 4); // after the length, the sample precision, then height, width
        return sof == null ? null : new Size(u16BE(sof, 2), u16BE(sof, 0));
      }
      pos += 2 + length;
    }
    return null;
  }

  /** {@code n} bytes at {@code pos}: from the head when they lie in it, else from the file; null past its end. */
  private byte[] bytes(long pos, int n) throws IOException {
    byte[] out = new byte[n];
    if (pos + n <= headLength) {
      System.arraycopy(head, (int) pos, out, 0, n);
      return out;
    }
    if (file == null || pos + n > fileLength) {
      return null;
    }
    if (channel == null) {
      channel = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
    }
    ByteBuffer buf = ByteBuffer.wrap(out);
    while (buf.hasRemaining()) {
      if (channel.read(buf, pos + buf.position()) < 0) {
        return null;
      }
    }
    return out;
  }

  private void close() {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // read-only: nothing was lost
      }
    }
  }

  private static int intBE(byte[] b, int i) {
    return ((b[i] & 0xff) << 24) | ((b[i + 1] & 0xff) << 16) | ((b[i + 2] & 0xff) << 8) | (b[i + 3] & 0xff);
  }

  private static int intLE(byte[] b, int i) {
    return (b[i] & 0xff) | ((b[i + 1] & 0xff) << 8) | ((b[i + 2] & 0xff) << 16) | ((b[i + 3] & 0xff) << 24);
  }

  private static int u16BE(byte[] b, int i) {
    return ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
  }

  private static int u16LE(byte[] b, int i) {
    return (b[i] & 0xff) | ((b[i + 1] & 0xff) << 8);
  }

  private static int u24LE(byte[] b, int i) {
    return (b[i] & 0xff) | ((b[i + 1] & 0xff) << 8) | ((b[i + 2] & 0xff) << 16);
  }
}
