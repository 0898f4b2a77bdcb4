package dev.fetch.download;

import java.nio.charset.StandardCharsets;

/**
 * A set of 64-bit fingerprints of strings, in one open-addressing {@code long[]}: about 16 bytes a
 * member instead of the hundred or more a {@code HashSet<String>} costs, so that a run over a
 * million entries can remember which names and URLs it has seen in a few megabytes. Two different
 * strings share a fingerprint with a chance of about n²/2⁶⁵ (10⁻⁸ for a million entries).
 * Not thread-safe.
 */
final class FingerprintSet {
  private static final int INITIAL_CAPACITY = 1 << 10;
  private long[] slots = new long[INITIAL_CAPACITY];
  private int size;

  /** Adds the string; returns false if it (or its fingerprint) was already there. */
  boolean add(String s) {
    return addFingerprint(fingerprint(s));
  }

  boolean contains(String s) {
    long f = fingerprint(s);
    int mask = slots.length - 1;
    for (int i = spread(f) & mask; slots[i] != 0; i = (i + 1) & mask) {
      if (slots[i] == f) {
        return true;
      }
    }
    return false;
  }

  int size() {
    return size;
  }

  private boolean addFingerprint(long f) {
    if ((size + 1) * 4L > slots.length * 3L) {
      grow();
    }
    int mask = slots.length - 1;
    int i = spread(f) & mask;
    for (; slots[i] != 0; i = (i + 1) & mask) {
      if (slots[i] == f) {
        return false;
      }
    }
    slots[i] = f;
    size++;
    return true;
  }

  private void grow() {
    long[] old = slots;
    slots = new long[old.length * 2];
    int mask = slots.length - 1;
    for (long f : old) {
      if (f != 0) {
        int i = spread(f) & mask;
        while (slots[i] != 0) {
          i = (i + 1) & mask;
        }
        slots[i] = f;
      }
    }
  }

  private static int spread(long f) {
    return (int) (f ^ (f >>> 32));
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
