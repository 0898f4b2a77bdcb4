package dev.fetch.cli;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Runs the command in-process through {@link Main#run} and captures what it printed. */
final class CliFixtures {
  private CliFixtures() {}

  /** A tiny JPEG: SOI + JFIF APP0 header + EOI. Enough for the first-bytes image check. */
  static final byte[] JPEG = {
    (byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0x00, 0x10, 'J', 'F', 'I', 'F', 0x00, 0x01,
    0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, (byte) 0xFF, (byte) 0xD9
  };

  /** A JPEG whose bytes differ per {@code tag}, so that each file can be told apart. */
  static byte[] jpegTagged(String tag) {
    byte[] t = tag.getBytes(StandardCharsets.UTF_8);
    byte[] b = Arrays.copyOf(JPEG, JPEG.length + t.length);
    System.arraycopy(t, 0, b, JPEG.length, t.length);
    return b;
  }

  /** Exit code and everything written to stdout and stderr. */
  record Outcome(int exit, String out, String err) {
    List<String> outLines() {
      return out.isEmpty() ? List.of() : List.of(out.split("\r?\n"));
    }

    List<String> errLines() {
      return err.isEmpty() ? List.of() : List.of(err.split("\r?\n"));
    }

    @Override
    public String toString() {
      return "exit " + exit + "\n--- stdout:\n" + out + "--- stderr:\n" + err;
    }
  }

  static Outcome run(String... args) {
    return run(Map.of(), false, new ByteArrayInputStream(new byte[0]), args);
  }

  static Outcome run(Map<String, String> env, String... args) {
    return run(env, false, new ByteArrayInputStream(new byte[0]), args);
  }

  static Outcome run(Map<String, String> env, boolean stderrIsTerminal, InputStream in, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit;
    try (PrintWriter o = new PrintWriter(out); PrintWriter e = new PrintWriter(err)) {
      exit = Main.run(args, in, o, e, env, stderrIsTerminal, Interruption.NONE);
    }
    return new Outcome(exit, out.toString(), err.toString());
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

  /**
   * Temporary folders in memory (/dev/shm) where there is one: runs of thousands of downloads sync
   * each file to disk, which on a real disk costs most of the test's time. Elsewhere the default.
   */
  static final class InMemoryTempDir implements org.junit.jupiter.api.io.TempDirFactory {
    @Override
    public Path createTempDirectory(org.junit.jupiter.api.extension.AnnotatedElementContext element,
        org.junit.jupiter.api.extension.ExtensionContext context) throws IOException {
      Path shm = Path.of("/dev/shm");
      if (Files.isDirectory(shm) && Files.isWritable(shm)) {
        return Files.createTempDirectory(shm, "fetch-test-");
      }
      return Files.createTempDirectory("fetch-test-");
    }
  }

  static Path writeList(Path file, List<String> lines) throws IOException {
    Files.write(file, lines, StandardCharsets.UTF_8);
    return file;
  }
}
