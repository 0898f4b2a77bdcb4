package dev.fetch.download;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ETag record of a saved file: an extended attribute, or a hidden sidecar where there are none. */
class SavedVersionTest {
  static final String URL = "http://h/a.jpg";

  @TempDir Path dir;

  Path file() throws Exception {
    Path file = Files.write(dir.resolve("a.jpg"), new byte[1234]);
    Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2015-10-21T07:28:00Z")));
    return file;
  }

  static SavedVersion recordOf(Path file, String url, String etag) throws Exception {
    BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
    return new SavedVersion(PartRecord.hash(url), a.size(), a.lastModifiedTime().toMillis(), etag);
  }

  @Test
  void theSidecarIsReadWhenTheFileHasNoAttributeAndIsHidden() throws Exception {
    Path file = file();
    recordOf(file, URL, "\"v1\"").keepBeside(file);

    assertEquals("\"v1\"", SavedVersion.etagOf(file, URL));
    try (Stream<Path> s = Files.list(dir)) {
      assertEquals(List.of(".a.jpg.fetch-etag", "a.jpg"), s.map(p -> p.getFileName().toString()).sorted().toList(),
          "one hidden sidecar and no temporary file left");
    }
  }

  @Test
  void aSidecarIsTrustedOnlyForItsUrlSizeAndTime() throws Exception {
    Path file = file();
    recordOf(file, URL, "\"v1\"").keepBeside(file);

    assertNull(SavedVersion.etagOf(file, "http://h/other.jpg"), "another URL");
    Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2020-01-01T00:00:00Z")));
    assertNull(SavedVersion.etagOf(file, URL), "another time");
    Files.write(file, new byte[99]);
    assertNull(SavedVersion.etagOf(file, URL), "another size");
  }

  @Test
  void theAttributeComesFirstAndIsCheckedTheSameWay() throws Exception {
    Path file = file();
    assertTrue(recordOf(file, URL, "\"attr\"").attachTo(file), "this file system keeps xattrs");
    recordOf(file, URL, "\"sidecar\"").keepBeside(file);

    assertEquals("\"attr\"", SavedVersion.etagOf(file, URL));
    UserDefinedFileAttributeView view = Files.getFileAttributeView(file, UserDefinedFileAttributeView.class);
    assertTrue(view.list().contains(SavedVersion.ATTRIBUTE));
    Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2020-01-01T00:00:00Z")));
    assertNull(SavedVersion.etagOf(file, URL));
  }

  @Test
  void aDamagedSidecarIsNoRecord() throws Exception {
    Path file = file();
    Files.writeString(SavedVersion.sidecarOf(file), "fetch-etag-1\nnot a hash\n1\n2\n\"v\"");

    assertNull(SavedVersion.etagOf(file, URL));
  }
}
