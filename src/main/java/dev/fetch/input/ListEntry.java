package dev.fetch.input;

/**
 * One entry of the URL list, in input order. {@code error} is set (and the rest may be null) when
 * the line could not be used; such an entry becomes a failed result, and the run goes on.
 *
 * @param ordinal 1-based position among the entries of the run (input order)
 * @param origin where the entry came from, for messages: {@code "line 7"} or {@code "argument 2"}
 */
public record ListEntry(long ordinal, String origin, String url, String name, String error) {

  public static ListEntry of(long ordinal, String origin, String url, String name) {
    return new ListEntry(ordinal, origin, url, name, null);
  }

  public static ListEntry invalid(long ordinal, String origin, String text, String error) {
    return new ListEntry(ordinal, origin, text, null, error);
  }

  public boolean isValid() {
    return error == null;
  }
}
