package dev.fetch.cli;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AnnotatedElementContext;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.TempDirFactory;

/** The one way tests run the command: in-process through {@link Main#run}, output captured. */
final class CliFixtures {
  private CliFixtures() {}

  /** Exit code, everything written to stdout and stderr, and how long the run took. */
  record Outcome(int exit, String out, String err, long millis) {
    /** stdout's lines as printed (blank lines kept). */
    List<String> outLines() {
      return lines(out);
    }

    /** stderr's lines as printed (blank lines kept). */
    List<String> errLines() {
      return lines(err);
    }

    /** The --json result lines, parsed. */
    List<Map<String, Object>> json() {
      List<Map<String, Object>> all = new ArrayList<>();
      for (String line : outLines()) {
        try {
          all.add(JSON.std.mapFrom(line));
        } catch (IOException e) {
          throw new UncheckedIOException("not JSON: " + line + "\n" + this, e);
        }
      }
      return all;
    }

    /** The only --json result line. */
    Map<String, Object> single() {
      List<Map<String, Object>> all = json();
      if (all.size() != 1) {
        throw new AssertionError("expected one result line, got " + all.size() + ":\n" + this);
      }
      return all.get(0);
    }

    /** The tab-separated fields of the one stdout line for the URL ending in {@code urlSuffix}. */
    String[] fieldsFor(String urlSuffix) {
      List<String[]> hits = outLines().stream()
          .map(l -> l.split("\t", -1))
          .filter(f -> f[f.length - 1].endsWith(urlSuffix))
          .toList();
      if (hits.size() != 1) {
        throw new AssertionError("expected one result line for " + urlSuffix + " but found "
            + hits.size() + ":\n" + this);
      }
      return hits.get(0);
    }

    private static List<String> lines(String text) {
      return text.isEmpty() ? List.of() : List.of(text.split("\r?\n"));
    }

    @Override
    public String toString() {
      return "exit " + exit + " after " + millis + " ms\n--- stdout:\n" + out + "--- stderr:\n" + err;
    }
  }

  static Outcome run(String... args) {
    return run(Map.of(), false, new ByteArrayInputStream(new byte[0]), args);
  }

  static Outcome run(Map<String, String> env, String... args) {
    return run(env, false, new ByteArrayInputStream(new byte[0]), args);
  }

  static Outcome runWithStdin(byte[] stdin, String... args) {
    return run(Map.of(), false, new ByteArrayInputStream(stdin), args);
  }

  static Outcome runWithStdin(InputStream stdin, String... args) {
    return run(Map.of(), false, stdin, args);
  }

  static Outcome run(Map<String, String> env, boolean stderrIsTerminal, InputStream in, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit;
    long start = System.nanoTime();
    try (PrintWriter o = new PrintWriter(out); PrintWriter e = new PrintWriter(err)) {
      exit = Main.run(args, in, o, e, env, stderrIsTerminal, Interruption.NONE);
    }
    return new Outcome(exit, out.toString(), err.toString(), (System.nanoTime() - start) / 1_000_000);
  }

  /** Flattens strings, string arrays and lists into one argument array. */
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

  static Path writeList(Path file, List<String> lines) throws IOException {
    Files.write(file, lines, StandardCharsets.UTF_8);
    return file;
  }

  static Path writeList(Path file, String... lines) throws IOException {
    return writeList(file, List.of(lines));
  }

  /** File names (not paths) in {@code dir}, sorted. */
  static List<String> fileNames(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  /** Every regular file and link under root (recursively), relative to root, sorted. */
  static List<String> tree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return List.of();
    }
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(p -> !p.equals(root) && !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
          .map(p -> root.relativize(p).toString())
          .sorted()
          .toList();
    }
  }

  /** The .part files left under dir. */
  static List<String> partFiles(Path dir) throws IOException {
    return tree(dir).stream().filter(n -> n.endsWith(".part")).toList();
  }

  static Map<String, String> headers(String... kv) {
    Map<String, String> m = new LinkedHashMap<>();
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

  /**
   * Temporary folders in memory (/dev/shm) where there is one: runs of thousands of downloads sync
   * each file to disk, which on a real disk costs most of the test's time. Elsewhere the default.
   */
  static final class InMemoryTempDir implements TempDirFactory {
    @Override
    public Path createTempDirectory(AnnotatedElementContext element, ExtensionContext context)
        throws IOException {
      Path shm = Path.of("/dev/shm");
      if (Files.isDirectory(shm) && Files.isWritable(shm)) {
        return Files.createTempDirectory(shm, "fetch-test-");
      }
      return Files.createTempDirectory("fetch-test-");
    }
  }
}
