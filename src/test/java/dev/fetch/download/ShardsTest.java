package dev.fetch.download;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fetch.input.ListEntry;
import org.junit.jupiter.api.Test;

/** The shard of a URL: stable everywhere (a fixed hash of its text), 1..N, and roughly even. */
class ShardsTest {
  @Test
  void shardOfIsAFixedFunctionOfTheUrlText() {
    // Golden values, computed independently (FNV-1a 64 over UTF-8, then the MurmurHash3 finaliser):
    // shards of one list must agree across machines, JVMs and fetch versions.
    assertEquals(0xe9c770d92e6fa318L, FingerprintSet.fingerprint("http://example.com/a.jpg"));
    assertEquals(1, Shards.shardOf("http://example.com/a.jpg", 4));
    assertEquals(4, Shards.shardOf("http://example.com/a.jpg", 7));
    assertEquals(961, Shards.shardOf("http://example.com/a.jpg", 1000));
    assertEquals(2, Shards.shardOf("https://img.example.org/x/y.png?size=2", 4));
    assertEquals(1, Shards.shardOf("https://img.example.org/x/y.png?size=2", 7));
    assertEquals(2, Shards.shardOf("http://127.0.0.1:8080/b.jpg", 7));
    assertEquals(97, Shards.shardOf("http://127.0.0.1:8080/b.jpg", 1000));
  }

  @Test
  void everyUrlIsInExactlyOneShardAndShardsAreRoughlyEven() {
    int n = 4;
    int[] sizes = new int[n + 1];
    for (int i = 0; i < 4000; i++) {
      ListEntry e = ListEntry.of(i + 1, "line " + i, "http://h.example/img/" + i + ".jpg", null);
      int owners = 0;
      for (int k = 1; k <= n; k++) {
        if (new Shards(k, n).isMine(e)) {
          owners++;
          sizes[k]++;
        }
      }
      assertEquals(1, owners, e.url());
    }
    for (int k = 1; k <= n; k++) {
      assertTrue(sizes[k] > 800 && sizes[k] < 1200, "shard " + k + " has " + sizes[k] + " of 4000");
    }
  }

  @Test
  void oneShardTakesEverything() {
    ListEntry e = ListEntry.of(1, "line 1", "http://h.example/a.jpg", null);
    assertTrue(new Shards(1, 1).isMine(e));
  }

  @Test
  void shardDependsOnTheUrlOnlyNotTheName() {
    String url = "http://h.example/a.jpg";
    int k = Shards.shardOf(url, 8);
    assertTrue(new Shards(k, 8).isMine(ListEntry.of(1, "line 1", url, "one.jpg")));
    assertTrue(new Shards(k, 8).isMine(ListEntry.of(2, "line 2", url, null)));
    assertFalse(new Shards(k % 8 + 1, 8).isMine(ListEntry.of(3, "line 3", url, null)));
  }
}
