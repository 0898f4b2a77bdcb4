package dev.fetch.cli;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

/** One in-process run of {@link Main#run} with captured stdout/stderr, for tests. */
record FetchRun(int exitCode, String out, String err) {

  static FetchRun of(String... args) {
    return withStdin(new byte[0], args);
  }

  static FetchRun withStdin(byte[] stdin, String... args) {
    return withStdin(new ByteArrayInputStream(stdin), args);
  }

  static FetchRun withStdin(InputStream stdin, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code;
    try (PrintWriter o = new PrintWriter(out); PrintWriter e = new PrintWriter(err)) {
      code = Main.run(args, stdin, o, e, Interruption.NONE);
    }
    return new FetchRun(code, out.toString(), err.toString());
  }

  /** stdout's non-empty lines, in the order printed. */
  List<String> outLines() {
    return out.lines().filter(l -> !l.isEmpty()).toList();
  }

  /** stderr's non-empty lines. */
  List<String> errLines() {
    return err.lines().filter(l -> !l.isEmpty()).toList();
  }

  /** The tab-separated fields of stdout's line for the URL ending in {@code urlSuffix}. */
  String[] fieldsFor(String urlSuffix) {
    List<String[]> hits = outLines().stream()
        .map(l -> l.split("\t", -1))
        .filter(f -> f[f.length - 1].endsWith(urlSuffix))
        .toList();
    if (hits.size() != 1) {
      throw new AssertionError("expected one result line for " + urlSuffix + " but found "
          + hits.size() + " in:\n" + out);
    }
    return hits.get(0);
  }

  @Override
  public String toString() {
    return "exit " + exitCode + "\n--- stdout ---\n" + out + "--- stderr ---\n" + err;
  }
}
