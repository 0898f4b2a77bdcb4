package dev.fetch.download;

import dev.fetch.input.ListEntry;
import java.util.List;

/**
 * A list line splits "URL NAME" at the first space, so "…/my photo.jpg" is read as URL "…/my" and
 * NAME "photo.jpg". When such an entry is not found, its reason says how to write the space.
 */
final class SpaceHint {
  private SpaceHint() {}

  /** The hint to add to "HTTP {@code code}" for that entry, or "". */
  static String forStatus(ListEntry entry, int code) {
    if (entry.name() == null || code != 400 && code != 404 && code != 410 || entry.httpUrl().query() != null) {
      return "";
    }
    List<String> segments = entry.httpUrl().encodedPathSegments();
    String last = segments.get(segments.size() - 1);
    if (last.isEmpty()) {
      return "";
    }
    return " (did you mean %20? a space ends the URL: …/" + last + "%20"
        + entry.name().replace("%", "%25").replaceAll("\\s", "%20") + ")";
  }
}
