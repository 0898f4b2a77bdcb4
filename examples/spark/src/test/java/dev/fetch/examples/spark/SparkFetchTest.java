package dev.fetch.examples.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SparkFetchTest {
  private static final int LIST_FILES = 3;
  private static final int ENTRIES_PER_FILE = 100;
  private static final int ENTRIES = LIST_FILES * ENTRIES_PER_FILE;

  @Test
  void sparkPartitionsFetchEveryEntryOnceWithItsBytesAndARerunRequestsNothing(@TempDir Path dir) throws Exception {
    Path lists = Files.createDirectory(dir.resolve("lists"));
    Path images = dir.resolve("images");
    try (ImageServer server = ImageServer.start(ENTRIES); SparkSession spark = localSpark(dir)) {
      for (int f = 0; f < LIST_FILES; f++) {
        List<String> lines = new ArrayList<>(List.of("# part " + f, ""));
        for (int i = f * ENTRIES_PER_FILE; i < (f + 1) * ENTRIES_PER_FILE; i++) {
          lines.add(server.url(i) + " image-" + i + ".png");
        }
        Files.write(lists.resolve("part-" + f + ".txt"), lines);
      }
      int partitions = spark.read().textFile(lists.toString()).rdd().getNumPartitions();
      assertTrue(partitions >= 2, "the list should be read as several partitions, was " + partitions);

      SparkFetch.Counts first = SparkFetch.fetch(spark, lists.toString(), images.toString());

      assertEquals(new SparkFetch.Counts(ENTRIES, 0), first);
      try (Stream<Path> saved = Files.list(images)) {
        assertEquals(ENTRIES, saved.count(), "one file per entry, no .part left");
      }
      for (int i = 0; i < ENTRIES; i++) {
        assertArrayEquals(ImageServer.image(i), Files.readAllBytes(images.resolve("image-" + i + ".png")),
            "bytes of image-" + i + ".png");
        assertEquals(1, server.requests().get("/img/" + i + ".png").get(), "requests for image " + i);
      }
      assertEquals(ENTRIES, server.totalRequests());

      SparkFetch.Counts rerun = SparkFetch.fetch(spark, lists.toString(), images.toString());

      assertEquals(new SparkFetch.Counts(0, 0), rerun, "files already present are skipped");
      assertEquals(ENTRIES, server.totalRequests(), "a rerun sends no request");
    }
  }

  @Test
  void readmeShowsThisExamplesCodeAsItIs() throws Exception {
    String readme = Files.readString(Path.of("../../README.md"));
    int link = readme.indexOf("SparkFetch.java)");
    assertTrue(link > 0, "the README links SparkFetch.java");
    int start = readme.indexOf("```java\n", link) + "```java\n".length();
    String recipe = readme.substring(start, readme.indexOf("```\n", start));
    String source = Files.readString(Path.of("src/main/java/dev/fetch/examples/spark/SparkFetch.java"));
    String body = source.lines().map(line -> line.startsWith("    ") ? line.substring(4) : line)
        .reduce("", (text, line) -> text + line + "\n");
    assertTrue(body.contains(recipe), "the README's recipe is SparkFetch.fetch's body, unindented:\n" + recipe);
  }

  private static SparkSession localSpark(Path dir) {
    return SparkSession.builder()
        .master("local[2]")
        .appName("SparkFetchTest")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.warehouse.dir", dir.resolve("warehouse").toString())
        .getOrCreate();
  }
}
