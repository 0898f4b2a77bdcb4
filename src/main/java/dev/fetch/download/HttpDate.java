package dev.fetch.download;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import java.util.Locale;
import okhttp3.Headers;

/**
 * HTTP dates (Last-Modified, If-Modified-Since). Nearly every server writes the IMF-fixdate form
 * ({@code Sun, 06 Nov 1994 08:49:37 GMT}), which is read here by position: OkHttp's general parser
 * goes through a SimpleDateFormat, which cost about 30 µs per file under the launcher's C1 compiler,
 * a few per cent of the CPU of a run of small files. The older forms still go to OkHttp's.
 */
final class HttpDate {
  /** Built on the first If-Modified-Since only: a run without --refresh never loads java.time's formatting. */
  private static final class Format {
    static final DateTimeFormatter IMF_FIXDATE =
        DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);
  }
  private static final String MONTHS = "JanFebMarAprMayJunJulAugSepOctNovDec";

  private HttpDate() {}

  static String format(Instant instant) {
    return Format.IMF_FIXDATE.format(instant);
  }

  /** The date in header {@code name}, or null when there is none or it cannot be read. */
  static Instant parse(Headers headers, String name) {
    String value = headers.get(name);
    if (value == null) {
      return null;
    }
    Instant fixed = parseFixdate(value.strip());
    if (fixed != null) {
      return fixed;
    }
    Date other = headers.getDate(name);
    return other == null ? null : other.toInstant();
  }

  /** An IMF-fixdate read by position, or null when {@code s} is not one. */
  static Instant parseFixdate(String s) {
    if (s.length() != 29 || s.charAt(3) != ',' || !s.endsWith(" GMT")) {
      return null;
    }
    int month = MONTHS.indexOf(s.substring(8, 11));
    int day = digits(s, 5, 2);
    int year = digits(s, 12, 4);
    int hour = digits(s, 17, 2);
    int minute = digits(s, 20, 2);
    int second = digits(s, 23, 2);
    if (month < 0 || month % 3 != 0 || (day | year | hour | minute | second) < 0
        || s.charAt(4) != ' ' || s.charAt(7) != ' ' || s.charAt(11) != ' ' || s.charAt(16) != ' '
        || s.charAt(19) != ':' || s.charAt(22) != ':') {
      return null;
    }
    try {
      return LocalDateTime.of(year, month / 3 + 1, day, hour, minute, second).toInstant(ZoneOffset.UTC);
    } catch (DateTimeException e) {
      return null;
    }
  }

  private static int digits(String s, int from, int count) {
    int n = 0;
    for (int i = from; i < from + count; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      n = n * 10 + (c - '0');
    }
    return n;
  }
}
