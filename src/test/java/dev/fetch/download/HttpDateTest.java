package dev.fetch.download;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import okhttp3.Headers;
import org.junit.jupiter.api.Test;

/** HTTP dates: the IMF-fixdate read by position agrees with OkHttp's parser; other forms still read. */
class HttpDateTest {
  static Instant parse(String value) {
    return HttpDate.parse(Headers.of("Last-Modified", value), "Last-Modified");
  }

  @Test
  void anImfFixdateReadsAsOkHttpReadsIt() {
    for (String date : new String[] {"Sun, 06 Nov 1994 08:49:37 GMT", "Wed, 21 Oct 2015 07:28:00 GMT",
        "Thu, 29 Feb 2024 23:59:59 GMT", "Thu, 01 Jan 1970 00:00:00 GMT"}) {
      Headers h = Headers.of("Last-Modified", date);
      assertEquals(h.getDate("Last-Modified").toInstant(), HttpDate.parseFixdate(date), date);
      assertEquals(date, HttpDate.format(HttpDate.parseFixdate(date)), "formats back to the same text");
    }
  }

  @Test
  void theOlderFormsGoToOkHttp() {
    Instant expected = Instant.parse("1994-11-06T08:49:37Z");
    assertEquals(expected, parse("Sunday, 06-Nov-94 08:49:37 GMT"));
    assertEquals(expected, parse("Sun Nov  6 08:49:37 1994"));
  }

  @Test
  void whatIsNoDateIsNull() {
    assertNull(HttpDate.parseFixdate("Sun, 31 Feb 2024 08:49:37 GMT"), "no such day: left to OkHttp's parser");
    assertNull(parse("Sun, 06 Foo 1994 08:49:37 GMT"));
    assertNull(parse("yesterday"));
    assertNull(HttpDate.parse(Headers.of(), "Last-Modified"));
  }
}
