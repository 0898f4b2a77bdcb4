package dev.fetch.cli;

import static dev.fetch.cli.CliFixtures.run;
import static dev.fetch.testing.TestImages.jpeg;
import static dev.fetch.cli.CliFixtures.text;
import static dev.fetch.cli.CliFixtures.tree;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fetch.cli.CliFixtures.Outcome;
import dev.fetch.testing.RawHttpServer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A list line splits "URL NAME" at the first space: an unencoded space in a URL gets a hint when it fails. */
class UnencodedSpaceTest {
  @TempDir Path dir;
  RawHttpServer server;

  @BeforeEach
  void setUp() throws Exception {
    server = new RawHttpServer((req, ex) -> {
      if (req.target().equals("/img/my%20photo.jpg") || req.target().equals("/img/ok.jpg")) {
        ex.respond(200, Map.of("Content-Type", "image/jpeg"), jpeg(2_000, 1));
      } else {
        ex.respond(404, Map.of(), new byte[0]);
      }
    });
  }

  @AfterEach
  void tearDown() {
    server.close();
  }

  @Test
  void aNotFoundEntryWithANameSaysHowToWriteTheSpace() throws Exception {
    Outcome r = run("--json", "-o", dir.toString(), server.url("/img/my photo.jpg"));

    assertEquals(1, r.exit(), r.toString());
    assertEquals("/img/my", server.requests().get(0).target(), "the list format is kept: URL, then NAME");
    assertEquals("HTTP 404 (did you mean %20? a space ends the URL: …/my%20photo.jpg)", text(r.single(), "error"));
  }

  @Test
  void noHintWithoutANameOrForOtherFailures() throws Exception {
    Outcome r = run("--json", "-t", "1", "-o", dir.toString(), server.url("/img/gone.jpg"), server.url("/img/ok.jpg") + " mine.jpg");

    assertEquals(1, r.exit(), r.toString());
    assertEquals(List.of("HTTP 404", "null"),
        r.json().stream().map(j -> String.valueOf(text(j, "error"))).sorted().toList());
    assertEquals(List.of("mine.jpg"), tree(dir));
  }
}
