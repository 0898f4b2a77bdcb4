package dev.fetch.cli;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.fetch.testing.TestImages;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Runs fetch in-process through {@link Main#run} and builds bodies and lists for the robustness tests. */
final class RobustSupport {
  private RobustSupport() {}

  /** What one run printed and returned. */
  record Run(int exit, String out, String err, long millis) {
    List<String> lines() {
      return out.isEmpty() ? List.of() : Arrays.asList(out.split("\r?\n"));
    }

    /** The --json result lines, parsed. */
    List<Map<String, Object>> json() {
      List<Map<String, Object>> all = new ArrayList<>();
      for (String line : lines()) {
        try {
          all.add(JSON.std.mapFrom(line));
        } catch (IOException e) {
          throw new UncheckedIOException("not JSON: " + line, e);
        }
      }
      return all;
    }

    /** The only --json result line. */
    Map<String, Object> single() {
      List<Map<String, Object>> all = json();
      if (all.size() != 1) {
        throw new AssertionError("expected one result line, got " + all.size() + ":\n" + out + "\nstderr:\n" + err);
      }
      return all.get(0);
    }

    @Override
    public String toString() {
      return "exit " + exit + " after " + millis + " ms\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }

  static Run fetch(String... args) {
    return fetchWithStdin(new ByteArrayInputStream(new byte[0]), args);
  }

  static Run fetchWithStdin(InputStream stdin, String... args) {
    long t0 = System.nanoTime();
    CliFixtures.Outcome o = CliFixtures.run(Map.of(), false, stdin, args);
    return new Run(o.exit(), o.out(), o.err(), (System.nanoTime() - t0) / 1_000_000);
  }

  static String[] args(Object... parts) {
    List<String> all = new ArrayList<>();
    for (Object p : parts) {
      if (p instanceof String[] many) {
        all.addAll(Arrays.asList(many));
      } else if (p instanceof List<?> many) {
        many.forEach(x -> all.add(String.valueOf(x)));
      } else {
        all.add(String.valueOf(p));
      }
    }
    return all.toArray(String[]::new);
  }

  /** A JPEG-looking body, the same bytes for the same size and seed. */
  static byte[] jpeg(int size, long seed) {
    return TestImages.jpeg(size, seed);
  }

  /** A PNG-looking body, the same bytes for the same size and seed. */
  static byte[] png(int size, long seed) {
    return TestImages.png(size, seed);
  }

  static Path writeList(Path file, String... lines) throws IOException {
    Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    return file;
  }

  /** Every regular file and link under root (recursively), relative to root, sorted. */
  static List<String> tree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return List.of();
    }
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(p -> !p.equals(root) && !Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS))
          .map(p -> root.relativize(p).toString())
          .sorted()
          .toList();
    }
  }

  /** The .part files left in dir. */
  static List<String> partFiles(Path dir) throws IOException {
    return tree(dir).stream().filter(n -> n.endsWith(".part")).toList();
  }

  static Map<String, String> headers(String... kv) {
    Map<String, String> m = new java.util.LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }

  static String text(Map<String, Object> json, String key) {
    Object v = json.get(key);
    return v == null ? null : v.toString();
  }

  static int integer(Map<String, Object> json, String key) {
    return ((Number) json.get(key)).intValue();
  }
}
