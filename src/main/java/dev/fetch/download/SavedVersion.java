package dev.fetch.download;

import dev.fetch.Diagnostics;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.time.Instant;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which version of its URL a saved file holds, for {@code --refresh}: the server's Last-Modified
 * becomes the file's modification time (as wget does), and its ETag is kept in a record beside the
 * file's URL hash, size and modification time. The record is an extended attribute of the file
 * ({@code user.fetch.etag} on Linux), written on the {@code .part} before its rename so that it
 * arrives with the file; where the file system has no extended attributes it is a hidden sidecar
 * {@code .NAME.fetch-etag} in the output folder, written to a temporary name and renamed. Sanitized
 * names never start with a dot, so no download can be named like a sidecar or its temporary file.
 *
 * <p>A record is trusted only while URL hash, size and modification time all match the file: a file
 * replaced or edited by anything else, or a sidecar left behind by an older file, is not taken for
 * this version (then only If-Modified-Since is sent).
 */
record SavedVersion(String urlHash, long size, long mtimeMillis, String etag) {
  /** The logger, created on first use only (see {@link Diagnostics}). */
  private static final class Log {
    static final Logger LOG = LoggerFactory.getLogger(SavedVersion.class);
  }

  static final String ATTRIBUTE = "fetch.etag";
  static final String SIDECAR_SUFFIX = ".fetch-etag";
  private static final String FORMAT = "fetch-etag-1";
  private static final int MAX_RECORD = 16 * 1024;
  private static final int MAX_ETAG = 1024;

  /**
   * For a complete {@code part} of {@code url}: sets its modification time to the response's
   * Last-Modified, and, when the response has an ETag, attaches the record. Returns the record still
   * to write as a sidecar once the file has its final name ({@link #keepBeside}), else null.
   */
  static SavedVersion stamp(Path part, long size, String url, Response response) {
    try {
      Instant lastModified = HttpDate.parse(response.headers(), "Last-Modified");
      if (lastModified != null) {
        // access time too, as curl -R and wget do: setting both spares the stat that keeping one needs
        FileTime time = FileTime.from(lastModified);
        Files.getFileAttributeView(part, BasicFileAttributeView.class).setTimes(time, time, null);
      }
      String etag = response.header("ETag");
      if (etag == null || etag.isBlank() || etag.length() > MAX_ETAG) {
        return null;
      }
      String urlHash = PartRecord.hash(url);
      if (lastModified != null
          && new SavedVersion(urlHash, size, lastModified.toEpochMilli(), etag.strip()).attachTo(part)) {
        // no stat needed: file systems with extended attributes keep whole seconds exactly
        return null;
      }
      BasicFileAttributes now = Files.readAttributes(part, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      SavedVersion record = new SavedVersion(urlHash, now.size(), now.lastModifiedTime().toMillis(), etag.strip());
      return lastModified == null && record.attachTo(part) ? null : record;
    } catch (IOException e) {
      return null; // the file is complete all the same; the next --refresh just knows less about it
    }
  }

  /**
   * Writes the record as the sidecar of {@code file}: all of it or nothing (a temporary name, then a
   * rename). Best effort: without it the next --refresh sends only If-Modified-Since.
   */
  void keepBeside(Path file) {
    Path temp = null;
    try {
      temp = Files.createTempFile(file.toAbsolutePath().getParent(), "." + file.getFileName(), ".tmp");
      Files.write(temp, text().getBytes(StandardCharsets.UTF_8));
      try {
        Files.move(temp, sidecarOf(file), StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, sidecarOf(file), StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException | RuntimeException e) {
      if (Diagnostics.debug()) {
        Log.LOG.debug("cannot keep the ETag of {}: {}", file.getFileName(), e.toString());
      }
    } finally {
      if (temp != null) {
        try {
          Files.deleteIfExists(temp);
        } catch (IOException ignored) {
          // a leftover hidden .tmp is harmless: never read, never taken for a download
        }
      }
    }
  }

  /** The ETag saved for {@code file} of {@code url}, when a record proves it belongs to the file as it is now. */
  static String etagOf(Path file, String url) {
    try {
      BasicFileAttributes now = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      if (!now.isRegularFile()) {
        return null;
      }
      SavedVersion record = parse(readAttribute(file));
      if (record == null) {
        record = parse(readSidecar(file));
      }
      boolean matches = record != null && record.urlHash.equals(PartRecord.hash(url)) && record.size == now.size()
          && record.mtimeMillis == now.lastModifiedTime().toMillis();
      return matches ? record.etag : null;
    } catch (IOException | RuntimeException e) {
      return null; // unreadable: no record
    }
  }

  /** The modification time of {@code file} (the server's Last-Modified when fetch saved it), or null. */
  static Instant mtimeOf(Path file) {
    try {
      return Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS).toInstant();
    } catch (IOException e) {
      return null;
    }
  }

  static Path sidecarOf(Path file) {
    return file.resolveSibling("." + file.getFileName() + SIDECAR_SUFFIX);
  }

  /** Attaches the record to {@code file} as an extended attribute; false where there are none. */
  boolean attachTo(Path file) {
    UserDefinedFileAttributeView view =
        Files.getFileAttributeView(file, UserDefinedFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
    if (view == null) {
      return false;
    }
    try {
      view.write(ATTRIBUTE, StandardCharsets.UTF_8.encode(text()));
      return true;
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }

  private String text() {
    return FORMAT + "\n" + urlHash + "\n" + size + "\n" + mtimeMillis + "\n" + etag;
  }

  private static String readAttribute(Path file) {
    UserDefinedFileAttributeView view =
        Files.getFileAttributeView(file, UserDefinedFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
    if (view == null) {
      return null;
    }
    try {
      int size = view.size(ATTRIBUTE);
      if (size <= 0 || size > MAX_RECORD) {
        return null;
      }
      ByteBuffer buffer = ByteBuffer.allocate(size);
      view.read(ATTRIBUTE, buffer);
      buffer.flip();
      return StandardCharsets.UTF_8.decode(buffer).toString();
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return null;
    }
  }

  private static String readSidecar(Path file) throws IOException {
    Path sidecar = sidecarOf(file);
    if (!Files.isRegularFile(sidecar, LinkOption.NOFOLLOW_LINKS) || Files.size(sidecar) > MAX_RECORD) {
      return null;
    }
    return Files.readString(sidecar, StandardCharsets.UTF_8);
  }

  private static SavedVersion parse(String text) {
    if (text == null) {
      return null;
    }
    String[] lines = text.split("\n", -1);
    if (lines.length != 5 || !lines[0].equals(FORMAT) || lines[1].length() != 64 || lines[4].isBlank()) {
      return null;
    }
    try {
      return new SavedVersion(lines[1], Long.parseLong(lines[2]), Long.parseLong(lines[3]), lines[4]);
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
