package dev.fetch.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fetch.input.UrlListReader.NamedList;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class UrlListReaderTest {

  private static List<ListEntry> readAll(List<String> args, String list) {
    List<ListEntry> all = new ArrayList<>();
    try (UrlListReader r = new UrlListReader(args,
        list == null ? null : new BufferedReader(new StringReader(list)))) {
      r.forEachRemaining(all::add);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return all;
  }

  private static List<ListEntry> readList(String list) {
    return readAll(List.of(), list);
  }

  @Test
  void oneUrlPerLineWithoutNameGivesNullName() {
    List<ListEntry> e = readList("http://example.com/a.jpg\nhttps://example.com/b.png\n");
    assertEquals(2, e.size());
    assertEquals("http://example.com/a.jpg", e.get(0).url());
    assertNull(e.get(0).name());
    assertTrue(e.get(0).isValid());
    assertEquals("https://example.com/b.png", e.get(1).url());
    assertEquals(1, e.get(0).ordinal());
    assertEquals(2, e.get(1).ordinal());
  }

  @Test
  void blankLinesAndCommentLinesAreSkippedButStillCountTowardsLineNumbers() {
    String list = "# header comment\n"
        + "\n"
        + "   \t  \n"
        + "   # indented comment\n"
        + "http://example.com/a.jpg\n"
        + "\n"
        + "http://example.com/b.jpg\n";
    List<ListEntry> e = readList(list);
    assertEquals(2, e.size());
    assertEquals("line 5", e.get(0).origin());
    assertEquals("line 7", e.get(1).origin());
    // ordinals count entries, not lines
    assertEquals(1, e.get(0).ordinal());
    assertEquals(2, e.get(1).ordinal());
  }

  @Test
  void surroundingWhitespaceAndCarriageReturnsAreTrimmed() {
    List<ListEntry> e = readList("  \thttp://example.com/a.jpg   \r\n\thttp://example.com/b.jpg  b.jpg \t\r\n");
    assertEquals("http://example.com/a.jpg", e.get(0).url());
    assertNull(e.get(0).name());
    assertEquals("http://example.com/b.jpg", e.get(1).url());
    assertEquals("b.jpg", e.get(1).name());
  }

  @Test
  void byteOrderMarkAtTheStartOfTheListIsIgnored() {
    // as written by editors that save "UTF-8 with BOM", and by some shells' pipes
    List<ListEntry> e = readList("\uFEFFhttp://example.com/a.jpg\nhttp://example.com/b.jpg\n");
    assertTrue(e.get(0).isValid(), String.valueOf(e.get(0).error()));
    assertEquals("http://example.com/a.jpg", e.get(0).url());
    List<ListEntry> comment = readList("\uFEFF# first line is a comment\nhttp://example.com/a.jpg\n");
    assertEquals(1, comment.size());
    assertEquals("line 2", comment.get(0).origin());
  }

  @Test
  void nameColumnMayContainSpacesAndIsSeparatedByAnyWhitespace() {
    List<ListEntry> e = readList(
        "http://example.com/1.jpg   my holiday photo.jpg\n"
            + "http://example.com/2.jpg\tTabbed  Name.png\n");
    assertEquals("http://example.com/1.jpg", e.get(0).url());
    assertEquals("my holiday photo.jpg", e.get(0).name());
    assertEquals("http://example.com/2.jpg", e.get(1).url());
    assertEquals("Tabbed  Name.png", e.get(1).name());
  }

  @Test
  void lineThatIsNotAnAbsoluteHttpUrlBecomesAnInvalidEntryNamingItsLineNumber() {
    String list = "http://example.com/a.jpg\n"
        + "# comment\n"
        + "not a url\n"
        + "http://example.com/b.jpg\n";
    List<ListEntry> e = readList(list);
    assertEquals(3, e.size(), "the run goes on after an invalid line");
    ListEntry bad = e.get(1);
    assertFalse(bad.isValid());
    assertEquals("line 3", bad.origin());
    assertTrue(bad.error().contains("line 3"), bad.error());
    assertTrue(bad.error().contains("not"), bad.error());
    assertEquals(2, bad.ordinal());
    assertTrue(e.get(2).isValid());
    assertEquals("line 4", e.get(2).origin());
  }

  @Test
  void onlyAbsoluteHttpAndHttpsUrlsAreAccepted() {
    String list = String.join("\n",
        "ftp://example.com/a.jpg",
        "file:///etc/passwd",
        "//example.com/a.jpg",
        "example.com/a.jpg",
        "/a.jpg",
        "http://",
        "mailto:someone@example.com",
        "HTTP://EXAMPLE.COM/UPPER.JPG",
        "https://example.com:8443/x.png");
    List<ListEntry> e = readList(list);
    assertEquals(9, e.size());
    for (int i = 0; i < 7; i++) {
      assertFalse(e.get(i).isValid(), e.get(i).toString());
      assertEquals("line " + (i + 1), e.get(i).origin());
      assertTrue(e.get(i).error().startsWith("line " + (i + 1) + ":"), e.get(i).error());
    }
    assertTrue(e.get(7).isValid(), "scheme is case-insensitive");
    assertTrue(e.get(8).isValid());
  }

  @Test
  void invalidEntryMessageHidesCredentialsAndControlCharacters() {
    List<ListEntry> e = readList("htp://user:secret@example.com/\u0007x.jpg\n");
    assertFalse(e.get(0).isValid());
    assertFalse(e.get(0).error().contains("secret"), e.get(0).error());
    assertFalse(e.get(0).error().contains("\u0007"), e.get(0).error());
  }

  @Test
  void argumentsComeBeforeListEntriesAndAreNumberedAsArguments() {
    List<ListEntry> e = readAll(
        List.of("http://example.com/arg1.jpg", "  ", "http://example.com/arg3.jpg custom.jpg"),
        "http://example.com/line1.jpg\n");
    assertEquals(3, e.size());
    assertEquals("http://example.com/arg1.jpg", e.get(0).url());
    assertEquals("argument 1", e.get(0).origin());
    assertEquals("http://example.com/arg3.jpg", e.get(1).url());
    assertEquals("argument 3", e.get(1).origin());
    assertEquals("custom.jpg", e.get(1).name());
    assertEquals("http://example.com/line1.jpg", e.get(2).url());
    assertEquals("line 1", e.get(2).origin());
    assertEquals(1, e.get(0).ordinal());
    assertEquals(2, e.get(1).ordinal());
    assertEquals(3, e.get(2).ordinal());
  }

  @Test
  void invalidArgumentNamesTheArgument() {
    List<ListEntry> e = readAll(List.of("nope"), null);
    assertFalse(e.get(0).isValid());
    assertEquals("argument 1", e.get(0).origin());
    assertTrue(e.get(0).error().startsWith("argument 1:"), e.get(0).error());
  }

  @Test
  void argumentsOnlyWithoutList() {
    List<ListEntry> e = readAll(List.of("http://example.com/a.jpg"), null);
    assertEquals(1, e.size());
  }

  @Test
  void emptyInputHasNoEntries() {
    assertEquals(List.of(), readList(""));
    assertEquals(List.of(), readList("\n\n# only comments\n  \n"));
    UrlListReader r = new UrlListReader(List.of(), new BufferedReader(new StringReader("")));
    assertFalse(r.hasNext());
    assertThrows(NoSuchElementException.class, r::next);
  }

  @Test
  void hasNextIsIdempotent() {
    UrlListReader r = new UrlListReader(List.of(),
        new BufferedReader(new StringReader("http://example.com/a.jpg\n")));
    assertTrue(r.hasNext());
    assertTrue(r.hasNext());
    assertEquals("http://example.com/a.jpg", r.next().url());
    assertFalse(r.hasNext());
  }

  /**
   * Serves {@code text} on the first read, and fails every read after that: a reader that would
   * throw after the first lines. Counts the reads.
   */
  private static final class FailsAfterFirstChunk extends Reader {
    private final String text;
    final AtomicInteger reads = new AtomicInteger();

    FailsAfterFirstChunk(String text) {
      this.text = text;
    }

    @Override
    public int read(char[] cbuf, int off, int len) throws IOException {
      if (reads.incrementAndGet() > 1) {
        throw new IOException("the rest of the list must not be read yet");
      }
      if (len < text.length()) {
        throw new IllegalStateException("test assumes one read delivers the whole text");
      }
      text.getChars(0, text.length(), cbuf, off);
      return text.length();
    }

    @Override
    public void close() {}
  }

  @Test
  void listIsNotReadWhileArgumentsRemainNorBeyondTheEntriesAskedFor() {
    FailsAfterFirstChunk source = new FailsAfterFirstChunk(
        "http://example.com/1.jpg\nhttp://example.com/2.jpg\n");
    UrlListReader r = new UrlListReader(List.of("http://example.com/arg.jpg"), new BufferedReader(source));
    assertEquals(0, source.reads.get(), "constructing the reader reads nothing");

    assertEquals("http://example.com/arg.jpg", r.next().url());
    assertEquals(0, source.reads.get(), "arguments are served before the list is touched");

    assertEquals("http://example.com/1.jpg", r.next().url());
    assertEquals("http://example.com/2.jpg", r.next().url());
    assertEquals(1, source.reads.get());

    // Only now, when a third line is wanted, is the failing part reached.
    UncheckedIOException e = assertThrows(UncheckedIOException.class, r::hasNext);
    assertTrue(e.getMessage().contains("cannot read the URL list"), e.getMessage());
  }

  @Test
  void veryLongListIsStreamedOneEntryAtATime() {
    // A Reader that generates lines on demand: a long list costs no memory up front.
    final int total = 100_000;
    Reader generated = new Reader() {
      int line;
      String pending = "";
      int pos;

      @Override
      public int read(char[] cbuf, int off, int len) {
        if (pos == pending.length()) {
          if (line == total) {
            return -1;
          }
          pending = "http://example.com/" + (++line) + ".jpg\n";
          pos = 0;
        }
        int n = Math.min(len, pending.length() - pos);
        pending.getChars(pos, pos + n, cbuf, off);
        pos += n;
        return n;
      }

      @Override
      public void close() {}
    };
    UrlListReader r = new UrlListReader(List.of(), new BufferedReader(generated));
    long count = 0;
    ListEntry last = null;
    while (r.hasNext()) {
      last = r.next();
      count++;
    }
    assertEquals(total, count);
    assertEquals("line " + total, last.origin());
    assertEquals("http://example.com/" + total + ".jpg", last.url());
  }

  @Test
  void severalListsAreReadInOrderAfterTheArgumentsAndOriginsNameTheirList() throws IOException {
    List<ListEntry> all = new ArrayList<>();
    try (UrlListReader r = new UrlListReader(List.of("http://example.com/arg.jpg"), List.of(
        new NamedList("a.txt", new StringReader("\uFEFF# first list\nhttp://example.com/a1.jpg\nnot-a-url\n")),
        new NamedList("stdin", new StringReader("")),
        new NamedList("b.txt", new StringReader("\uFEFFhttp://example.com/b1.jpg b one.jpg\n"))))) {
      r.forEachRemaining(all::add);
    }
    assertEquals(List.of("http://example.com/arg.jpg", "http://example.com/a1.jpg", "not-a-url",
        "http://example.com/b1.jpg"), all.stream().map(ListEntry::url).toList());
    assertEquals(List.of("argument 1", "a.txt line 2", "a.txt line 3", "b.txt line 1"),
        all.stream().map(ListEntry::origin).toList(), "line numbers start again in each list");
    assertEquals(List.of(1L, 2L, 3L, 4L), all.stream().map(ListEntry::ordinal).toList(), "one order for the run");
    assertTrue(all.get(2).error().startsWith("a.txt line 3: not an absolute http(s) URL"), all.get(2).error());
    assertEquals("b one.jpg", all.get(3).name(), "a byte order mark is dropped at the start of every list");
  }

  /** A list that counts its reads and whether it was closed. */
  private static final class WatchedList extends Reader {
    private final Reader text;
    final AtomicInteger reads = new AtomicInteger();
    boolean closed;

    WatchedList(String text) {
      this.text = new StringReader(text);
    }

    @Override
    public int read(char[] cbuf, int off, int len) throws IOException {
      reads.incrementAndGet();
      return text.read(cbuf, off, len);
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  @Test
  void nextListIsReadOnlyOnceThePreviousIsExhaustedAndEachIsClosed() throws IOException {
    WatchedList first = new WatchedList("http://example.com/1.jpg\n");
    WatchedList second = new WatchedList("http://example.com/2.jpg\n");
    WatchedList third = new WatchedList("http://example.com/3.jpg\n");
    UrlListReader r = new UrlListReader(List.of(), List.of(
        new NamedList("first", first), new NamedList("second", second), new NamedList("third", third)));

    assertEquals("first line 1", r.next().origin());
    assertEquals(0, second.reads.get(), "the second list is untouched while the first has entries");
    assertEquals("second line 1", r.next().origin());
    assertTrue(first.closed, "an exhausted list is closed at once");
    assertFalse(second.closed);
    assertEquals(0, third.reads.get());

    r.close();
    assertTrue(second.closed && third.closed, "closing the reader closes the lists not yet exhausted");
  }

  // ---------------------------------------------------------------- sha256:HEX tokens

  static final String HEX = "0123456789abcdef".repeat(4);

  @Test
  void aTrailingSha256TokenIsTheDigestAndNotPartOfTheName() {
    List<ListEntry> e = readList("http://h/a.jpg sha256:" + HEX + "\n"
        + "http://h/b.jpg my file.jpg sha256:" + HEX.toUpperCase(java.util.Locale.ROOT) + "\n"
        + "http://h/c.jpg c.jpg\n");
    assertNull(e.get(0).name());
    assertEquals(HEX, e.get(0).sha256());
    assertEquals("my file.jpg", e.get(1).name());
    assertEquals(HEX, e.get(1).sha256(), "hex in any case, kept in lower case");
    assertEquals("c.jpg", e.get(2).name());
    assertNull(e.get(2).sha256());
  }

  @Test
  void aMalformedTokenMakesThatLineInvalidAndTheNextLinesAreRead() {
    List<ListEntry> e = readList("http://h/a.jpg sha256:" + HEX.substring(1) + "\n"
        + "http://h/b.jpg b.jpg sha256:" + HEX.substring(2) + "zz\n"
        + "http://h/c.jpg SHA256:\n"
        + "http://h/d.jpg\n");
    assertEquals(4, e.size());
    assertEquals("line 1: bad checksum sha256:123456789abcdef0...: expected 64 hex digits, got 63", e.get(0).error());
    assertEquals("line 2: bad checksum sha256:23456789abcdef01...: expected 64 hex digits, got 64 characters,"
        + " not all hex", e.get(1).error());
    assertEquals("line 3: bad checksum sha256:: expected 64 hex digits, got 0", e.get(2).error());
    assertTrue(e.get(3).isValid());
  }
}
