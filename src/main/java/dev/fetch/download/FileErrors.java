package dev.fetch.download;

import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

/** Short, user-facing reasons for file-system errors ("No space left on device", "permission denied"). */
public final class FileErrors {
  private FileErrors() {}

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
