package dev.fetch.input;

import okhttp3.HttpUrl;

/**
 * One entry of the URL list, in input order. {@code error} is set (and the rest may be null) when
 * the line could not be used; such an entry becomes a failed result, and the run goes on.
 *
 * @param ordinal 1-based position among the entries of the run (input order)
 * @param origin where the entry came from, for messages: {@code "line 7"} or {@code "argument 2"}
 * @param url the URL as written
 * @param name the NAME column, or null
 * @param error why the entry cannot be used, or null
 * @param httpUrl the URL parsed once (it is needed for the name, the shard and the request), or null
 * @param sha256 the SHA-256 the file must have ({@code sha256:HEX} on the line), lower-case hex, or null
 */
public record ListEntry(long ordinal, String origin, String url, String name, String error, HttpUrl httpUrl,
    String sha256) {

  public ListEntry(long ordinal, String origin, String url, String name, String error, HttpUrl httpUrl) {
    this(ordinal, origin, url, name, error, httpUrl, null);
  }

  public ListEntry(long ordinal, String origin, String url, String name, String error) {
    this(ordinal, origin, url, name, error, error == null ? HttpUrl.parse(url) : null);
  }

  public static ListEntry of(long ordinal, String origin, String url, String name) {
    return new ListEntry(ordinal, origin, url, name, null);
  }

  static ListEntry of(long ordinal, String origin, String url, String name, HttpUrl parsed, String sha256) {
    return new ListEntry(ordinal, origin, url, name, null, parsed, sha256);
  }

  public static ListEntry invalid(long ordinal, String origin, String text, String error) {
    return new ListEntry(ordinal, origin, text, null, error, null);
  }

  public boolean isValid() {
    return error == null;
  }
}
