package dev.fetch.input;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts list files' entries on a background thread, for the progress display's total and ETA,
 * while the run reads the same files lazily. Reads each file once more; keeps nothing. Only for
 * regular files: a pipe read here would lose its lines to the run.
 */
public final class ListCounter {
  private ListCounter() {}

  /** A counter that reads -1 until all files are counted (or for good, when one cannot be read). */
  public static AtomicLong countInBackground(List<Path> files, long extra) {
    AtomicLong total = new AtomicLong(-1);
    List<Path> all = List.copyOf(files);
    Thread t = new Thread(() -> {
      try {
        long n = extra;
        for (Path file : all) {
          n += count(file);
        }
        total.set(n);
      } catch (IOException | RuntimeException e) {
        // no total then: the display shows "?"
      }
    }, "fetch-list-counter");
    t.setDaemon(true);
    t.start();
    return total;
  }

  private static long count(Path file) throws IOException {
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      long n = 0;
      String line;
      while ((line = in.readLine()) != null) {
        String s = line.strip();
        if (!s.isEmpty() && !s.startsWith("#")) {
          n++;
        }
      }
      return n;
    }
  }
}
