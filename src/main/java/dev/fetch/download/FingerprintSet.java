package dev.fetch.download;

import java.nio.charset.StandardCharsets;

/**
 * A set of 64-bit fingerprints of strings, in one open-addressing {@code long[]}: about 12 bytes a
 * member instead of the hundred or more a {@code HashSet<String>} costs, so that a run over a
 * million entries can remember which names and URLs it has seen in a few megabytes. Two different
 * strings share a fingerprint with a chance of about n²/2⁶⁵ (10⁻⁸ for a million entries).
 * Not thread-safe.
 */
final class FingerprintSet {
  private static final int INITIAL_CAPACITY = 1 << 10;
  /**
   * Fuller and slower-growing than a HashMap (0.75, doubling): a million members take 12 MB, and a
   * resize needs 1.5 times the table, not 3, so that a million-line list still runs in a 64 MB heap.
   */
  private static final double MAX_LOAD = 0.8;
  private static final double GROWTH = 1.5;

  private long[] slots = new long[INITIAL_CAPACITY];
  private int size;

  /** Adds the string; returns false if it (or its fingerprint) was already there. */
  boolean add(String s) {
    return addFingerprint(fingerprint(s));
  }

  boolean contains(String s) {
    long f = fingerprint(s);
    long[] t = slots;
    for (int i = home(f, t.length); t[i] != 0; i = next(i, t.length)) {
      if (t[i] == f) {
        return true;
      }
    }
    return false;
  }

  int size() {
    return size;
  }

  private boolean addFingerprint(long f) {
    if (size + 1 > slots.length * MAX_LOAD) {
      grow();
    }
    long[] t = slots;
    int i = home(f, t.length);
    for (; t[i] != 0; i = next(i, t.length)) {
      if (t[i] == f) {
        return false;
      }
    }
    t[i] = f;
    size++;
    return true;
  }

  private void grow() {
    long[] old = slots;
    long[] t = new long[(int) Math.min(Integer.MAX_VALUE - 8, (long) (old.length * GROWTH))];
    for (long f : old) {
      if (f != 0) {
        int i = home(f, t.length);
        while (t[i] != 0) {
          i = next(i, t.length);
        }
        t[i] = f;
      }
    }
    slots = t;
  }

  /** The slot a fingerprint starts probing at: its high bits scaled to the table (any size works). */
  private static int home(long f, int length) {
    return (int) (((f >>> 32) * length) >>> 32);
  }

  private static int next(int i, int length) {
    return i + 1 == length ? 0 : i + 1;
  }

  /** FNV-1a over UTF-8 with a final avalanche (the finaliser of MurmurHash3); never 0. */
  static long fingerprint(String s) {
    long h = 0xcbf29ce484222325L;
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      h ^= (b & 0xff);
      h *= 0x100000001b3L;
    }
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h == 0 ? 1 : h;
  }
}
