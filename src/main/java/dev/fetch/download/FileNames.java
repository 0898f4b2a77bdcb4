package dev.fetch.download;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import okhttp3.HttpUrl;

/** Pure functions from URLs and NAME columns to safe file names. */
public final class FileNames {
  /** Longest name we write, in UTF-8 bytes (most file systems allow 255; ".part" must still fit). */
  public static final int MAX_NAME_BYTES = 200;
  public static final String FALLBACK_NAME = "index";
  static final String PART_SUFFIX = ".part";

  private FileNames() {}

  /** The name an entry asks for before sanitizing: its NAME column, else the URL's last segment. */
  public static String requestedName(String url, String nameColumn) {
    return requestedName(nameColumn == null ? HttpUrl.parse(url) : null, nameColumn);
  }

  /** As {@link #requestedName(String, String)}, for a URL already parsed. */
  public static String requestedName(HttpUrl parsed, String nameColumn) {
    if (nameColumn != null) {
      return nameColumn;
    }
    if (parsed == null) {
      return "";
    }
    List<String> segments = parsed.pathSegments(); // already percent-decoded
    return segments.get(segments.size() - 1);
  }

  /**
   * The name a server proposed (Content-Disposition), made safe: only its last path segment (after
   * the last {@code /} or {@code \}), then {@link #sanitize}d. Null when nothing usable is left, so
   * that the caller keeps the name it planned rather than {@link #FALLBACK_NAME}; null too for a
   * name ending in {@code .part}, which another entry's unfinished download may be using.
   */
  public static String serverName(String raw) {
    if (raw == null) {
      return null;
    }
    String last = raw.substring(Math.max(raw.lastIndexOf('/'), raw.lastIndexOf('\\')) + 1);
    if (stripDotsAndSpaces(last).isEmpty()) {
      return null;
    }
    String safe = sanitize(last);
    return safe.toLowerCase(Locale.ROOT).endsWith(PART_SUFFIX) ? null : safe;
  }

  /**
   * A name that is safe to create inside the output directory: no directory separators or other
   * characters that are special on common file systems, no control characters, no leading dots (so
   * never "." or ".."), at most {@link #MAX_NAME_BYTES} bytes with the extension kept, and never
   * empty.
   */
  public static String sanitize(String raw) {
    StringBuilder sb = new StringBuilder(raw.length());
    raw.codePoints().forEach(c -> sb.appendCodePoint(isUnsafe(c) ? '_' : c));
    String s = stripDotsAndSpaces(sb.toString());
    if (s.isEmpty()) {
      return FALLBACK_NAME;
    }
    return capLength(s);
  }

  private static boolean isUnsafe(int c) {
    return Character.isISOControl(c)
        || c == '/' || c == '\\' || c == ':' || c == '*' || c == '?' || c == '"'
        || c == '<' || c == '>' || c == '|'
        || Character.getType(c) == Character.FORMAT
        || Character.getType(c) == Character.LINE_SEPARATOR
        || Character.getType(c) == Character.PARAGRAPH_SEPARATOR;
  }

  private static String stripDotsAndSpaces(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && (s.charAt(start) == '.' || Character.isWhitespace(s.charAt(start)))) {
      start++;
    }
    while (end > start && (s.charAt(end - 1) == '.' || Character.isWhitespace(s.charAt(end - 1)))) {
      end--;
    }
    return s.substring(start, end);
  }

  private static String capLength(String s) {
    if (utf8Length(s) <= MAX_NAME_BYTES) {
      return s;
    }
    String ext = extension(s);
    String suffix = ext == null || utf8Length(ext) > 16 ? "" : "." + ext;
    String stem = suffix.isEmpty() ? s : s.substring(0, s.length() - suffix.length());
    int budget = MAX_NAME_BYTES - utf8Length(suffix);
    StringBuilder out = new StringBuilder();
    int used = 0;
    for (int i = 0; i < stem.length(); ) {
      int c = stem.codePointAt(i);
      int len = utf8Length(new String(Character.toChars(c)));
      if (used + len > budget) {
        break;
      }
      out.appendCodePoint(c);
      used += len;
      i += Character.charCount(c);
    }
    return stripDotsAndSpaces(out.toString()) + suffix;
  }

  private static int utf8Length(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }

  /**
   * The name's extension without the dot, or null when it has none: one to five letters or digits,
   * at least one a letter, after a dot that is not the first character ("v1.2" has none).
   */
  public static String extension(String name) {
    int dot = name.lastIndexOf('.');
    if (dot <= 0 || dot == name.length() - 1 || name.length() - dot - 1 > 5) {
      return null;
    }
    boolean letter = false;
    for (int i = dot + 1; i < name.length(); i++) {
      char c = name.charAt(i);
      if (!Character.isLetterOrDigit(c)) {
        return null;
      }
      letter |= Character.isLetter(c);
    }
    return letter ? name.substring(dot + 1) : null;
  }

  /** {@code photo.jpg} with suffix 2 becomes {@code photo-2.jpg}; {@code photo} becomes {@code photo-2}. */
  public static String withSuffix(String name, int n) {
    String ext = extension(name);
    if (ext == null) {
      return name + "-" + n;
    }
    return name.substring(0, name.length() - ext.length() - 1) + "-" + n + "." + ext;
  }
}
