package dev.fetch.download;

import dev.fetch.Diagnostics;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A download's {@code NAME.part} file, and how many of its bytes count: those that reached the disk
 * (a resume asks for the rest from there). Written only through {@link Writer}, never through a link
 * planted under its name, and given its final name only when complete.
 */
final class PartFile {
  /** The logger, created on first use only (see {@link Diagnostics}). */
  private static final class Log {
    static final Logger LOG = LoggerFactory.getLogger(PartFile.class);
  }
  /** Bodies are gathered into one direct buffer per worker and written in pieces of this size. */
  static final int WRITE_CHUNK = 256 * 1024;
  /**
   * A fresh file's first bytes are kept, up to this many, for reading its image header without
   * opening the file again (a JPEG's size often lies past an EXIF or ICC block).
   */
  static final int HEAD_KEPT = 64 * 1024;
  private static final ThreadLocal<ByteBuffer> WRITE_BUFFER =
      ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(WRITE_CHUNK));

  private final Path path;
  private long length;
  private long written;

  PartFile(Path path) {
    this.path = path;
  }

  Path path() {
    return path;
  }

  /** Bytes of the file that a resume may continue from (0 once removed or started over). */
  long length() {
    return length;
  }

  /** Bytes written to the disk by this run, over all attempts. */
  long written() {
    return written;
  }

  /** A kept file (not a link) of {@code size} bytes is taken over: they count. */
  void adopt(long size) {
    length = size;
  }

  /** The bytes there no longer count: the next attempt writes the file afresh. */
  void startOver() {
    length = 0;
  }

  /** Whether a regular file (not a link) is there. */
  boolean isRegularFile() {
    return Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS);
  }

  /** Its size on disk, 0 when unreadable. */
  long sizeOnDisk() {
    try {
      return Files.size(path);
    } catch (IOException e) {
      return 0;
    }
  }

  /** {@link #open(boolean, MessageDigest)} without a digest. */
  Writer open(boolean append) throws WriteFailure {
    return open(append, null);
  }

  /**
   * Opens the file to append to what counts, or creates it afresh: exclusively, so never through a
   * link planted under its name; a leftover (a link, or a .part of an earlier run) is removed first.
   * Every byte written goes through {@code digest} too, when there is one; when appending, the bytes
   * that count are read into it first (the one read a resumed download's checksum costs).
   */
  Writer open(boolean append, MessageDigest digest) throws WriteFailure {
    try {
      if (append) {
        if (digest != null) {
          Digests.addPrefix(digest, path, length);
        }
        return new Writer(FileChannel.open(path, StandardOpenOption.WRITE, StandardOpenOption.APPEND,
            LinkOption.NOFOLLOW_LINKS), digest, false);
      }
      try {
        return new Writer(FileChannel.open(path, StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW), digest, true);
      } catch (FileAlreadyExistsException leftover) {
        Files.delete(path);
        return new Writer(FileChannel.open(path, StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW), digest, true);
      }
    } catch (IOException e) {
      throw new WriteFailure("cannot write " + path.getFileName() + ": " + FileErrors.reason(e), e);
    }
  }

  /** Gives the complete file its final name, replacing whatever has it. */
  void moveTo(Path file) throws WriteFailure {
    try {
      try {
        Files.move(path, file, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(path, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new WriteFailure("cannot rename to " + file.getFileName() + ": " + FileErrors.reason(e), e);
    }
  }

  /**
   * Gives the complete file its final name unless that name exists (then FileAlreadyExistsException).
   * A hard link makes the name appear complete or not at all, and fails if it exists; where hard
   * links are not supported, a rename without replacing does the same but for the gap between its
   * check and its move.
   */
  void moveToUnlessTaken(Path file) throws IOException {
    try {
      Files.createLink(file, path);
    } catch (FileAlreadyExistsException e) {
      throw e;
    } catch (UnsupportedOperationException | IOException noHardLinks) {
      Files.move(path, file); // without REPLACE_EXISTING: refuses a name that exists
      return;
    }
    remove();
  }

  /** Removes the file if it is there; its bytes no longer count. */
  void remove() {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      if (Diagnostics.debug()) {
        Log.LOG.debug("could not remove {}: {}", path, e.toString());
      }
    }
    length = 0;
  }

  /**
   * Writes a body through the worker's direct buffer, one write per {@link #WRITE_CHUNK}. Only bytes
   * on their way to the disk count, so a read error first writes what arrived before it.
   */
  final class Writer implements Closeable {
    private final FileChannel out;
    private final MessageDigest digest;
    private final ByteBuffer buffer = WRITE_BUFFER.get();
    private final boolean fresh;
    private byte[] head;

    /** @param fresh whether the file was created empty by this writer (its first bytes are then kept) */
    private Writer(FileChannel out, MessageDigest digest, boolean fresh) {
      this.out = out;
      this.digest = digest;
      this.fresh = fresh;
      buffer.clear();
    }

    /** Reads from {@code source} into the buffer, writing it out when full; -1 at the end. */
    int read(ReadableByteChannel source) throws IOException {
      int n;
      try {
        n = source.read(buffer);
      } catch (IOException e) {
        // keep what arrived before the break: a retry (or, with -c, the next run) resumes from there
        flush();
        throw e;
      }
      return n;
    }

    /** Writes out the buffer if it is full. */
    void flushIfFull() throws WriteFailure {
      if (!buffer.hasRemaining()) {
        flush();
      }
    }

    /** What counts plus what waits in the buffer. */
    long total() {
      return length + buffer.position();
    }

    /** The file's first bytes (up to {@link #HEAD_KEPT}) as written by this writer from its start, else null. */
    byte[] head() {
      return head;
    }

    /** Writes what the buffer holds. */
    void flush() throws WriteFailure {
      buffer.flip();
      int n = buffer.remaining();
      if (fresh && head == null && n > 0) {
        head = new byte[Math.min(n, HEAD_KEPT)];
        buffer.duplicate().get(head);
      }
      if (digest != null) {
        digest.update(buffer.duplicate());
      }
      try {
        while (buffer.hasRemaining()) {
          out.write(buffer);
        }
      } catch (IOException e) {
        throw new WriteFailure("write failed: " + FileErrors.reason(e), e);
      } finally {
        buffer.clear();
      }
      length += n;
      written += n;
    }

    /** On the disk before it gets its final name: a power cut leaves only .part files partial. */
    void force() throws WriteFailure {
      try {
        out.force(false);
      } catch (IOException e) {
        throw new WriteFailure("write failed: " + FileErrors.reason(e), e);
      }
    }

    @Override
    public void close() throws IOException {
      out.close();
    }
  }
}
