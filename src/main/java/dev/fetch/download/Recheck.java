package dev.fetch.download;

import dev.fetch.FetchConfig;
import dev.fetch.input.ListEntry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * What becomes of an entry whose file is there already. Without --refresh and without a digest in
 * the list it is skipped with no request, as always. A digest in the list is checked against the file
 * on disk, with no request: a match skips it ({@code verified}), anything else downloads it again to
 * replace the file. With --refresh the file is re-checked with a conditional GET
 * ({@link ConditionalRequest}). A link under the name is never read nor replaced: it is skipped.
 */
final class Recheck {
  /** What to do. */
  sealed interface Decision permits Skip, Plan, Fetch {}

  /** Nothing to download: {@code reason} is {@code exists} or {@code verified} (then with its digest). */
  record Skip(String reason, String sha256) implements Decision {}

  /** --dry-run: the file would be checked again. */
  record Plan() implements Decision {}

  /** Download, to replace the file; with the conditions when there are some. */
  record Fetch(ConditionalRequest conditions) implements Decision {}

  static final String EXISTS = "exists";
  static final String VERIFIED = "verified";

  private Recheck() {}

  static Decision decide(FetchConfig config, ListEntry entry, Path existing) {
    if ((entry.sha256() == null && !config.refresh()) || !Files.isRegularFile(existing, LinkOption.NOFOLLOW_LINKS)) {
      return new Skip(EXISTS, null);
    }
    if (config.dryRun()) {
      return new Plan(); // reads nothing, not even the file's digest
    }
    if (entry.sha256() != null) {
      String actual = digestOrNull(existing);
      return entry.sha256().equals(actual) ? new Skip(VERIFIED, actual)
          : new Fetch(ConditionalRequest.unconditional(existing));
    }
    return new Fetch(ConditionalRequest.of(existing, entry.url()));
  }

  /** Whether two files hold the same bytes (false when either cannot be read). */
  static boolean sameBytes(Path a, Path b) {
    try {
      return Files.size(a) == Files.size(b) && Files.mismatch(a, b) == -1;
    } catch (IOException e) {
      return false;
    }
  }

  private static String digestOrNull(Path file) {
    try {
      return Digests.ofFile(file);
    } catch (IOException e) {
      return null; // unreadable: downloaded again, which replaces it
    }
  }
}
