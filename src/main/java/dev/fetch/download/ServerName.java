package dev.fetch.download;

import dev.fetch.download.TargetNamer.Target;
import dev.fetch.http.ContentDisposition;
import dev.fetch.http.ImageTypes;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.util.function.Predicate;

/**
 * --content-disposition with no NAME: the name a server gives in its response, claimed for the entry
 * when the response arrives, that is in finish order, and placed without replacing any file.
 */
final class ServerName {
  /** How often a server's name is tried again with the next suffix when other processes take it. */
  static final int MAX_NAME_TRIES = 20;

  /** What the server's name came to. */
  sealed interface Claim permits None, Claimed, Taken {}

  /** The server gave no usable name: the entry keeps its own. */
  record None() implements Claim {}

  /** The name (or a free numbered one) is the entry's now. */
  record Claimed(Target target) implements Claim {}

  /** A file is already there under that name: the entry is skipped. */
  record Taken(Path existing) implements Claim {}

  private ServerName() {}

  /** Claims the name {@code disposition} (a Content-Disposition header) gives, for an entry planned as {@code own}. */
  static Claim claim(RunContext ctx, Target own, String disposition, String contentType) {
    String name = FileNames.serverName(ContentDisposition.fileName(disposition));
    if (name == null) {
      return new None();
    }
    boolean needsExtension = FileNames.extension(name) == null;
    String ext = needsExtension ? ImageTypes.extensionFor(contentType) : null;
    if (ext != null) {
      name = name + "." + ext;
      needsExtension = false;
    }
    Path[] existing = new Path[1];
    Predicate<Target> onDisk = ctx.config().overwrite()
        ? t -> false
        : t -> (existing[0] = ExistingFile.find(ctx.outputDir(), t)) != null;
    Target claimed = ctx.namer().claimServerName(own, name, needsExtension, onDisk);
    return claimed == null ? new Taken(existing[0]) : new Claimed(claimed);
  }

  /**
   * Gives the complete .part a claimed server's name. Claimed in finish order, the name may have been
   * written since by another process (a shard, a second run): never replace a file, take the next
   * free suffix instead. Returns the file's final path.
   */
  static Path place(RunContext ctx, PartFile part, Path file) throws WriteFailure {
    for (int tries = 1; ; tries++) {
      try {
        part.moveToUnlessTaken(file);
        return file;
      } catch (FileAlreadyExistsException e) {
        if (tries == MAX_NAME_TRIES) {
          throw new WriteFailure("cannot save as " + file.getFileName() + ": the name and "
              + (MAX_NAME_TRIES - 1) + " numbered ones were taken meanwhile", e);
        }
        file = ctx.outputDir().resolve(ctx.namer().claimNextFree(file.getFileName().toString(),
            t -> ExistingFile.find(ctx.outputDir(), t) != null));
      } catch (IOException e) {
        throw new WriteFailure("cannot rename to " + file.getFileName() + ": " + FileErrors.reason(e), e);
      }
    }
  }
}
