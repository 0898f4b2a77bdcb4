package dev.fetch.http;

import java.util.regex.Pattern;

/** Removes credentials ({@code user:pass@}) from URLs and from any text that may quote one. */
public final class Redactor {
  // Up to the last '@' of the authority, as OkHttp reads it: a password may hold a raw '@'.
  private static final Pattern USER_INFO = Pattern.compile("(?i)(\\b[a-z][a-z0-9+.-]*://)[^/\\\\?#\\s]*@");

  private Redactor() {}

  public static String redact(String text) {
    if (text == null || text.indexOf('@') < 0) {
      return text;
    }
    return USER_INFO.matcher(text).replaceAll("$1");
  }
}
