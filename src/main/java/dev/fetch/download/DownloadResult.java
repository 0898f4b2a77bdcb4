package dev.fetch.download;

import dev.fetch.input.ListEntry;
import java.nio.file.Path;
import java.util.Locale;

/**
 * What became of one entry. Expected failures (HTTP errors, timeouts, a full disk) are values of
 * this type, never exceptions.
 *
 * @param entry the list entry this is the result of (its URL may hold credentials: never print it)
 * @param url the URL without credentials
 * @param file the file written or found; null when none
 * @param http the last HTTP status seen, 0 when none
 * @param bytes bytes written by this run (0 when skipped)
 * @param millis time from the first attempt's start to the end
 * @param attempts requests made (0 when none was needed)
 * @param error why it failed or was skipped; null when ok
 * @param protocol the last response's protocol ("h2", "http/1.1"); null when none
 * @param width the image's width in pixels as its header says; 0 when unknown
 * @param height the image's height in pixels; 0 when unknown
 * @param sha256 the file's SHA-256 in lower-case hex, when computed (--sha256, or a digest in the list); else null
 * @param refresh what became of a file that was there already and was checked again (--refresh, or a
 *     digest in the list that it did not match): {@link #NOT_MODIFIED}, {@link #UNCHANGED} or
 *     {@link #CHANGED}; null for every other entry
 */
public record DownloadResult(
    ListEntry entry,
    String url,
    Path file,
    Status status,
    int http,
    long bytes,
    long millis,
    int attempts,
    String error,
    String protocol,
    int width,
    int height,
    String sha256,
    String refresh) {
  /** --refresh: the server answered 304; the file was left as it was. */
  public static final String NOT_MODIFIED = "not modified";
  /** Downloaded again (the server ignored the conditions) with the same bytes; the file was replaced by them. */
  public static final String UNCHANGED = "unchanged";
  /** Downloaded again with other bytes, which replaced the file. */
  public static final String CHANGED = "changed";

  /** A result whose image size is unknown, without checksum or refresh outcome. */
  public DownloadResult(ListEntry entry, String url, Path file, Status status, int http, long bytes, long millis,
      int attempts, String error, String protocol) {
    this(entry, url, file, status, http, bytes, millis, attempts, error, protocol, 0, 0, null, null);
  }

  /** A result with the image's size, without checksum or refresh outcome. */
  public DownloadResult(ListEntry entry, String url, Path file, Status status, int http, long bytes, long millis,
      int attempts, String error, String protocol, int width, int height) {
    this(entry, url, file, status, http, bytes, millis, attempts, error, protocol, width, height, null, null);
  }

  /** A result with a checksum or refresh outcome, whose image size is unknown. */
  public DownloadResult(ListEntry entry, String url, Path file, Status status, int http, long bytes, long millis,
      int attempts, String error, String protocol, String sha256, String refresh) {
    this(entry, url, file, status, http, bytes, millis, attempts, error, protocol, 0, 0, sha256, refresh);
  }

  /** A result without a protocol (none was seen). */
  public DownloadResult(ListEntry entry, String url, Path file, Status status, int http, long bytes, long millis,
      int attempts, String error) {
    this(entry, url, file, status, http, bytes, millis, attempts, error, null, 0, 0);
  }

  public enum Status {
    OK, SKIPPED, FAILED,
    /** --dry-run: would be downloaded. */
    PLANNED;

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** A result that needed no request: an unusable line, or a duplicate. */
  public static DownloadResult withoutRequest(ListEntry entry, String redactedUrl, Status status, String why) {
    return new DownloadResult(entry, redactedUrl, null, status, 0, 0, 0, 0, why);
  }

  public long ordinal() {
    return entry.ordinal();
  }

  public String origin() {
    return entry.origin();
  }

  public boolean failed() {
    return status == Status.FAILED;
  }
}
