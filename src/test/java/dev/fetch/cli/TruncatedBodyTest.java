package dev.fetch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fetch.cli.CliFixtures.Outcome;
import dev.fetch.testing.TestImages;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A body shorter than its Content-Length is a failed download with nothing left behind. A raw
 * socket server announces more bytes than it sends, then closes the connection.
 */
class TruncatedBodyTest {
  private ServerSocket socket;
  private Thread acceptor;
  private final AtomicInteger accepted = new AtomicInteger();

  @TempDir Path tmp;

  /** Answers every connection with {@code head} (status line and headers) and {@code body}, then closes. */
  private String serve(String head, byte[] body) throws IOException {
    socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    acceptor = new Thread(() -> {
      while (!socket.isClosed()) {
        try (Socket s = socket.accept()) {
          accepted.incrementAndGet();
          readRequestHead(s.getInputStream());
          OutputStream os = s.getOutputStream();
          os.write(head.getBytes(StandardCharsets.ISO_8859_1));
          os.write(body);
          os.flush();
        } catch (SocketException closed) {
          return;
        } catch (IOException e) {
          // the client went away; wait for the next one
        }
      }
    }, "truncating-server");
    acceptor.setDaemon(true);
    acceptor.start();
    return "http://127.0.0.1:" + socket.getLocalPort();
  }

  private static void readRequestHead(InputStream in) throws IOException {
    ByteArrayOutputStream seen = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) != -1) {
      seen.write(c);
      byte[] b = seen.toByteArray();
      int n = b.length;
      if (n >= 4 && b[n - 4] == '\r' && b[n - 3] == '\n' && b[n - 2] == '\r' && b[n - 1] == '\n') {
        return;
      }
    }
  }

  @AfterEach
  void stop() throws Exception {
    if (socket != null) {
      socket.close();
      acceptor.join(5000);
    }
  }

  private List<String> filesIn(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private void assertTruncationFails(String extraHeaders) throws IOException {
    byte[] partial = TestImages.jpeg(3000, 9);
    String base = serve("HTTP/1.1 200 OK\r\n"
        + "Content-Type: image/jpeg\r\n"
        + "Content-Length: 10000\r\n"
        + extraHeaders
        + "Connection: close\r\n\r\n", partial);
    Path out = tmp.resolve("out");

    Outcome run = CliFixtures.run("-o", out.toString(), "--retries", "0", base + "/cut/short.jpg");

    assertEquals(1, run.exit(), run::toString);
    String[] f = run.fieldsFor("/cut/short.jpg");
    assertEquals("failed", f[0], run::toString);
    assertEquals("200", f[1]);
    assertTrue(f[4].contains("truncated") || f[4].contains("closed early"), f[4]);
    assertEquals(List.of(), filesIn(out), "neither short.jpg nor short.jpg.part may be left");
    assertEquals(1, accepted.get(), "--retries 0: a single request");
    DownloadTest.assertNoStackTrace(run.err());
  }

  @Test
  void bodyShorterThanContentLengthFailsAndLeavesNoFile() throws IOException {
    assertTruncationFails("");
  }

  @Test
  void resumableTruncatedBodyStillLeavesNoPartFileWithoutContinue() throws IOException {
    // Accept-Ranges makes the download resumable within the run; its .part must still go at the end.
    assertTruncationFails("Accept-Ranges: bytes\r\nETag: \"v1\"\r\n");
  }
}
