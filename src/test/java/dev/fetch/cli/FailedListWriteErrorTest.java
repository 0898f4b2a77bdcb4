package dev.fetch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fetch.testing.RawHttpServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A --failed list that cannot be written: one line at the end, never a stack trace, the other sinks go on. */
class FailedListWriteErrorTest {
  @TempDir Path dir;

  @Test
  void aFullDeviceUnderTheFailedListIsOneLineAndTheLogStillGetsEveryResult() throws Exception {
    Path full = Path.of("/dev/full");
    Assumptions.assumeTrue(Files.isWritable(full), "needs /dev/full (Linux)");
    Path log = dir.resolve("run.log");
    try (RawHttpServer server = new RawHttpServer((req, ex) -> ex.respond(404, Map.of(), new byte[0]))) {
      CliFixtures.Outcome o = CliFixtures.run("-o", dir.resolve("out").toString(), "--failed", full.toString(),
          "--log-file", log.toString(), server.url("/a.jpg"), server.url("/b.jpg"));

      assertEquals(1, o.exit(), o.toString());
      List<String> complaints = o.err().lines().filter(l -> l.contains("--failed")).toList();
      assertEquals(List.of("fetch: cannot write --failed /dev/full: No space left on device;"
          + " it lacks some failed entries"), complaints, o.toString());
      assertFalse(o.err().contains("Exception"), o.toString());
      assertFalse(o.err().contains("\tat "), o.toString());
      String logged = Files.readString(log);
      assertTrue(logged.contains("/a.jpg") && logged.contains("/b.jpg"), logged);
    }
  }
}
