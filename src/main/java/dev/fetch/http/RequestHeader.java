package dev.fetch.http;

/** An extra request header (-H), sent with every request of a run. */
public record RequestHeader(String name, String value) {
  /** {@code "Name: value"}, both sides stripped; null when there is no name before a colon. */
  public static RequestHeader parse(String line) {
    int colon = line.indexOf(':');
    if (colon <= 0) {
      return null;
    }
    return new RequestHeader(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
  }
}
