package dev.fetch.download;

import dev.fetch.http.ImageTypes;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/** The file already there that makes a download needless. Links count as existing and are never followed. */
final class ExistingFile {
  private ExistingFile() {}

  /** The file under that target's name (or, for a name still without extension, any image one), or null. */
  static Path find(Path dir, TargetNamer.Target t) {
    Path plain = dir.resolve(t.name());
    if (present(plain)) {
      return plain;
    }
    if (t.needsExtension()) {
      for (String ext : ImageTypes.EXTENSIONS) {
        Path p = dir.resolve(t.name() + "." + ext);
        if (present(p)) {
          return p;
        }
      }
    }
    return null;
  }

  /**
   * Whether something is there under that name. {@code java.io.File.exists} answers with one stat and
   * no exception; NIO's {@code Files.exists} builds a NoSuchFileException inside for every missing
   * name, which cost about 8 % of the CPU of a run of 1 KB files. A dangling link counts as absent:
   * the download then replaces the link itself (rename does not follow it) and writes nothing where
   * it points.
   */
  private static boolean present(Path p) {
    if (p.getFileSystem() != FileSystems.getDefault()) {
      return Files.exists(p, LinkOption.NOFOLLOW_LINKS);  // a library caller's own file system
    }
    return p.toFile().exists();
  }
}
