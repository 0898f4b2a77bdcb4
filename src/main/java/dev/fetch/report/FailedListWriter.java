package dev.fetch.report;

import dev.fetch.download.DownloadResult;
import dev.fetch.input.ListEntry;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;

/**
 * --failed FILE: every failed entry in list format ({@code URL [NAME] [sha256:HEX]}), as it fails, so that
 * {@code fetch -f FILE} retries exactly those. Lines that were not URLs go in as comments.
 *
 * <p>When FILE is also a list the run reads ({@code fetch -f failed.txt --failed failed.txt}, the
 * natural retry), the new list is written beside it and replaces it only when the run completes:
 * emptying it at the start would lose every entry not yet read. An interrupted run keeps the old list.
 */
public final class FailedListWriter implements Consumer<DownloadResult>, Closeable {
  private final Path file;
  private final Path staged;
  private final BufferedWriter out;
  private IOException writeError;
  private boolean abandoned;

  public FailedListWriter(Path file) throws IOException {
    this(file, List.of());
  }

  /** @param readFrom the lists the run reads (a FILE among them is replaced only at the end) */
  public FailedListWriter(Path file, Collection<Path> readFrom) throws IOException {
    this.file = file;
    this.staged = isOneOf(file, readFrom) ? file.resolveSibling("." + file.getFileName() + ".fetch-new") : null;
    Path target = staged != null ? staged : file;
    if (staged != null) {
      Files.deleteIfExists(staged);
    }
    // The URLs keep their credentials (they must, to be retried): a new file is readable by its owner only.
    if (!Files.exists(target) && target.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      Files.createFile(target, PosixFilePermissions.asFileAttribute(
          PosixFilePermissions.fromString("rw-------")));
    }
    this.out = Files.newBufferedWriter(target, StandardCharsets.UTF_8);
    out.write("# failed entries of a fetch run; retry with: fetch -f " + file.getFileName());
    out.newLine();
  }

  /** The first error writing the list, or null; after one, nothing more is written. */
  public synchronized IOException writeError() {
    return writeError;
  }

  @Override
  public synchronized void accept(DownloadResult r) {
    if (!r.failed() || writeError != null) {
      return;
    }
    ListEntry e = r.entry();
    try {
      if (!e.isValid()) {
        out.write("# " + r.error());
      } else {
        out.write("# " + r.origin() + ": " + r.error());
        out.newLine();
        out.write(e.url() + (e.name() == null ? "" : " " + e.name())
            + (e.sha256() == null ? "" : " sha256:" + e.sha256()));
      }
      out.newLine();
      out.flush();
    } catch (IOException ex) {
      // reported once, at the end of the run (a full disk must not cost a line per failed entry)
      writeError = ex;
    }
  }

  /** The run did not complete: a list that is also read keeps its old content (see the class comment). */
  public synchronized void abandon() {
    abandoned = true;
  }

  @Override
  public synchronized void close() throws IOException {
    if (writeError != null) {
      try {
        out.close();
      } catch (IOException alreadyReported) {
        // the same failure, already said once
      }
      return;
    }
    out.close();
    if (staged != null) {
      if (abandoned) {
        Files.deleteIfExists(staged);
      } else {
        Files.move(staged, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      }
    }
  }

  private static boolean isOneOf(Path file, Collection<Path> lists) {
    for (Path list : lists) {
      try {
        if (Files.isRegularFile(list) && Files.exists(file) && Files.isSameFile(file, list)) {
          return true;
        }
      } catch (IOException e) {
        // not comparable: not the same file
      }
    }
    return false;
  }
}
