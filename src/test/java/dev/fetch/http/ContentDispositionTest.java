package dev.fetch.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class ContentDispositionTest {
  private static String name(String header) {
    return ContentDisposition.fileName(header);
  }

  @Test
  void quotedAndTokenFormsAreRead() {
    assertEquals("real-name.png", name("attachment; filename=\"real-name.png\""));
    assertEquals("real-name.png", name("attachment; filename=real-name.png"));
    assertEquals("a b.png", name("inline;FileName = \"a b.png\" ; size=3"));
    assertEquals("say \"hi\".png", name("attachment; filename=\"say \\\"hi\\\".png\""));
    assertEquals("x;y.png", name("attachment; filename=\"x;y.png\"; creation-date=\"x\""));
  }

  @Test
  void filenameStarIsPercentDecodedAndWinsWhicheverComesFirst() {
    assertEquals("naïve €.png",
        name("attachment; filename*=UTF-8''na%C3%AFve%20%E2%82%AC.png; filename=\"fallback.png\""));
    assertEquals("naïve.png", name("attachment; filename=\"fallback.png\"; filename*=utf-8'en'na%C3%AFve.png"));
    assertEquals("café.png", name("attachment; filename*=ISO-8859-1''caf%E9.png"));
  }

  @Test
  void aBrokenFilenameStarFallsBackToFilename() {
    assertEquals("fallback.png", name("attachment; filename*=UTF-8''bad%C3.png; filename=fallback.png"));
    assertEquals("fallback.png", name("attachment; filename*=no-such-charset''x.png; filename=fallback.png"));
    assertEquals("fallback.png", name("attachment; filename*=x.png; filename=fallback.png"));
    assertEquals("fallback.png", name("attachment; filename*=UTF-8''x%2.png; filename=fallback.png"));
  }

  @Test
  void noUsableNameIsNull() {
    assertNull(name(null));
    assertNull(name("attachment"));
    assertNull(name("attachment; size=10"));
    assertNull(name("attachment; filename=\"\""));
    assertNull(name("attachment; filename=   "));
    assertNull(name("attachment; filename"));
  }
}
