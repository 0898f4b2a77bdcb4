package dev.fetch.download;

import dev.fetch.FetchConfig;
import dev.fetch.download.ServerName.Claimed;
import dev.fetch.download.ServerName.Taken;
import dev.fetch.input.ListEntry;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import okhttp3.Call;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSource;

/**
 * Saves a successful response of one entry: checks that it is an image within --max-size, streams it
 * to the .part, and gives the complete file its final name (chosen once, on the first attempt that
 * gets that far). Expected failures are {@link Outcome}s; a failed read or write is an IOException.
 */
final class BodySaver {
  /**
   * A body skipped after its headers is read to its end, so that the connection serves the next
   * request, only when it is at most this long; a longer one is cut off with the connection.
   */
  static final long SKIPPED_BODY_DRAIN_MAX = 64 * 1024;

  /** What became of the response. */
  sealed interface Outcome permits Saved, ToVerify, Skipped, Refused, Mismatch {}

  /**
   * Complete under its final name.
   *
   * @param size from its header, null when unknown
   * @param sha256 its digest when one was computed, else null
   * @param refresh for a file that replaced one already there, {@link DownloadResult#UNCHANGED} or
   *     {@link DownloadResult#CHANGED}; else null
   */
  record Saved(Path file, ImageHeader.Size size, String sha256, String refresh) implements Outcome {}

  /**
   * --verify: complete in the .part, to be decoded before {@link #placeVerified} gives it its name;
   * the rest as in {@link Saved}, and the ETag record to keep beside it (null when none).
   */
  record ToVerify(String kind, String contentType, ImageHeader.Size size, String sha256, String refresh,
      SavedVersion sidecar) implements Outcome {}

  /** A file is there already under the name the server gave. */
  record Skipped(Path existing) implements Outcome {}

  /** Not to be saved, now or on another attempt (not an image, too large). */
  record Refused(String reason) implements Outcome {}

  /** The resumed .part does not fit the response after all: to start over. */
  record Mismatch(String reason) implements Outcome {}

  private final ListEntry entry;
  private final TargetNamer.Target target;
  private final RunContext ctx;
  private final FetchConfig config;
  private final PartFile part;
  private final ResumeState resume;
  private String fileName;
  /** --content-disposition: whether the server was asked for a name, and the name it gave (claimed). */
  private boolean askedServerName;
  private TargetNamer.Target serverTarget;
  /** The file already there that the body replaces (--refresh, or a digest it did not match), or null. */
  private Path replacing;

  BodySaver(ListEntry entry, TargetNamer.Target target, RunContext ctx, PartFile part, ResumeState resume) {
    this.entry = entry;
    this.target = target;
    this.ctx = ctx;
    this.config = ctx.config();
    this.part = part;
    this.resume = resume;
  }

  /** The body is to replace {@code existing}, under its name: the server is not asked for another. */
  void replace(Path existing) {
    this.replacing = existing;
  }

  /** @param append whether the body continues the .part (a 206 from its end) rather than replacing it */
  Outcome save(Call call, Response response, boolean append) throws IOException {
    if (!askedServerName && replacing == null && config.contentDisposition() && entry.name() == null) {
      askedServerName = true;
      ServerName.Claim claim = ServerName.claim(ctx, target,
          response.header("Content-Disposition"), response.header("Content-Type"));
      if (claim instanceof Taken taken) {
        return skipAfterHeaders(call, response.body(), taken.existing());
      }
      if (claim instanceof Claimed claimed) {
        serverTarget = claimed.target();
      }
    }
    ResponseBody body = response.body();
    long expectedTotal = resume.expectedTotal(response, append, body.contentLength());
    if (config.maxSize() > 0 && expectedTotal > config.maxSize()) {
      part.remove();
      return new Refused("too large: " + expectedTotal + " bytes, more than --max-size " + config.maxSize());
    }
    BufferedSource source = body.source();
    String contentType = response.header("Content-Type");
    String kind = null;
    if (!append) {
      ImageSniff.Head head = ImageSniff.peek(source);
      kind = head.kind();
      if (kind == null && !config.anyType()) {
        part.remove();
        return new Refused(head.notAnImage(contentType));
      }
    }
    resume.takeVersionOf(response, append);
    ctx.control().writing(part.path(), body.contentLength());
    MessageDigest digest = config.sha256() || entry.sha256() != null ? Digests.sha256() : null;
    try {
      byte[] written = copy(source, append, digest);
      if (expectedTotal >= 0 && part.length() != expectedTotal) {
        throw new EOFException("truncated: got " + part.length() + " of " + expectedTotal + " bytes");
      }
      if (append) {
        // a resumed file passes the same check as a fresh one: image bytes at its start
        kind = ImageSniff.ofFile(part.path());
        if (kind == null && !config.anyType()) {
          return new Mismatch("the resumed file does not start like an image");
        }
      }
      String sha256 = digest == null ? null : Digests.hex(digest);
      if (entry.sha256() != null && !entry.sha256().equals(sha256)) {
        part.remove(); // not retried: the same URL would most likely send the same bytes again
        return new Refused(Digests.mismatch(entry.sha256(), sha256));
      }
      // a fresh file's first bytes came from the writer; a resumed one's header is read from the file
      ImageHeader.Size size = ImageHeader.read(part.path(), part.length(), written,
          written == null ? 0 : written.length, kind);
      SavedVersion sidecar = SavedVersion.stamp(part.path(), part.length(), entry.url(), response);
      // with a digest in the list, the file being replaced did not have it and the body does: no need to compare
      String refresh = replacing == null ? null
          : entry.sha256() == null && Recheck.sameBytes(part.path(), replacing) ? DownloadResult.UNCHANGED
          : DownloadResult.CHANGED;
      if (config.verify() && kind != null) {
        // tracked until decoded, so that an interrupt removes it like a .part being written
        ctx.control().verifying(part.path());
        return new ToVerify(kind, contentType, size, sha256, refresh, sidecar);
      }
      return new Saved(place(contentType, kind, sidecar), size, sha256, refresh);
    } finally {
      ctx.control().doneWriting(part.path());
    }
  }

  /**
   * Streams the body to the .part, within --max-size and --limit-rate; returns the file's first bytes
   * when this copy wrote it from its start (see {@link PartFile.Writer#head}), else null.
   */
  private byte[] copy(BufferedSource source, boolean append, MessageDigest digest) throws IOException {
    long maxSize = config.maxSize();
    RateLimiter limiter = ctx.rateLimiter();
    try (PartFile.Writer out = part.open(append, digest)) {
      if (!append && config.keepPartial()) {
        // before the first byte: a .part kept by -c always says which URL and version it holds
        resume.recordFor(entry.url());
      }
      int n;
      while ((n = out.read(source)) != -1) {
        if (maxSize > 0 && out.total() > maxSize) {
          throw new WriteFailure("too large: more than --max-size " + maxSize + " bytes", null);
        }
        ctx.control().received(part.path(), n);
        if (limiter != null) {
          limiter.acquire(n);
        }
        out.flushIfFull();
      }
      out.flush();
      if (config.sync()) {
        out.force();
      }
      return out.head();
    }
  }

  /** --verify: the decoded .part gets its final name; returns the file. */
  Path placeVerified(ToVerify verified) throws WriteFailure {
    return place(verified.contentType(), verified.kind(), verified.sidecar());
  }

  /** The complete .part under its final name, with its ETag record beside it when it has one. */
  private Path place(String contentType, String kind, SavedVersion sidecar) throws WriteFailure {
    Path file = moveIntoPlace(contentType, kind);
    if (sidecar != null) {
      sidecar.keepBeside(file);
    }
    return file;
  }

  /** Gives the complete .part its final name; returns the file (a server's name may have moved on). */
  private Path moveIntoPlace(String contentType, String kind) throws WriteFailure {
    if (fileName == null) {
      fileName = ImageSniff.finalName(serverTarget != null ? serverTarget : target, contentType, kind);
    }
    if (replacing != null) {
      part.moveTo(replacing); // a rename over it: the name never lacks a complete file
      return replacing;
    }
    Path file = ctx.outputDir().resolve(fileName);
    if (serverTarget != null && !config.overwrite()) {
      return ServerName.place(ctx, part, file);
    }
    part.moveTo(file);
    return file;
  }

  /** The file is there already: the body is not read (a short one is drained for the connection). */
  private Outcome skipAfterHeaders(Call call, ResponseBody body, Path existing) {
    long length = body.contentLength();
    if (length < 0 || length > SKIPPED_BODY_DRAIN_MAX) {
      call.cancel();
    }
    part.remove(); // with -c, a .part of an earlier run of this entry is of no use any more
    return new Skipped(existing);
  }
}
