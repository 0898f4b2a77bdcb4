package dev.fetch.input;

import java.util.Locale;

/**
 * The optional last token of a list line, {@code sha256:HEX}: the digest the downloaded file must
 * have. A last token that starts with {@code sha256:} is always read as one (a NAME never holds a
 * colon after sanitizing anyway); any other last token is part of the NAME, as before.
 */
final class ChecksumToken {
  static final String PREFIX = "sha256:";
  static final int HEX_DIGITS = 64;

  /** The token split off a line's text after the URL: the NAME left (or null), and the digest or an error. */
  record Split(String name, String sha256, String error) {}

  private ChecksumToken() {}

  /** Splits {@code rest} (the text after the URL, stripped, possibly null) into NAME and digest. */
  static Split split(String rest) {
    if (rest == null) {
      return new Split(null, null, null);
    }
    int space = lastWhitespace(rest);
    String last = rest.substring(space + 1);
    if (!last.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
      return new Split(rest, null, null);
    }
    String name = space < 0 ? null : rest.substring(0, space).strip();
    String hex = last.substring(PREFIX.length());
    if (hex.length() != HEX_DIGITS || !isHex(hex)) {
      String shown = hex.length() > 16 ? hex.substring(0, 16) + "..." : hex;
      return new Split(name, null, "bad checksum " + PREFIX + shown + ": expected " + HEX_DIGITS
          + " hex digits, got " + hex.length() + (isHex(hex) ? "" : " characters, not all hex"));
    }
    return new Split(name == null || name.isEmpty() ? null : name, hex.toLowerCase(Locale.ROOT), null);
  }

  private static boolean isHex(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (Character.digit(s.charAt(i), 16) < 0 || s.charAt(i) > 'f') {
        return false;
      }
    }
    return true;
  }

  private static int lastWhitespace(String s) {
    for (int i = s.length() - 1; i >= 0; i--) {
      if (Character.isWhitespace(s.charAt(i))) {
        return i;
      }
    }
    return -1;
  }
}
