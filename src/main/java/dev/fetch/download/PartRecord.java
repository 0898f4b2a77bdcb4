package dev.fetch.download;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.LinkOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * What a kept {@code .part} file belongs to: its URL and the version of the resource (a strong ETag or
 * Last-Modified) whose first bytes it holds. With {@code -c} the record is written as an extended
 * attribute of the {@code .part} itself ({@code user.fetch.resume} on Linux) before its first byte,
 * so it lives and dies with the file. A later run resumes a {@code .part} only when the record is
 * there and names the same URL, and then asks for the rest with {@code If-Range}: a {@code .part} of
 * another URL, of an older version, or of unknown origin is never joined to new bytes.
 *
 * <p>The URL is kept as a SHA-256 hash, so that credentials in it are not readable from the file's
 * attributes. On a file system without extended attributes no record can be kept, and a {@code .part}
 * is resumed only within the run that wrote it.
 */
record PartRecord(String urlHash, String validator) {
  static final String ATTRIBUTE = "fetch.resume";
  private static final String FORMAT = "fetch-resume-1";

  /** A record for a download of {@code url} whose version is {@code validator} (never null). */
  static PartRecord of(String url, String validator) {
    return new PartRecord(hash(url), validator);
  }

  boolean belongsTo(String url) {
    return urlHash.equals(hash(url));
  }

  /** Attaches this record to {@code part}; false when the file system keeps no such attributes. */
  boolean writeTo(Path part) {
    UserDefinedFileAttributeView view = view(part);
    if (view == null) {
      return false;
    }
    try {
      view.write(ATTRIBUTE, StandardCharsets.UTF_8.encode(FORMAT + "\n" + urlHash + "\n" + validator));
      return true;
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }

  /** The record attached to {@code part}, or null when there is none or it cannot be read or parsed. */
  static PartRecord readFrom(Path part) {
    UserDefinedFileAttributeView view = view(part);
    if (view == null) {
      return null;
    }
    try {
      int size = view.size(ATTRIBUTE);
      if (size <= 0 || size > 16 * 1024) {
        return null;
      }
      ByteBuffer buffer = ByteBuffer.allocate(size);
      view.read(ATTRIBUTE, buffer);
      buffer.flip();
      String[] lines = StandardCharsets.UTF_8.decode(buffer).toString().split("\n", -1);
      if (lines.length != 3 || !lines[0].equals(FORMAT) || lines[1].length() != 64 || lines[2].isBlank()) {
        return null;
      }
      return new PartRecord(lines[1], lines[2]);
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return null; // no such attribute, or none supported: no record
    }
  }

  private static UserDefinedFileAttributeView view(Path part) {
    if (!Files.isRegularFile(part, LinkOption.NOFOLLOW_LINKS)) {
      return null;
    }
    return Files.getFileAttributeView(part, UserDefinedFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
  }

  static String hash(String url) {
    return HexFormat.of().formatHex(SHA256.get().digest(url.getBytes(StandardCharsets.UTF_8)));
  }

  /** One digest per worker: every saved file with an ETag hashes its URL (digest() also resets it). */
  private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(Digests::sha256);
}
