package dev.fetch.download;

import dev.fetch.http.ImageTypes;
import dev.fetch.input.ListEntry;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

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
 * <p>The one exception is a name a server proposes (--content-disposition, {@link #claimServerName}):
 * it is known only when the response arrives, so it is claimed then, in finish order, against every
 * name planned or claimed so far.
 *
 * <p>Names are compared case-insensitively, so that a run means the same on macOS and Windows. Memory
 * is two fingerprints per entry (three with a server's name; see {@link FingerprintSet}), not the
 * names themselves.
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

  /**
   * Claims a name a server proposed once its response arrived (--content-disposition), for an entry
   * planned as {@code own}. Unlike {@link #plan}, this happens in finish order. The name itself when
   * it is the entry's own, or when no entry of the run has planned or claimed it and it is not
   * {@code onDisk}; the first free {@code name-1}, {@code name-2}, … when another entry of the run has
   * it. Null when only a file already on disk has it: the caller skips the entry (nothing is claimed).
   */
  public synchronized Target claimServerName(Target own, String name, boolean needsExtension,
      Predicate<Target> onDisk) {
    if (isOwn(own, name, needsExtension)) {
      return new Target(needsExtension ? own.name() : name, own.needsExtension() && needsExtension);
    }
    if (isFree(name, needsExtension)) {
      if (onDisk.test(new Target(name, needsExtension))) {
        return null;
      }
      tryClaim(name, needsExtension);
      return new Target(name, needsExtension);
    }
    return new Target(claimSuffixed(name, needsExtension, onDisk), needsExtension);
  }

  /**
   * After the name of a finished download was found taken on disk after all (another process wrote
   * it in the meantime): the next free {@code name-N}, claimed.
   */
  public synchronized String claimNextFree(String name, Predicate<Target> onDisk) {
    names.add(key(name));
    return claimSuffixed(name, false, onDisk);
  }

  /** Whether the entry's own planned target already stands for that name. */
  private static boolean isOwn(Target own, String name, boolean needsExtension) {
    String k = key(name);
    String mine = key(own.name());
    if (k.equals(mine)) {
      return true;
    }
    if (!own.needsExtension() || needsExtension) {
      return false;
    }
    String ext = FileNames.extension(k);
    return ext != null && isImageExtension(ext) && k.length() == mine.length() + ext.length() + 1
        && k.startsWith(mine);
  }

  /** The final name of a target planned without an extension, once the response tells it. */
  public static String withExtension(Target target, String extension) {
    return target.name() + "." + extension;
  }

  private String claim(String name, boolean stem) {
    if (tryClaim(name, stem)) {
      return name;
    }
    return claimSuffixed(name, stem, t -> false);
  }

  /** The first {@code name-N} free in the run and not {@code onDisk}; names found on disk are claimed too. */
  private String claimSuffixed(String name, boolean stem, Predicate<Target> onDisk) {
    String base = (stem ? "/" : "") + key(name);
    int n = nextSuffix.getOrDefault(base, 1);
    String candidate;
    int tries = 0;
    do {
      candidate = FileNames.withSuffix(name, n++);
      tries++;
    } while (!tryClaim(candidate, stem) || onDisk.test(new Target(candidate, stem)));
    if (tries > HINT_AFTER || nextSuffix.containsKey(base)) {
      nextSuffix.put(base, n);
    }
    return candidate;
  }

  private boolean tryClaim(String name, boolean stem) {
    return isFree(name, stem) && (stem ? stems : names).add(key(name));
  }

  private boolean isFree(String name, boolean stem) {
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
      return true;
    }
    String ext = FileNames.extension(k);
    if (ext != null && isImageExtension(ext) && stems.contains(k.substring(0, k.length() - ext.length() - 1))) {
      return false; // an earlier extension-less entry may become this name
    }
    return !names.contains(k);
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
