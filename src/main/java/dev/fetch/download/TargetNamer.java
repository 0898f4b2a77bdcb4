package dev.fetch.download;

import dev.fetch.http.ImageTypes;
import dev.fetch.input.ListEntry;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Assigns each entry its file name, in input order, so that names never depend on which download
 * finishes first: the first entry to ask for {@code a.jpg} gets it, the next ones {@code a-1.jpg},
 * {@code a-2.jpg}, … The same URL for the same file name again is a duplicate and gets no name.
 *
 * <p>A name without an extension gets one from the response ({@code a} becomes {@code a.jpg} or
 * {@code a.png} …), so it stands for all of {@code a.<image extension>} at once: it is planned only
 * when none of those is taken, and a later {@code a.jpg} yields to it. So the final names are decided
 * here, by input order alone — the same in every run and in every shard.
 *
 * <p>Names are compared case-insensitively, so that a run means the same on macOS and Windows. Memory
 * is two fingerprints per entry (see {@link FingerprintSet}), not the names themselves.
 */
public final class TargetNamer {
  /** Suffix hints are kept only for names that collided more than this many times. */
  private static final int HINT_AFTER = 4;

  /** Names with an extension, as planned. */
  private final FingerprintSet names = new FingerprintSet();
  /** Names planned without an extension: each reserves itself and itself.{every image extension}. */
  private final FingerprintSet stems = new FingerprintSet();
  private final FingerprintSet seenEntries = new FingerprintSet();
  private final Map<String, Integer> nextSuffix = new HashMap<>();

  /**
   * A planned file: its name, and whether the extension is still to come from the response (then
   * {@link #withExtension} gives the final name, which no other entry can have).
   */
  public record Target(String name, boolean needsExtension) {}

  /** The entry's target, or null when the same URL for the same file name came earlier in the run. */
  public synchronized Target plan(ListEntry entry) {
    String name = FileNames.sanitize(FileNames.requestedName(entry.httpUrl(), entry.name()));
    // Keyed by the name asked for, so that "URL" and "URL NAME" with NAME its own name are one entry.
    if (!seenEntries.add(entry.url() + '\n' + name)) {
      return null;
    }
    boolean needsExtension = FileNames.extension(name) == null;
    return new Target(claim(name, needsExtension), needsExtension);
  }

  /** The final name of a target planned without an extension, once the response tells it. */
  public static String withExtension(Target target, String extension) {
    return target.name() + "." + extension;
  }

  private String claim(String name, boolean stem) {
    if (tryClaim(name, stem)) {
      return name;
    }
    String base = (stem ? "/" : "") + key(name);
    int n = nextSuffix.getOrDefault(base, 1);
    String candidate;
    int tries = 0;
    do {
      candidate = FileNames.withSuffix(name, n++);
      tries++;
    } while (!tryClaim(candidate, stem));
    if (tries > HINT_AFTER || nextSuffix.containsKey(base)) {
      nextSuffix.put(base, n);
    }
    return candidate;
  }

  private boolean tryClaim(String name, boolean stem) {
    String k = key(name);
    if (stem) {
      if (stems.contains(k) || names.contains(k)) {
        return false;
      }
      for (String ext : ImageTypes.EXTENSIONS) {
        if (names.contains(k + "." + ext)) {
          return false;
        }
      }
      return stems.add(k);
    }
    String ext = FileNames.extension(k);
    if (ext != null && isImageExtension(ext) && stems.contains(k.substring(0, k.length() - ext.length() - 1))) {
      return false; // an earlier extension-less entry may become this name
    }
    return names.add(k);
  }

  private static boolean isImageExtension(String ext) {
    for (String e : ImageTypes.EXTENSIONS) {
      if (e.equals(ext)) {
        return true;
      }
    }
    return false;
  }

  private static String key(String name) {
    return name.toLowerCase(Locale.ROOT);
  }
}
