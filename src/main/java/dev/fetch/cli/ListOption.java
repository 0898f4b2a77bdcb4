package dev.fetch.cli;

import dev.fetch.download.FileErrors;
import dev.fetch.input.UrlListReader;
import dev.fetch.input.UrlListReader.NamedList;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * -f FILE, repeatable: the lists are read in the order given, after the URL arguments. All are opened
 * up front, so that a missing one stops the run before any request; each is read only when reached.
 */
final class ListOption {
  private static final String STDIN = "-";

  private ListOption() {}

  static boolean isStdin(Path file) {
    return file.toString().equals(STDIN);
  }

  /** Stdin can be read only once. */
  static void check(List<Path> files) throws UsageException {
    if (files.stream().filter(ListOption::isStdin).count() > 1) {
      throw new UsageException("-f - (stdin) may be given only once");
    }
  }

  /** Origins name their list ("a.txt line 7") only when there are several, so one list reads as before. */
  static UrlListReader open(List<String> arguments, List<Path> files, InputStream stdin) throws UsageException {
    List<NamedList> lists = new ArrayList<>();
    try {
      for (Path file : files) {
        String name = files.size() > 1 ? name(file) : null;
        lists.add(new NamedList(name, isStdin(file)
            ? new InputStreamReader(stdin, StandardCharsets.UTF_8)
            : new InputStreamReader(openFile(file), StandardCharsets.UTF_8.newDecoder())));
      }
    } catch (UsageException e) {
      for (NamedList opened : lists) {
        try {
          opened.text().close();
        } catch (IOException ignored) {
          // the usage error is what the user needs to see
        }
      }
      throw e;
    }
    return new UrlListReader(arguments, lists);
  }

  private static InputStream openFile(Path file) throws UsageException {
    try {
      if (Files.isDirectory(file)) {
        throw new UsageException("cannot read " + file + ": it is a directory");
      }
      return Files.newInputStream(file);
    } catch (NoSuchFileException e) {
      throw new UsageException("cannot read " + file + ": no such file");
    } catch (IOException e) {
      throw new UsageException("cannot read " + file + ": " + FileErrors.reason(e));
    }
  }

  /** As given, with control characters masked: origins end up in result lines and the --failed list. */
  private static String name(Path file) {
    if (isStdin(file)) {
      return "stdin";
    }
    return file.toString().codePoints()
        .map(c -> Character.isISOControl(c) ? '?' : c)
        .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
        .toString();
  }
}
