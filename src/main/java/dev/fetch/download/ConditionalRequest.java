package dev.fetch.download;

import java.nio.file.Path;
import java.time.Instant;
import okhttp3.Request;

/**
 * {@code --refresh} of a file already there: the conditions its GET carries, If-None-Match with the
 * ETag saved for it ({@link SavedVersion}, only when its record proves it belongs to the file as it
 * is) and If-Modified-Since from its modification time (the server's Last-Modified, when fetch saved
 * it). A 304 answers that the file is current.
 *
 * @param existing the file that a 200 replaces (rename over it, so the name never lacks a complete file)
 * @param etag the saved ETag, or null
 * @param modified the file's modification time, or null
 */
record ConditionalRequest(Path existing, String etag, Instant modified) {
  /** The conditions for re-checking {@code existing}, the file of {@code url}. */
  static ConditionalRequest of(Path existing, String url) {
    return new ConditionalRequest(existing, SavedVersion.etagOf(existing, url), SavedVersion.mtimeOf(existing));
  }

  /** A request that names no condition, to replace {@code existing} whatever the server has. */
  static ConditionalRequest unconditional(Path existing) {
    return new ConditionalRequest(existing, null, null);
  }

  boolean isConditional() {
    return etag != null || modified != null;
  }

  void addTo(Request.Builder request) {
    if (etag != null) {
      request.header("If-None-Match", etag);
    }
    if (modified != null && modified.getEpochSecond() > 0) {
      request.header("If-Modified-Since", HttpDate.format(modified));
    }
  }
}
