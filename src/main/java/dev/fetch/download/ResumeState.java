package dev.fetch.download;

import dev.fetch.Diagnostics;
import dev.fetch.http.ImageTypes;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether a download's .part may be continued with a Range request, and which version of the
 * resource it holds (a strong ETag or Last-Modified, sent as If-Range). With -c a .part kept by an
 * earlier run is taken over only when its {@link PartRecord} proves it holds this URL's version.
 */
final class ResumeState {
  /** The logger, created on first use only (see {@link Diagnostics}). */
  private static final class Log {
    static final Logger LOG = LoggerFactory.getLogger(ResumeState.class);
  }

  private final PartFile part;
  private boolean resumable;
  private String validator;

  ResumeState(PartFile part) {
    this.part = part;
  }

  /**
   * With -c: takes over the .part an earlier run left, but only when its record proves that it holds
   * the start of this URL's current version (the server confirms the version through If-Range);
   * anything else is removed and the download starts over.
   */
  void adoptKept(String url, boolean anyType) {
    long size = part.sizeOnDisk();
    PartRecord record = PartRecord.readFrom(part.path());
    String why = record == null ? "it has no record of its URL and version"
        : !record.belongsTo(url) ? "it was written for another URL"
        : size == 0 ? "it is empty"
        : !anyType && size >= ImageTypes.SNIFF_BYTES && ImageSniff.ofFile(part.path()) == null
            ? "its first bytes are not an image"
        : null;
    if (why == null) {
      part.adopt(size);
      resumable = true;
      validator = record.validator();
      return;
    }
    if (Diagnostics.debug()) {
      Log.LOG.debug("not resuming {}: {}; starting over", part.path().getFileName(), why);
    }
    part.remove();
  }

  boolean resumable() {
    return resumable;
  }

  /** Where the next request starts: the .part's length when it may be continued, else 0 (all of it). */
  long resumeFrom() {
    return resumable ? part.length() : 0;
  }

  String validator() {
    return validator;
  }

  /** Whether a response to a request from {@code from} continues the .part: a 206 from its end. */
  static boolean continues(Response response, long from) {
    String range = response.header("Content-Range");
    return response.code() == 206 && range != null && range.strip().startsWith("bytes " + from + "-");
  }

  /** Whether a 206 is of the version the .part holds, as far as the response tells. */
  boolean sameVersion(Response response) {
    if (validator == null) {
      return true;
    }
    String named = validator.startsWith("\"") ? response.header("ETag") : response.header("Last-Modified");
    return named == null || named.equals(validator);
  }

  /** The length the whole file will have, or -1 when unknown; {@code length} is the body's. */
  long expectedTotal(Response response, boolean append, long length) {
    long total = length < 0 ? -1 : part.length() + length;
    long ranged = append ? rangeTotal(response) : -1;
    return ranged >= 0 ? ranged : total;
  }

  /** Takes the version and Range support from the response whose body is now written to the .part. */
  void takeVersionOf(Response response, boolean append) {
    String version = validatorOf(response);
    if (!append || version != null) {
      validator = version;
    }
    resumable = append || "bytes".equalsIgnoreCase(response.header("Accept-Ranges"));
  }

  /** Before the first byte of a fresh .part with -c: record which URL and version it holds. */
  void recordFor(String url) {
    if (validator != null) {
      PartRecord.of(url, validator).writeTo(part.path());
    }
  }

  /** The .part does not fit the server's answer: removed, the next attempt starts from nothing. */
  void discard() {
    part.remove();
    validator = null;
    resumable = false;
  }

  /** A strong ETag, else Last-Modified, else null: what If-Range may name. */
  private static String validatorOf(Response response) {
    String etag = response.header("ETag");
    return etag != null && !etag.startsWith("W/") ? etag : response.header("Last-Modified");
  }

  /** The full length a Content-Range names ("bytes 100-199/200"), or -1. */
  private static long rangeTotal(Response response) {
    String range = response.header("Content-Range");
    int slash = range == null ? -1 : range.lastIndexOf('/');
    if (slash < 0) {
      return -1;
    }
    try {
      return Long.parseLong(range.substring(slash + 1).strip());
    } catch (NumberFormatException e) {
      return -1; // "*": unknown
    }
  }
}
