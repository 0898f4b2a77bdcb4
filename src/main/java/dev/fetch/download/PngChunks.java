package dev.fetch.download;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.zip.CRC32;

/**
 * A PNG's chunk structure: every chunk whole, its CRC right, and an IEND at the end. The JDK's PNG
 * reader checks none of this (it stops once it has its rows, and ignores CRCs), so a file cut
 * before its IEND, or with a damaged chunk, would decode without complaint.
 */
final class PngChunks {
  private static final int SIGNATURE_LENGTH = 8;
  private static final int COPY_BUFFER = 64 * 1024;

  private PngChunks() {}

  /** @return what is wrong with the file's chunks, or null when they are all sound */
  static String problem(Path file) throws IOException {
    try (InputStream raw = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS);
        DataInputStream in = new DataInputStream(new BufferedInputStream(raw, COPY_BUFFER))) {
      in.skipNBytes(SIGNATURE_LENGTH);
      byte[] buffer = new byte[COPY_BUFFER];
      CRC32 crc = new CRC32();
      while (true) {
        long length = Integer.toUnsignedLong(in.readInt());
        byte[] type = in.readNBytes(4);
        if (type.length < 4) {
          return "truncated: a chunk's header is cut off";
        }
        String name = new String(type, StandardCharsets.ISO_8859_1);
        if (length > Integer.MAX_VALUE) {
          return "bad length in PNG chunk " + printable(name);
        }
        crc.reset();
        crc.update(type);
        for (long left = length; left > 0; ) {
          int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
          if (n < 0) {
            return "truncated: PNG chunk " + printable(name) + " is cut off";
          }
          crc.update(buffer, 0, n);
          left -= n;
        }
        if ((int) crc.getValue() != in.readInt()) {
          return "bad CRC in PNG chunk " + printable(name);
        }
        if (name.equals("IEND")) {
          return null;
        }
      }
    } catch (EOFException e) {
      return "truncated: no IEND chunk";
    }
  }

  private static String printable(String name) {
    return name.chars().allMatch(c -> c >= 'A' && c <= 'z') ? name : "?";
  }
}
