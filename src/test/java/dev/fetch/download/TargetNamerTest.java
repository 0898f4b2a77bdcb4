package dev.fetch.download;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fetch.input.ListEntry;
import java.time.Duration;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TargetNamerTest {
  private final TargetNamer namer = new TargetNamer();
  private long ordinal;

  private TargetNamer.Target plan(String url, String name) {
    ordinal++;
    return namer.plan(ListEntry.of(ordinal, "line " + ordinal, url, name));
  }

  private String name(String url, String name) {
    TargetNamer.Target t = plan(url, name);
    assertNotNull(t, url + " was taken for a duplicate");
    return t.name();
  }

  @Test
  void firstEntryGetsThePlainNameLaterOnesAreNumberedInInputOrder() {
    assertEquals("photo.jpg", name("http://a.example/photo.jpg", null));
    assertEquals("photo-1.jpg", name("http://b.example/photo.jpg", null));
    assertEquals("photo-2.jpg", name("http://c.example/x/photo.jpg", null));
    assertEquals("photo-3.jpg", name("http://d.example/other.jpg", "photo.jpg"));
  }

  @Test
  void namesCollideCaseInsensitively() {
    assertEquals("Photo.JPG", name("http://a.example/Photo.JPG", null));
    assertEquals("photo-1.jpg", name("http://b.example/photo.jpg", null));
    assertEquals("PHOTO-2.JPG", name("http://c.example/PHOTO.JPG", null));
  }

  @Test
  void numberingSkipsNamesThatOtherEntriesAskedForExplicitly() {
    assertEquals("a-1.jpg", name("http://h/x", "a-1.jpg"));
    assertEquals("a.jpg", name("http://h/a.jpg", null));
    assertEquals("a-2.jpg", name("http://h2/a.jpg", null), "a-1.jpg belongs to the first entry");
    // and a later explicit request for a taken numbered name is itself numbered
    assertEquals("a-2-1.jpg", name("http://h3/y", "a-2.jpg"));
  }

  @Test
  void namesWithoutExtensionAreNumberedAtTheEnd() {
    assertEquals("image", name("http://a.example/image", null));
    assertEquals("image-1", name("http://b.example/image", null));
  }

  @Test
  void sameUrlAndSameNameAgainIsADuplicateWithNoTarget() {
    assertNotNull(plan("http://h/a.jpg", null));
    assertNull(plan("http://h/a.jpg", null), "same URL, no NAME again");
    assertNotNull(plan("http://h/b.jpg", "b.jpg"));
    assertNull(plan("http://h/b.jpg", "b.jpg"), "same URL, same NAME again");
  }

  @Test
  void sameUrlWithTheNameItWouldGetAnywayIsADuplicate() {
    // "URL" and "URL a.jpg" ask for the same file from the same URL
    assertEquals("a.jpg", name("http://h/a.jpg", null));
    assertNull(plan("http://h/a.jpg", "a.jpg"));
    // and so do NAME columns that sanitize to the same name
    assertEquals("b.jpg", name("http://h/b", ".b.jpg"));
    assertNull(plan("http://h/b", "b.jpg"));
  }

  @Test
  void sameUrlWithADifferentNameIsNotADuplicate() {
    assertEquals("one.jpg", name("http://h/a.jpg", "one.jpg"));
    assertEquals("two.jpg", name("http://h/a.jpg", "two.jpg"));
  }

  @Test
  void duplicatesDoNotUseUpNumbers() {
    assertEquals("a.jpg", name("http://h/a.jpg", null));
    assertNull(plan("http://h/a.jpg", null));
    assertNull(plan("http://h/a.jpg", null));
    assertEquals("a-1.jpg", name("http://other/a.jpg", null));
  }

  @Test
  void extensionlessTargetsAreMarkedAndClaimTheirExtensionLater() {
    TargetNamer.Target t = plan("http://h/img/cat", null);
    assertEquals("cat", t.name());
    assertTrue(t.needsExtension());
    assertFalse(plan("http://h/dog.png", null).needsExtension());
    assertEquals("cat.png", TargetNamer.withExtension(t, "png"));
  }

  @Test
  void extensionlessNameYieldsToAnImageNameTakenEarlier() {
    assertEquals("cat.png", name("http://h/a/cat.png", null));
    TargetNamer.Target t = plan("http://h/b/cat", null);
    assertEquals("cat-1", t.name());
    assertEquals("cat-1.png", TargetNamer.withExtension(t, "png"));
  }

  @Test
  void imageNameYieldsToAnExtensionlessNameTakenEarlier() {
    TargetNamer.Target t = plan("http://h/b/cat", null);
    assertEquals("cat", t.name());
    assertEquals("cat-1.jpg", name("http://h/a/cat.jpg", null));
    assertEquals("cat.txt", name("http://h/a/cat.txt", null));
    assertEquals("cat.jpg", TargetNamer.withExtension(t, "jpg"));
  }

  @Test
  void twoExtensionlessEntriesWithTheSameStemGetDistinctFinalNamesWhateverTheFinishOrder() {
    TargetNamer.Target first = plan("http://h/a/pic", null);
    TargetNamer.Target second = plan("http://h/b/pic", null);
    // second finishes first: the names were fixed when planned
    String secondName = TargetNamer.withExtension(second, "jpg");
    String firstName = TargetNamer.withExtension(first, "jpg");
    assertEquals("pic.jpg", firstName);
    assertEquals("pic-1.jpg", secondName);
  }

  @Test
  void sanitizesBeforeNaming() {
    assertEquals("_etc_passwd", name("http://h/%2e%2e%2fetc%2fpasswd", null));
    assertEquals("index", name("http://h/", null));
    assertEquals("index-1", name("http://other/", null));
  }

  @Test
  void hugeNumberOfIdenticalNamesStaysFastAndUnique() {
    int n = 100_000;
    assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
      Set<String> seen = new HashSet<>();
      String last = null;
      for (int i = 0; i < n; i++) {
        last = name("http://h/" + i + "/same.jpg", null);
        assertTrue(seen.add(last.toLowerCase(Locale.ROOT)), "name given twice: " + last);
      }
      assertEquals("same-" + (n - 1) + ".jpg", last);
    }, "numbering must not rescan all earlier suffixes for every entry");
  }

  // ---------------------------------------------------------------- names from the server

  private static final java.util.function.Predicate<TargetNamer.Target> NOTHING_ON_DISK = t -> false;

  @Test
  void aServersNameFreeInTheRunIsClaimedAndLaterPlansAvoidIt() {
    TargetNamer.Target own = plan("http://h/download?id=1", null);
    TargetNamer.Target got = namer.claimServerName(own, "photo.png", false, NOTHING_ON_DISK);
    assertEquals(new TargetNamer.Target("photo.png", false), got);
    assertEquals("photo-1.png", name("http://h/photo.png", null));
  }

  @Test
  void aServersNameAnotherEntryPlannedOrClaimedIsNumbered() {
    TargetNamer.Target a = plan("http://h/a", null);
    TargetNamer.Target b = plan("http://h/b", null);
    assertEquals("photo.png", name("http://h/photo.png", null));
    assertEquals("photo-1.png", namer.claimServerName(a, "photo.png", false, NOTHING_ON_DISK).name());
    assertEquals("PHOTO-2.png", namer.claimServerName(b, "PHOTO.png", false, NOTHING_ON_DISK).name());
  }

  @Test
  void aServersNameThatIsTheEntrysOwnPlannedNameStaysIts() {
    TargetNamer.Target own = plan("http://h/photo.png", null);
    assertEquals(new TargetNamer.Target("photo.png", false),
        namer.claimServerName(own, "photo.png", false, t -> true));
    TargetNamer.Target stem = plan("http://h/pic", null);
    assertEquals(new TargetNamer.Target("pic.gif", false),
        namer.claimServerName(stem, "pic.gif", false, NOTHING_ON_DISK));
  }

  @Test
  void aServersNameOnlyOnDiskIsNotClaimedSoTheCallerSkips() {
    TargetNamer.Target a = plan("http://h/a", null);
    assertNull(namer.claimServerName(a, "old.png", false, t -> t.name().equals("old.png")));
    assertEquals("old.png", name("http://h/old.png", null), "nothing was claimed");
  }

  @Test
  void numberedServerNamesSkipFilesOnDisk() {
    TargetNamer.Target a = plan("http://h/a", null);
    TargetNamer.Target b = plan("http://h/b", null);
    assertEquals("n.png", namer.claimServerName(a, "n.png", false, NOTHING_ON_DISK).name());
    assertEquals("n-2.png", namer.claimServerName(b, "n.png", false, t -> t.name().equals("n-1.png")).name());
    assertEquals("n-3.png", namer.claimNextFree("n.png", NOTHING_ON_DISK));
  }

  @Test
  void aServersNameWithoutExtensionReservesEveryImageExtension() {
    TargetNamer.Target a = plan("http://h/a", null);
    assertEquals(new TargetNamer.Target("report", true),
        namer.claimServerName(a, "report", true, NOTHING_ON_DISK));
    assertEquals("report-1.jpg", name("http://h/report.jpg", null));
  }
}
