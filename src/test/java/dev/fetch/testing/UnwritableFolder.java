package dev.fetch.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** A folder in which no file can be created, also for root (who ignores permission bits). */
public final class UnwritableFolder {
  private UnwritableFolder() {}

  /**
   * A read-only folder under {@code parent}; as root, /proc/self (no one may create files there).
   * Where neither works the test is skipped, or fails under CI=true.
   */
  public static Path under(Path parent) throws IOException {
    Path readOnly = Files.createDirectory(parent.resolve("read-only"));
    try {
      Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r-xr-xr-x"));
      if (!canCreateFileIn(readOnly)) {
        return readOnly;
      }
    } catch (UnsupportedOperationException e) {
      // not POSIX: try the other way
    }
    Path proc = Path.of("/proc/self");
    Prerequisites.require(Files.isDirectory(proc) && !canCreateFileIn(proc),
        "no folder that cannot be written to is available here");
    return proc;
  }

  private static boolean canCreateFileIn(Path dir) {
    try {
      Files.delete(Files.createTempFile(dir, "probe", ".tmp"));
      return true;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }
}
