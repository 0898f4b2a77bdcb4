package dev.fetch.cli;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

/** One in-process run of {@link Main#run} with captured stdout/stderr, for tests. */
record FetchRun(int exitCode, String out, String err) {

  static FetchRun of(String... args) {
    return withStdin(new byte[0], args);
  }

  static FetchRun withStdin(byte[] stdin, String... args) {
    return withStdin(new ByteArrayInputStream(stdin), args);
  }

  static FetchRun withStdin(InputStream stdin, String... args) {
    CliFixtures.Outcome o = CliFixtures.run(Map.of(), false, stdin, args);
    return new FetchRun(o.exit(), o.out(), o.err());
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
