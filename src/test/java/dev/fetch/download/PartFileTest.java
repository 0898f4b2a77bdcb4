package dev.fetch.download;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fetch.testing.TestImages;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The .part writer: never through a link, appends, keeps bytes read before an error, moves into place. */
class PartFileTest {
  @TempDir Path dir;

  @Test
  void aFreshPartReplacesAPlantedSymlinkAndWritesNothingWhereItPoints() throws IOException {
    Path victim = Files.writeString(dir.resolve("victim.txt"), "keep me");
    Path path = dir.resolve("a.jpg.part");
    Files.createSymbolicLink(path, victim);
    PartFile part = new PartFile(path);

    byte[] body = TestImages.jpeg(5000, 1);
    writeAll(part, false, body);

    assertEquals("keep me", Files.readString(victim));
    assertFalse(Files.isSymbolicLink(path));
    assertArrayEquals(body, Files.readAllBytes(path));
    assertEquals(body.length, part.length());
  }

  @Test
  void appendingAddsToTheEndButNeverThroughALink() throws IOException {
    Path path = Files.write(dir.resolve("a.jpg.part"), new byte[] {1, 2, 3});
    PartFile part = new PartFile(path);
    part.adopt(3);

    writeAll(part, true, new byte[] {4, 5});

    assertArrayEquals(new byte[] {1, 2, 3, 4, 5}, Files.readAllBytes(path));
    assertEquals(5, part.length());
    assertEquals(2, part.written(), "only the bytes of this run count as written");

    Path victim = Files.writeString(dir.resolve("victim.txt"), "keep me");
    Path link = dir.resolve("b.jpg.part");
    Files.createSymbolicLink(link, victim);
    assertThrows(WriteFailure.class, () -> new PartFile(link).open(true));
    assertEquals("keep me", Files.readString(victim));
  }

  @Test
  void aReadErrorFirstWritesWhatArrivedBeforeIt() throws IOException {
    PartFile part = new PartFile(dir.resolve("a.jpg.part"));
    byte[] first = TestImages.jpeg(1000, 2);
    ReadableByteChannel breaksAfterOneRead = new ReadableByteChannel() {
      boolean gave;

      @Override
      public int read(ByteBuffer dst) throws IOException {
        if (gave) {
          throw new IOException("connection reset");
        }
        gave = true;
        dst.put(first);
        return first.length;
      }

      @Override
      public boolean isOpen() {
        return true;
      }

      @Override
      public void close() {}
    };

    try (PartFile.Writer out = part.open(false)) {
      assertEquals(first.length, out.read(breaksAfterOneRead));
      IOException e = assertThrows(IOException.class, () -> out.read(breaksAfterOneRead));
      assertEquals("connection reset", e.getMessage());
    }

    assertArrayEquals(first, Files.readAllBytes(part.path()));
    assertEquals(first.length, part.length(), "a resume continues after these bytes");
  }

  @Test
  void bytesReachTheDiskInChunksOfTheWriteBuffer() throws IOException {
    PartFile part = new PartFile(dir.resolve("a.jpg.part"));
    byte[] body = TestImages.jpeg(PartFile.WRITE_CHUNK + 1000, 3);
    try (PartFile.Writer out = part.open(false)) {
      ReadableByteChannel source = new KilobyteReads(body);
      long onDiskBeforeChunkFull = -1;
      while (out.read(source) != -1) {
        if (out.total() == PartFile.WRITE_CHUNK - 1024) {
          onDiskBeforeChunkFull = Files.size(part.path());
        }
        out.flushIfFull();
      }
      assertEquals(0, onDiskBeforeChunkFull, "nothing written before a chunk is full");
      assertEquals(PartFile.WRITE_CHUNK, Files.size(part.path()), "one full chunk written, the rest still buffered");
      out.flush();
    }
    assertArrayEquals(body, Files.readAllBytes(part.path()));
  }

  @Test
  void movingIntoPlaceReplacesButTheServerNamePlacementRefusesATakenName() throws IOException {
    PartFile part = new PartFile(dir.resolve("a.jpg.part"));
    writeAll(part, false, "new".getBytes(StandardCharsets.US_ASCII));
    Path taken = Files.writeString(dir.resolve("taken.jpg"), "other process");

    assertThrows(FileAlreadyExistsException.class, () -> part.moveToUnlessTaken(taken));
    assertEquals("other process", Files.readString(taken));
    assertTrue(Files.exists(part.path()), "the .part stays for the next name");

    part.moveToUnlessTaken(dir.resolve("free.jpg"));
    assertEquals("new", Files.readString(dir.resolve("free.jpg")));
    assertFalse(Files.exists(part.path(), LinkOption.NOFOLLOW_LINKS));

    PartFile second = new PartFile(dir.resolve("b.jpg.part"));
    writeAll(second, false, "newer".getBytes(StandardCharsets.US_ASCII));
    second.moveTo(taken);
    assertEquals("newer", Files.readString(taken));
  }

  @Test
  void removeDeletesTheFileAndItsBytesNoLongerCount() throws IOException {
    PartFile part = new PartFile(dir.resolve("a.jpg.part"));
    writeAll(part, false, new byte[100]);

    part.remove();

    assertFalse(Files.exists(part.path(), LinkOption.NOFOLLOW_LINKS));
    assertEquals(0, part.length());
    part.remove(); // already gone: no error
  }

  @Test
  void aFreshFileKeepsItsFirstBytesForItsHeaderAndAnAppendKeepsNone() throws IOException {
    byte[] small = TestImages.jpeg(20_000, 2);
    assertArrayEquals(small, writeAll(new PartFile(dir.resolve("s.jpg.part")), false, small));

    byte[] large = TestImages.jpeg(PartFile.WRITE_CHUNK * 2 + 123, 3); // flushed in three pieces
    Path path = dir.resolve("l.jpg.part");
    assertArrayEquals(Arrays.copyOf(large, PartFile.HEAD_KEPT), writeAll(new PartFile(path), false, large));
    assertArrayEquals(large, Files.readAllBytes(path));

    PartFile resumed = new PartFile(Files.write(dir.resolve("r.jpg.part"), Arrays.copyOf(small, 100)));
    resumed.adopt(100);
    assertEquals(null, writeAll(resumed, true, Arrays.copyOfRange(small, 100, small.length)),
        "the bytes written are not the file's first ones");
  }

  /** Writes {@code body} as a download does; returns the writer's kept first bytes. */
  private static byte[] writeAll(PartFile part, boolean append, byte[] body) throws IOException {
    try (PartFile.Writer out = part.open(append)) {
      ReadableByteChannel source = new KilobyteReads(body);
      while (out.read(source) != -1) {
        out.flushIfFull();
      }
      out.flush();
      return out.head();
    }
  }

  /** Gives its bytes 1 KB per read, as a network body arrives in pieces. */
  private static final class KilobyteReads implements ReadableByteChannel {
    private final byte[] bytes;
    private int at;

    KilobyteReads(byte[] bytes) {
      this.bytes = bytes;
    }

    @Override
    public int read(ByteBuffer dst) {
      if (at == bytes.length) {
        return -1;
      }
      int n = Math.min(Math.min(1024, dst.remaining()), bytes.length - at);
      dst.put(Arrays.copyOfRange(bytes, at, at + n));
      at += n;
      return n;
    }

    @Override
    public boolean isOpen() {
      return true;
    }

    @Override
    public void close() {}
  }
}
