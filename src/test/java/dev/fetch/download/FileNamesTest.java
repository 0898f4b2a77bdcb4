package dev.fetch.download;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FileNamesTest {

  private static int utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }

  /** What every sanitized name must be, whatever it came from. */
  private static void assertSafe(String name) {
    assertFalse(name.isEmpty(), "empty");
    assertFalse(name.contains("/"), name);
    assertFalse(name.contains("\\"), name);
    assertFalse(name.startsWith("."), "leading dot (hidden file, '.' or '..'): " + name);
    assertTrue(name.codePoints().noneMatch(Character::isISOControl), "control character in " + name);
    assertTrue(utf8(name) <= FileNames.MAX_NAME_BYTES, name + " is " + utf8(name) + " bytes");
    Path dir = Path.of("/srv/out");
    Path resolved = dir.resolve(name).normalize();
    assertEquals(dir, resolved.getParent(), name + " escapes the output dir");
    assertEquals(name, resolved.getFileName().toString());
  }

  // --- requestedName: NAME column, else the URL's last path segment, percent-decoded

  @Test
  void nameColumnWinsOverUrl() {
    assertEquals("mine.png", FileNames.requestedName("http://h/a/b.jpg", "mine.png"));
  }

  @Test
  void lastPathSegmentIsPercentDecodedAndQueryIgnored() {
    assertEquals("b.jpg", FileNames.requestedName("http://h/a/b.jpg", null));
    assertEquals("my photo.jpg", FileNames.requestedName("http://h/a/my%20photo.jpg?w=100#top", null));
    assertEquals("caf\u00e9.jpg", FileNames.requestedName("http://h/caf%C3%A9.jpg", null));
  }

  @Test
  void urlWithoutPathGivesEmptyRequestedNameAndSanitizesToIndex() {
    assertEquals("", FileNames.requestedName("http://h/", null));
    assertEquals("", FileNames.requestedName("http://h", null));
    assertEquals("", FileNames.requestedName("http://h/dir/", null));
    assertEquals("index", FileNames.sanitize(FileNames.requestedName("http://h/", null)));
  }

  // --- sanitize

  @Test
  void dotDotSlashPrefixCannotClimbOutOfTheOutputDir() {
    String s = FileNames.sanitize("../x");
    assertEquals("_x", s);
    assertSafe(s);
    assertSafe(FileNames.sanitize("../../../../etc/passwd"));
    assertSafe(FileNames.sanitize(".."));
    assertSafe(FileNames.sanitize("."));
  }

  @Test
  void percentEncodedDotDotSlashIsDecodedThenNeutralized() {
    String requested = FileNames.requestedName("http://h/a/%2e%2e%2fetc%2fpasswd", null);
    assertEquals("../etc/passwd", requested, "percent-decoded before sanitizing");
    String s = FileNames.sanitize(requested);
    assertEquals("_etc_passwd", s);
    assertSafe(s);
  }

  @Test
  void encodedSlashInsideSegmentBecomesUnderscore() {
    String s = FileNames.sanitize(FileNames.requestedName("http://h/a%2Fb%2Fc.jpg", null));
    assertEquals("a_b_c.jpg", s);
  }

  @Test
  void dotDotSegmentResolvedByUrlParserLeavesIndex() {
    assertEquals("index", FileNames.sanitize(FileNames.requestedName("http://h/a/%2e%2e", null)));
  }

  @Test
  void backslashesAndWindowsSpecialCharactersAreReplaced() {
    assertEquals("a_b_c.jpg", FileNames.sanitize("a\\b\\c.jpg"));
    assertEquals("_.._x.jpg", FileNames.sanitize("..\\..\\x.jpg"));
    assertSafe(FileNames.sanitize("..\\..\\x.jpg"));
    assertEquals("a_b_c_d_e_f_g_h.jpg", FileNames.sanitize("a:b*c?d\"e<f>g|h.jpg"));
  }

  @Test
  void nulAndControlCharactersAreReplaced() {
    String s = FileNames.sanitize("a\u0000b\u0001c\nd\re\tf\u007f.jpg");
    assertEquals("a_b_c_d_e_f_.jpg", s);
    assertSafe(s);
  }

  @Test
  void invisibleFormatAndLineSeparatorCharactersAreReplaced() {
    // U+202E RIGHT-TO-LEFT OVERRIDE could disguise "gpj.exe" as "exe.jpg"
    assertEquals("evil_gpj.exe", FileNames.sanitize("evil\u202Egpj.exe"));
    assertEquals("a_b_c", FileNames.sanitize("a\u2028b\u2029c"));
  }

  @Test
  void leadingDotsAndSurroundingSpacesAreStripped() {
    assertEquals("hidden.jpg", FileNames.sanitize(".hidden.jpg"));
    assertEquals("hidden.jpg", FileNames.sanitize("...hidden.jpg"));
    assertEquals("photo.jpg", FileNames.sanitize("  photo.jpg  "));
    assertEquals("trailing", FileNames.sanitize("trailing..."));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", ".", "..", "...", "....", " ", " . . "})
  void emptyOrOnlyDotsBecomesIndex(String raw) {
    assertEquals("index", FileNames.sanitize(raw));
  }

  @Test
  void ordinaryNamesAreLeftAlone() {
    for (String n : List.of("photo.jpg", "My Photo (2).JPEG", "caf\u00e9.png", "\u732b.gif",
        "a-b_c.d.webp", "v1.2")) {
      assertEquals(n, FileNames.sanitize(n));
    }
  }

  @Test
  void veryLongAsciiNameIsCappedAndKeepsItsExtension() {
    String s = FileNames.sanitize("a".repeat(500) + ".jpeg");
    assertEquals(FileNames.MAX_NAME_BYTES, utf8(s));
    assertTrue(s.endsWith(".jpeg"), s);
    assertTrue(s.startsWith("aaaa"), s);
    assertSafe(s);
  }

  @Test
  void veryLongMultibyteNameStaysWithinByteLimitWithoutSplittingCharacters() {
    // 2-byte, 3-byte and 4-byte (surrogate pair) characters
    for (String unit : List.of("\u00e9", "\u732b", "\uD83D\uDE00")) {
      String raw = unit.repeat(300) + ".png";
      String s = FileNames.sanitize(raw);
      assertTrue(utf8(s) <= FileNames.MAX_NAME_BYTES, unit + ": " + utf8(s) + " bytes");
      assertTrue(utf8(s) > FileNames.MAX_NAME_BYTES - 8, "no more cut than needed: " + utf8(s));
      assertTrue(s.endsWith(".png"), s);
      String stem = s.substring(0, s.length() - 4);
      assertEquals(unit.repeat(stem.length() / unit.length()), stem, "only whole characters kept");
      // round-trips through UTF-8: no lone surrogate was left behind
      assertEquals(s, new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8));
      assertSafe(s);
    }
  }

  @Test
  void veryLongNameWithoutExtensionIsCappedToo() {
    String s = FileNames.sanitize("x".repeat(1000));
    assertEquals(FileNames.MAX_NAME_BYTES, utf8(s));
  }

  @Test
  void cappedNamePlusPartSuffixStillFitsCommonFileSystemLimit() {
    String s = FileNames.sanitize("\uD83D\uDE00".repeat(200) + ".jpg");
    assertTrue(utf8(s + FileNames.PART_SUFFIX) <= 255);
    // and a numbered variant too
    assertTrue(utf8(FileNames.withSuffix(s, 99999) + FileNames.PART_SUFFIX) <= 255);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "../x", "..", "/etc/passwd", "\\\\server\\share\\x.jpg", "C:\\Windows\\x.jpg", "a/../../b",
      "\u0000", "..\u0000/x", ". ./. .", "%2e%2e%2f", "\uD83D\uDE00", "-", "~", "*", "CON"})
  void everyNameStaysInsideTheOutputDir(String raw) {
    assertSafe(FileNames.sanitize(raw));
  }

  @Test
  void percentEscapesInNameColumnAreNotDecoded() {
    // Only the URL's path is percent-decoded; a NAME column is taken literally.
    assertEquals("%2e%2e%2f", FileNames.sanitize("%2e%2e%2f"));
  }

  // --- extension

  @Test
  void extensionIsTheShortAlphanumericTailAfterTheLastDot() {
    assertEquals("jpg", FileNames.extension("photo.jpg"));
    assertEquals("JPEG", FileNames.extension("PHOTO.JPEG"));
    assertEquals("gz", FileNames.extension("a.tar.gz"));
    assertEquals("mp4", FileNames.extension("clip.mp4"));
    assertEquals("webp", FileNames.extension("x.webp"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"photo", "v1.2", ".jpg", "name.", "a.toolong", "a.jp-g", "a.j g", "2024.01"})
  void namesWithoutARealExtension(String name) {
    assertNull(FileNames.extension(name));
  }

  // --- withSuffix

  @Test
  void suffixGoesBeforeTheExtension() {
    assertEquals("photo-2.jpg", FileNames.withSuffix("photo.jpg", 2));
    assertEquals("a.tar-1.gz", FileNames.withSuffix("a.tar.gz", 1));
  }

  @Test
  void suffixIsAppendedWhenThereIsNoExtension() {
    assertEquals("photo-2", FileNames.withSuffix("photo", 2));
    assertEquals("v1.2-1", FileNames.withSuffix("v1.2", 1));
  }

  @Test
  void aServersNameKeepsOnlyItsLastSegmentAndIsSanitized() {
    assertEquals("x.png", FileNames.serverName("../../etc/x.png"));
    assertEquals("b.png", FileNames.serverName("a/b.png"));
    assertEquals("win.png", FileNames.serverName("C:\\Users\\..\\win.png"));
    assertEquals("a_b.png", FileNames.serverName("a:b.png"));
    assertEquals("hidden.png", FileNames.serverName(".hidden.png"));
  }

  @Test
  void aServersNameWithNothingUsableLeftIsNull() {
    assertNull(FileNames.serverName(null));
    assertNull(FileNames.serverName("a/.."));
    assertNull(FileNames.serverName("dir/"));
    assertNull(FileNames.serverName(" . "));
    assertNull(FileNames.serverName("photo.jpg.PART"), "the name of another entry's unfinished download");
  }
}
