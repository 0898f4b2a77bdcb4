package dev.fetch.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The socket input: one read of the socket per read asked of it, in pieces as large as it gives. */
class BufferedSocketFactoryTest {
  /** Gives {@code piece} bytes per read, as a socket gives what has arrived; counts the questions asked. */
  private static final class Pieces extends InputStream {
    final byte[] bytes;
    final int piece;
    int at;
    int reads;
    int availableCalls;

    Pieces(byte[] bytes, int piece) {
      this.bytes = bytes;
      this.piece = piece;
    }

    @Override
    public int read() {
      throw new AssertionError("single-byte reads are not expected");
    }

    @Override
    public int read(byte[] b, int off, int len) {
      reads++;
      if (at == bytes.length) {
        return -1;
      }
      int n = Math.min(Math.min(piece, len), bytes.length - at);
      System.arraycopy(bytes, at, b, off, n);
      at += n;
      return n;
    }

    @Override
    public int available() {
      availableCalls++;
      return 0;
    }
  }

  @Test
  void eachReadTakesAtMostOnePieceAndNeverAsksHowMuchIsWaiting() throws IOException {
    byte[] body = new byte[100_000];
    Arrays.fill(body, (byte) 7);
    body[99_999] = 9;
    Pieces socket = new Pieces(body, 20_242);
    InputStream in = new BufferedSocketFactory.OneReadInputStream(socket, 128 * 1024);

    ByteArrayOutputStream got = new ByteArrayOutputStream();
    byte[] chunk = new byte[8192];
    int n;
    while ((n = in.read(chunk, 0, chunk.length)) != -1) {
      got.write(chunk, 0, n);
    }

    assertArrayEquals(body, got.toByteArray());
    assertEquals(0, socket.availableCalls, "no ioctl after a piece");
    assertEquals(5 + 1, socket.reads, "one socket read per piece, and one for the end");
  }

  @Test
  void aLargeReadGoesStraightToTheSocketAndMarksStillWork() throws IOException {
    byte[] body = new byte[300_000];
    for (int i = 0; i < body.length; i++) {
      body[i] = (byte) i;
    }
    Pieces socket = new Pieces(body, 200_000);
    InputStream in = new BufferedSocketFactory.OneReadInputStream(socket, 128 * 1024);
    byte[] big = new byte[200_000];
    assertEquals(200_000, in.read(big, 0, big.length));
    assertArrayEquals(Arrays.copyOf(body, 200_000), big);

    in.mark(10);
    byte[] three = new byte[3];
    assertEquals(3, in.read(three, 0, 3));
    in.reset();
    byte[] again = new byte[3];
    assertEquals(3, in.read(again, 0, 3));
    assertArrayEquals(three, again);
    assertArrayEquals(Arrays.copyOfRange(body, 200_000, 200_003), again);
  }
}
