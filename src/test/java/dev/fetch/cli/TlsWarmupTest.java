package dev.fetch.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The training run's HTTPS part really downloads, over HTTP/2 and HTTP/1.1, through --cacert only. */
class TlsWarmupTest {
  @TempDir Path dir;

  @Test
  void downloadsOverHttp2AndHttp11WithTheTrainingCertificateAndNoOtherTrust() throws Exception {
    byte[] jpeg = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 1, 2, 3, 4, 5};
    StringWriter sink = new StringWriter();

    TlsWarmup.run(dir, jpeg, new PrintWriter(sink, true));

    String printed = sink.toString();
    for (String protocol : List.of("h2", "h1")) {
      List<Path> saved;
      try (Stream<Path> files = Files.list(dir.resolve(protocol))) {
        saved = files.toList();
      }
      assertEquals(21, saved.size(), protocol + ": 18 images and 3 redirected, 3 missing\n" + printed);
      for (Path f : saved) {
        assertArrayEquals(jpeg, Files.readAllBytes(f), f.toString());
      }
    }
    assertTrue(printed.contains("\"protocol\":\"h2\""), printed);
    // without --cacert the training certificate is not trusted
    assertTrue(printed.contains("untrusted certificate"), printed);
    assertTrue(Files.notExists(dir.resolve("platform/img.jpg")), printed);
  }
}
