package dev.fetch.download;

import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

/** Short, user-facing reasons for file-system errors ("No space left on device", "permission denied"). */
public final class FileErrors {
  private FileErrors() {}

  /** Whether an error means the disk (or the user's quota) is full, so that no further write can succeed. */
  public static boolean isDiskFull(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String m = t instanceof FileSystemException fse && fse.getReason() != null ? fse.getReason() : t.getMessage();
      if (m != null && (m.contains("No space left on device") || m.contains("Disk quota exceeded")
          || m.contains("not enough space on the disk"))) {
        return true;
      }
    }
    return false;
  }

  /** The reason, without the path the exception's message usually repeats. */
  public static String reason(Exception e) {
    if (e instanceof FileSystemException fse) {
      if (fse.getReason() != null) {
        return fse.getReason();
      }
      if (e instanceof AccessDeniedException) {
        return "permission denied";
      }
      if (e instanceof FileAlreadyExistsException) {
        return "a file of that name is in the way";
      }
      if (e instanceof NoSuchFileException) {
        return "no such file or directory";
      }
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
