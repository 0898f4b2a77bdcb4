package dev.fetch.download;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 of bodies and files. A body is hashed as it is written ({@link PartFile.Writer}), so a
 * download costs no second read; only a file already on disk (verified from the list's digest, or the
 * prefix of a resumed .part) is read for it.
 */
final class Digests {
  /** Hex digits shown of each digest in a mismatch message. */
  static final int SHORT = 12;
  private static final int READ_CHUNK = 256 * 1024;

  private Digests() {}

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("no SHA-256 in this JVM", e);
    }
  }

  static String hex(MessageDigest digest) {
    return HexFormat.of().formatHex(digest.digest());
  }

  /** Adds the first {@code length} bytes of {@code file} to {@code digest}. */
  static void addPrefix(MessageDigest digest, Path file, long length) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(READ_CHUNK, Math.max(length, 1)));
    try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
      long left = length;
      while (left > 0) {
        buffer.clear().limit((int) Math.min(buffer.capacity(), left));
        int n = in.read(buffer);
        if (n < 0) {
          throw new IOException(file.getFileName() + " is shorter than " + length + " bytes");
        }
        buffer.flip();
        digest.update(buffer);
        left -= n;
      }
    }
  }

  /** The SHA-256 of a whole file, in lower-case hex. */
  static String ofFile(Path file) throws IOException {
    MessageDigest digest = sha256();
    addPrefix(digest, file, Files.size(file));
    return hex(digest);
  }

  /** Why a body with digest {@code actual} fails where {@code expected} was asked for. */
  static String mismatch(String expected, String actual) {
    return "checksum mismatch: expected sha256:" + expected.substring(0, SHORT) + "..., got "
        + actual.substring(0, SHORT) + "...";
  }
}
