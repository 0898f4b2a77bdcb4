package dev.fetch.download;

import dev.fetch.FetchConfig;
import dev.fetch.download.ServerName.Claimed;
import dev.fetch.download.ServerName.Taken;
import dev.fetch.input.ListEntry;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Path;
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

  /** Complete under its final name; {@code size} from its header, null when unknown. */
  record Saved(Path file, ImageHeader.Size size) implements Outcome {}

  /** --verify: complete in the .part, to be decoded before {@link #placeVerified} gives it its name. */
  record ToVerify(String kind, String contentType, ImageHeader.Size size) implements Outcome {}

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

  BodySaver(ListEntry entry, TargetNamer.Target target, RunContext ctx, PartFile part, ResumeState resume) {
    this.entry = entry;
    this.target = target;
    this.ctx = ctx;
    this.config = ctx.config();
    this.part = part;
    this.resume = resume;
  }

  /** @param append whether the body continues the .part (a 206 from its end) rather than replacing it */
  Outcome save(Call call, Response response, boolean append) throws IOException {
    if (!askedServerName && config.contentDisposition() && entry.name() == null) {
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
    ImageSniff.Head head = null;
    if (!append) {
      head = ImageSniff.peek(source);
      kind = head.kind();
      if (kind == null && !config.anyType()) {
        part.remove();
        return new Refused(head.notAnImage(contentType));
      }
    }
    resume.takeVersionOf(response, append);
    ctx.control().writing(part.path(), body.contentLength());
    try {
      copy(source, append);
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
      ImageHeader.Size size = head == null ? ImageHeader.read(part.path(), null, 0, kind)
          : ImageHeader.read(part.path(), head.bytes(), head.length(), kind);
      if (config.verify() && kind != null) {
        // tracked until decoded, so that an interrupt removes it like a .part being written
        ctx.control().verifying(part.path());
        return new ToVerify(kind, contentType, size);
      }
      return new Saved(moveIntoPlace(contentType, kind), size);
    } finally {
      ctx.control().doneWriting(part.path());
    }
  }

  /** Streams the body to the .part, within --max-size and --limit-rate. */
  private void copy(BufferedSource source, boolean append) throws IOException {
    long maxSize = config.maxSize();
    RateLimiter limiter = ctx.rateLimiter();
    try (PartFile.Writer out = part.open(append)) {
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
    }
  }

  /** --verify: the decoded .part gets its final name; returns the file. */
  Path placeVerified(ToVerify verified) throws WriteFailure {
    return moveIntoPlace(verified.contentType(), verified.kind());
  }

  /** Gives the complete .part its final name; returns the file (a server's name may have moved on). */
  private Path moveIntoPlace(String contentType, String kind) throws WriteFailure {
    if (fileName == null) {
      fileName = ImageSniff.finalName(serverTarget != null ? serverTarget : target, contentType, kind);
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
