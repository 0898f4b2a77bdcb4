package dev.fetch.report;

import dev.fetch.download.DownloadResult;
import dev.fetch.input.ListEntry;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.function.Consumer;

/**
 * --failed FILE: every failed entry in list format ({@code URL [NAME]}), as it fails, so that
 * {@code fetch -f FILE} retries exactly those. Lines that were not URLs go in as comments.
 */
public final class FailedListWriter implements Consumer<DownloadResult>, Closeable {
  private final BufferedWriter out;
  private IOException writeError;

  public FailedListWriter(Path file) throws IOException {
    // The URLs keep their credentials (they must, to be retried): a new file is readable by its owner only.
    if (!Files.exists(file) && file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      Files.createFile(file, PosixFilePermissions.asFileAttribute(
          PosixFilePermissions.fromString("rw-------")));
    }
    this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
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
        out.write(e.url() + (e.name() == null ? "" : " " + e.name()));
      }
      out.newLine();
      out.flush();
    } catch (IOException ex) {
      // reported once, at the end of the run (a full disk must not cost a line per failed entry)
      writeError = ex;
    }
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
  }
}
