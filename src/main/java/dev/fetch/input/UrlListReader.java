package dev.fetch.input;

import dev.fetch.http.Redactor;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import okhttp3.HttpUrl;

/**
 * Reads entries lazily: first the URLs given as arguments, then each list's lines, list after list,
 * one line at a time, so that lists of any length cost the same memory. Format: {@code URL [NAME]
 * [sha256:HEX]} separated by whitespace (see {@link ChecksumToken}); blank lines and lines starting with {@code #} are skipped; surrounding
 * whitespace is trimmed. A line whose first field is not an absolute http(s) URL becomes an invalid
 * entry.
 */
public final class UrlListReader implements Iterator<ListEntry>, Closeable {
  /**
   * One list to read after the arguments.
   *
   * @param name how origins name it ({@code "a.txt line 7"}), or null for plain {@code "line 7"}
   * @param text its text; buffered only once it is reached, and closed once it is exhausted
   */
  public record NamedList(String name, Reader text) {}

  private final Iterator<String> arguments;
  private final String argumentLabel;
  private final Deque<NamedList> pending;
  private NamedList current;
  private BufferedReader currentLines;
  private int argumentIndex;
  private long lineNumber;
  private long ordinal;
  private ListEntry next;

  /** @param list the list's lines, or null when only arguments were given */
  public UrlListReader(List<String> arguments, BufferedReader list) {
    this(arguments, list == null ? List.of() : List.of(new NamedList(null, list)));
  }

  /** @param lists the lists, read in this order after the arguments */
  public UrlListReader(List<String> arguments, List<NamedList> lists) {
    this(List.copyOf(arguments).iterator(), "argument", lists);
  }

  /** Entries from lines in list format, e.g. for the library API; origins read "{label} N". */
  public static UrlListReader ofLines(Iterator<String> lines, String label) {
    return new UrlListReader(lines, label, List.of());
  }

  private UrlListReader(Iterator<String> arguments, String argumentLabel, List<NamedList> lists) {
    this.arguments = arguments;
    this.argumentLabel = argumentLabel;
    this.pending = new ArrayDeque<>(lists);
  }

  @Override
  public boolean hasNext() {
    if (next == null) {
      next = advance();
    }
    return next != null;
  }

  @Override
  public ListEntry next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    ListEntry e = next;
    next = null;
    return e;
  }

  private ListEntry advance() {
    while (arguments.hasNext()) {
      String arg = arguments.next().strip();
      argumentIndex++;
      if (!arg.isEmpty() && !arg.startsWith("#")) {
        return parse(arg, argumentLabel + " " + argumentIndex);
      }
    }
    while (current != null || !pending.isEmpty()) {
      if (current == null) {
        current = pending.poll();
        currentLines = current.text() instanceof BufferedReader b ? b : new BufferedReader(current.text());
        lineNumber = 0;
      }
      try {
        String line;
        while ((line = currentLines.readLine()) != null) {
          lineNumber++;
          if (lineNumber == 1 && line.startsWith("\uFEFF")) {
            line = line.substring(1); // a UTF-8 byte order mark, as some editors write
          }
          String trimmed = line.strip();
          if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
            return parse(trimmed, current.name() == null
                ? "line " + lineNumber : current.name() + " line " + lineNumber);
          }
        }
        currentLines.close();
      } catch (IOException e) {
        String which = current.name() == null ? "the URL list" : "the URL list " + current.name();
        throw new UncheckedIOException("cannot read " + which + ": " + e.getMessage(), e);
      }
      current = null;
      currentLines = null;
    }
    return null;
  }

  private ListEntry parse(String text, String origin) {
    ordinal++;
    int space = firstWhitespace(text);
    String url = space < 0 ? text : text.substring(0, space);
    String name = space < 0 ? null : text.substring(space).strip();
    if (name != null && name.isEmpty()) {
      name = null;
    }
    HttpUrl parsed = HttpUrl.parse(url);
    if (parsed == null || !hasHttpScheme(url)) {
      return ListEntry.invalid(
          ordinal, origin, url, origin + ": not an absolute http(s) URL: " + abbreviate(url));
    }
    ChecksumToken.Split split = ChecksumToken.split(name);
    if (split.error() != null) {
      return ListEntry.invalid(ordinal, origin, url, origin + ": " + split.error());
    }
    return ListEntry.of(ordinal, origin, url, split.name(), parsed, split.sha256());
  }

  private static boolean hasHttpScheme(String url) {
    return url.regionMatches(true, 0, "http://", 0, 7) || url.regionMatches(true, 0, "https://", 0, 8);
  }

  private static int firstWhitespace(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (Character.isWhitespace(s.charAt(i))) {
        return i;
      }
    }
    return -1;
  }

  private static String abbreviate(String s) {
    String printable = Redactor.redact(s).codePoints()
        .map(c -> Character.isISOControl(c) ? '?' : c)
        .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
        .toString();
    return printable.length() > 80 ? printable.substring(0, 77) + "..." : printable;
  }

  @Override
  public void close() throws IOException {
    IOException failure = null;
    if (currentLines != null) {
      pending.addFirst(new NamedList(current.name(), currentLines));
      current = null;
      currentLines = null;
    }
    for (NamedList list; (list = pending.poll()) != null; ) {
      try {
        list.text().close();
      } catch (IOException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }
}
