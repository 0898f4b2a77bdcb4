package dev.fetch.download;

import dev.fetch.input.ListEntry;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Assigns each entry its file name, in input order, so that names never depend on which download
 * finishes first: the first entry to ask for {@code a.jpg} gets it, the next ones {@code a-1.jpg},
 * {@code a-2.jpg}, … The same URL for the same file name again is a duplicate and gets no name.
 *
 * <p>Names are compared case-insensitively, so that a run means the same on macOS and Windows. Memory
 * is a fingerprint or two per entry (see {@link FingerprintSet}), not the names themselves.
 */
public final class TargetNamer {
  /** Suffix hints are kept only for names that collided more than this many times. */
  private static final int HINT_AFTER = 4;

  private final FingerprintSet claimedNames = new FingerprintSet();
  private final FingerprintSet seenEntries = new FingerprintSet();
  private final Map<String, Integer> nextSuffix = new HashMap<>();

  /** A planned file: its name, and whether the extension is still to come from the Content-Type. */
  public record Target(String name, boolean needsExtension) {}

  /** The entry's target, or null when the same URL for the same file name came earlier in the run. */
  public synchronized Target plan(ListEntry entry) {
    String name = FileNames.sanitize(FileNames.requestedName(entry.httpUrl(), entry.name()));
    // Keyed by the name asked for, so that "URL" and "URL NAME" with NAME its own name are one entry.
    if (!seenEntries.add(entry.url() + '\n' + name)) {
      return null;
    }
    return new Target(claim(name), FileNames.extension(name) == null);
  }

  /**
   * For an entry planned without an extension: claims {@code stem.ext}, or the first free
   * {@code stem-N.ext} if an entry of this run claimed that name already.
   */
  public synchronized String claimWithExtension(String stem, String extension) {
    return claim(stem + "." + extension);
  }

  private String claim(String name) {
    if (claimedNames.add(key(name))) {
      return name;
    }
    String base = key(name);
    int n = nextSuffix.getOrDefault(base, 1);
    String candidate;
    int tries = 0;
    do {
      candidate = FileNames.withSuffix(name, n++);
      tries++;
    } while (!claimedNames.add(key(candidate)));
    if (tries > HINT_AFTER || nextSuffix.containsKey(base)) {
      nextSuffix.put(base, n);
    }
    return candidate;
  }

  private static String key(String name) {
    return name.toLowerCase(Locale.ROOT);
  }
}
