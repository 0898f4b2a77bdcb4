package dev.fetch.download;

import dev.fetch.input.ListEntry;

/**
 * --shard K/N: which entries this process downloads. An entry belongs to shard
 * {@code 1 + fingerprint(url) mod N}: a stable 64-bit hash of the URL's text (the same on every
 * machine, JVM and run), so N processes given the same list download each URL exactly once.
 */
final class Shards {
  private final int index;
  private final int count;

  Shards(int index, int count) {
    this.index = index;
    this.count = count;
  }

  boolean isMine(ListEntry entry) {
    return count == 1 || shardOf(entry.url(), count) == index;
  }

  /** The 1-based shard of a URL among {@code count}. */
  static int shardOf(String url, int count) {
    return 1 + (int) Long.remainderUnsigned(FingerprintSet.fingerprint(url), count);
  }
}
