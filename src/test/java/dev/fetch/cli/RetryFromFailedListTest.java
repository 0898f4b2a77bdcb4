package dev.fetch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fetch.testing.RawHttpServer;
import dev.fetch.testing.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cron retry, {@code fetch -f failed.txt --failed failed.txt}: every entry read, the list rewritten at the end. */
class RetryFromFailedListTest {
  @TempDir Path dir;

  @Test
  void aFailedListThatIsAlsoTheInputIsReadWholeAndThenHoldsOnlyWhatStillFails() throws Exception {
    try (RawHttpServer server = new RawHttpServer((req, ex) -> {
      if (req.path().startsWith("/gone")) {
        ex.respond(404, Map.of(), new byte[0]);
      } else {
        ex.respond(200, Map.of("Content-Type", "image/jpeg"), TestImages.jpeg(3_000, 1));
      }
    })) {
      Path failed = dir.resolve("failed.txt");
      Files.writeString(failed, "# from last night\n" + server.url("/back.jpg") + "\n" + server.url("/gone.jpg")
          + "\n" + server.url("/also-back.jpg") + "\n");

      CliFixtures.Outcome o = CliFixtures.run("-t", "1", "-o", dir.resolve("out").toString(),
          "-f", failed.toString(), "--failed", failed.toString());

      assertEquals(1, o.exit(), o.toString());
      assertEquals(3, server.requests().size(), "every entry of the list was read and tried: " + o);
      assertTrue(Files.exists(dir.resolve("out/back.jpg")) && Files.exists(dir.resolve("out/also-back.jpg")));
      List<String> retry = Files.readAllLines(failed).stream().filter(l -> !l.startsWith("#")).toList();
      assertEquals(List.of(server.url("/gone.jpg")), retry);
      assertEquals(List.of("failed.txt", "out"), CliFixtures.fileNames(dir), "no staging file left behind");
    }
  }
}
