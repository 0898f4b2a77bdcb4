package dev.fetch.input;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts a list file's entries on a background thread, for the progress display's total and ETA,
 * while the run reads the same file lazily. Reads the file once more; keeps nothing.
 */
public final class ListCounter {
  private ListCounter() {}

  /** A counter that reads -1 until the count is done (or for good, when it cannot be read). */
  public static AtomicLong countInBackground(Path file, long extra) {
    AtomicLong total = new AtomicLong(-1);
    Thread t = new Thread(() -> {
      try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        long n = 0;
        String line;
        while ((line = in.readLine()) != null) {
          String s = line.strip();
          if (!s.isEmpty() && !s.startsWith("#")) {
            n++;
          }
        }
        total.set(n + extra);
      } catch (IOException | RuntimeException e) {
        // no total then: the display shows "?"
      }
    }, "fetch-list-counter");
    t.setDaemon(true);
    t.start();
    return total;
  }
}
