package dev.fetch.download;

import dev.fetch.Diagnostics;
import dev.fetch.download.DownloadResult.Status;
import dev.fetch.http.ContentDisposition;
import dev.fetch.http.ImageTypes;
import dev.fetch.http.Redactor;
import dev.fetch.input.ListEntry;
import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.ProtocolException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;
import javax.net.ssl.SSLException;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One entry's download, one attempt per {@link #run()} call. Each call ends in a result, or in a
 * wait before the next attempt: the scheduler then runs it again later, so that a waiting download
 * holds no worker. The body streams to {@code NAME.part}, is checked, and only then renamed to
 * {@code NAME}: a file under its final name is always complete.
 */
final class DownloadJob extends ScheduledJob {
  /** The logger, created on first use only (see {@link dev.fetch.Diagnostics}). */
  private static final class Log {
    static final Logger LOG = LoggerFactory.getLogger(DownloadJob.class);
  }
  /** Bodies are gathered into one direct buffer per worker and written in pieces of this size. */
  static final int WRITE_CHUNK = 256 * 1024;
  /**
   * A body skipped after its headers is read to its end, so that the connection serves the next
   * request, only when it is at most this long; a longer one is cut off with the connection.
   */
  static final long SKIPPED_BODY_DRAIN_MAX = 64 * 1024;
  /** How often a server's name is tried again with the next suffix when other processes take it. */
  static final int MAX_NAME_TRIES = 20;
  private static final ThreadLocal<ByteBuffer> WRITE_BUFFER =
      ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(WRITE_CHUNK));

  private final ListEntry entry;
  private final TargetNamer.Target target;
  private final RunContext ctx;
  private final String host;
  private final Path part;
  private int attempts;
  private long startNanos;
  private String fileName;
  private long partBytes;
  private boolean resumable;
  private String validator;
  private int lastHttp;
  private long bytesThisRun;
  private boolean restartedFromScratch;
  /** --content-disposition: whether the server was asked for a name, and the name it gave (claimed). */
  private boolean askedServerName;
  private TargetNamer.Target serverTarget;
  private Call call;

  DownloadJob(ListEntry entry, TargetNamer.Target target, RunContext ctx) {
    this.entry = entry;
    this.target = target;
    this.ctx = ctx;
    this.host = entry.httpUrl().host();
    this.part = ctx.outputDir().resolve(target.name() + FileNames.PART_SUFFIX);
  }

  String host() {
    return host;
  }

  Step run() {
    if (attempts == 0 && startNanos == 0) {
      startNanos = System.nanoTime();
      if (!ctx.config().overwrite()) {
        Path existing = existingFile();
        if (existing != null) {
          return done(Status.SKIPPED, existing, "exists");
        }
      }
      if (ctx.config().keepPartial() && !ctx.config().dryRun()
          && Files.isRegularFile(part, LinkOption.NOFOLLOW_LINKS)) {
        adoptKeptPart();
      }
    }
    if (ctx.control().cancelled()) {
      return failed("interrupted");
    }
    if (ctx.config().dryRun()) {
      String planned = target.needsExtension() ? target.name() + ".*" : target.name();
      return Step.done(result(Status.PLANNED, ctx.outputDir().resolve(planned), null));
    }
    if (ctx.control().diskIsFull()) {
      // after a write failed for lack of space, every further download would fail the same way
      return failed(attempts == 0 ? "not attempted: disk full" : "disk full");
    }
    attempts++;
    try {
      return attempt();
    } catch (WriteFailure e) {
      removePart();
      if (FileErrors.isDiskFull(e)) {
        ctx.control().diskFull();
      }
      return failed(e.getMessage());
    } catch (IOException e) {
      if (ctx.control().cancelled()) {
        return failed("interrupted");
      }
      String reason = describe(e);
      if (!resumable && !ctx.config().keepPartial()) {
        // with -c the bytes are kept for the next run, which asks for the rest with Range anyway
        removePart();
      }
      if (isFinal(e)) {
        return failed(reason);
      }
      return retryOrFail(reason, null);
    }
  }

  /** A result for an entry that could not run at all because of a bug, so the run can go on. */
  DownloadResult internalError(RuntimeException bug) {
    removePart();
    return result(Status.FAILED, null, "internal error: " + bug);
  }

  /**
   * With -c: takes over the .part an earlier run left, but only when its record proves that it holds
   * the start of this URL's current version (the server confirms the version through If-Range);
   * anything else is removed and the download starts over.
   */
  private void adoptKeptPart() {
    long size = sizeOf(part);
    PartRecord record = PartRecord.readFrom(part);
    String why = record == null ? "it has no record of its URL and version"
        : !record.belongsTo(entry.url()) ? "it was written for another URL"
        : size == 0 ? "it is empty"
        : !ctx.config().anyType() && size >= ImageTypes.SNIFF_BYTES && sniffFile(part) == null
            ? "its first bytes are not an image"
        : null;
    if (why == null) {
      partBytes = size;
      resumable = true;
      validator = record.validator();
      return;
    }
    if (Diagnostics.debug()) {
      Log.LOG.debug("not resuming {}: {}; starting over", part.getFileName(), why);
    }
    removePart();
  }

  private Step attempt() throws IOException {
    Request.Builder request = new Request.Builder()
        .url(entry.httpUrl())
        .header("User-Agent", ctx.config().userAgent());
    for (dev.fetch.FetchConfig.Header h : ctx.config().headers()) {
      request.addHeader(h.name(), h.value());
    }
    boolean ranged = resumable && partBytes > 0;
    if (ranged) {
      request.header("Range", "bytes=" + partBytes + "-");
      if (validator != null) {
        request.header("If-Range", validator);
      }
    }
    Call call = ctx.client().newCall(request.build());
    ctx.control().started(call);
    this.call = call;
    if (dev.fetch.Diagnostics.debug()) {
      Log.LOG.debug("GET {} (attempt {}{})", redactedUrl(), attempts, ranged ? ", from byte " + partBytes : "");
    }
    try (Response response = call.execute()) {
      lastHttp = response.code();
      if (ranged && response.code() == 416) {
        // The .part file does not fit what the server has now: start over.
        return restartFromScratch("HTTP 416 for a resumed download");
      }
      if (!response.isSuccessful()) {
        return httpFailure(response);
      }
      boolean append = ranged && response.code() == 206 && rangeStartsAt(response, partBytes);
      if (response.code() == 206 && !append) {
        return restartFromScratch("unexpected partial content");
      }
      if (append && !sameVersion(response)) {
        // If-Range should have made the server send it all; it sent the rest of another version
        return restartFromScratch("the resource changed since the .part was written");
      }
      if (!append) {
        partBytes = 0;
      }
      return save(response, append);
    } finally {
      ctx.control().finished(call);
    }
  }

  private Step save(Response response, boolean append) throws IOException {
    if (!askedServerName && ctx.config().contentDisposition() && entry.name() == null) {
      Path existing = takeServerName(response);
      if (existing != null) {
        return skipAfterHeaders(response.body(), existing);
      }
    }
    ResponseBody body = response.body();
    long length = body.contentLength();
    long expectedTotal = length < 0 ? -1 : partBytes + length;
    if (append && rangeTotal(response) >= 0) {
      expectedTotal = rangeTotal(response);
    }
    long maxSize = ctx.config().maxSize();
    if (maxSize > 0 && expectedTotal > maxSize) {
      removePart();
      return failed("too large: " + expectedTotal + " bytes, more than --max-size " + maxSize);
    }
    BufferedSource source = body.source();
    String contentType = response.header("Content-Type");
    String kind = null;
    if (!append) {
      source.request(ImageTypes.SNIFF_BYTES);
      int n = (int) Math.min(source.getBuffer().size(), ImageTypes.SNIFF_BYTES);
      byte[] head = source.peek().readByteArray(n);
      kind = ImageTypes.sniff(head, n);
      if (kind == null && !ctx.config().anyType()) {
        removePart();
        return failed("not an image: the body " + (n == 0 ? "is empty" : "looks like " + ImageTypes.describeNonImage(head, n))
            + " (" + (contentType == null ? "no Content-Type" : "Content-Type said " + contentType) + ")");
      }
    }
    String version = validatorOf(response);
    if (!append || version != null) {
      validator = version;
    }
    resumable = append || "bytes".equalsIgnoreCase(response.header("Accept-Ranges"));

    ctx.control().writing(part, length);
    try {
      copy(source, append, maxSize);
      if (expectedTotal >= 0 && partBytes != expectedTotal) {
        throw new EOFException("truncated: got " + partBytes + " of " + expectedTotal + " bytes");
      }
      if (append) {
        // a resumed file passes the same check as a fresh one: image bytes at its start
        kind = sniffFile(part);
        if (kind == null && !ctx.config().anyType()) {
          return restartFromScratch("the resumed file does not start like an image");
        }
      }
      if (fileName == null) {
        fileName = finalName(contentType, kind);
      }
      Path file = moveIntoPlace(ctx.outputDir().resolve(fileName));
      return done(Status.OK, file, null);
    } finally {
      ctx.control().doneWriting(part);
    }
  }

  private void copy(BufferedSource source, boolean append, long maxSize) throws IOException {
    FileChannel out = openPart(append);
    try (out) {
      if (!append && ctx.config().keepPartial() && validator != null) {
        // before the first byte: a .part kept by -c always says which URL and version it holds
        PartRecord.of(entry.url(), validator).writeTo(part);
      }
      RateLimiter limiter = ctx.rateLimiter();
      ByteBuffer buffer = WRITE_BUFFER.get();
      buffer.clear();
      while (true) {
        int n;
        try {
          n = source.read(buffer);
        } catch (IOException e) {
          // keep what arrived before the break: a retry (or, with -c, the next run) resumes from there
          flush(buffer, out);
          throw e;
        }
        if (n == -1) {
          break;
        }
        if (maxSize > 0 && partBytes + buffer.position() > maxSize) {
          throw new WriteFailure("too large: more than --max-size " + maxSize + " bytes", null);
        }
        ctx.control().received(part, n);
        if (limiter != null) {
          limiter.acquire(n);
        }
        if (!buffer.hasRemaining()) {
          flush(buffer, out);
        }
      }
      flush(buffer, out);
      if (ctx.config().sync()) {
        try {
          out.force(false); // on the disk before it gets its final name: a power cut leaves only .part files partial
        } catch (IOException e) {
          throw new WriteFailure("write failed: " + FileErrors.reason(e), e);
        }
      }
    }
  }

  private FileChannel openPart(boolean append) throws WriteFailure {
    try {
      if (append) {
        return FileChannel.open(part, StandardOpenOption.WRITE, StandardOpenOption.APPEND,
            LinkOption.NOFOLLOW_LINKS);
      }
      // Created exclusively, so never through a link planted under the .part name; a leftover
      // (a link, or a .part of an earlier run) is removed first.
      try {
        return FileChannel.open(part, StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW);
      } catch (java.nio.file.FileAlreadyExistsException leftover) {
        Files.delete(part);
        return FileChannel.open(part, StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW);
      }
    } catch (IOException e) {
      throw new WriteFailure("cannot write " + part.getFileName() + ": " + FileErrors.reason(e), e);
    }
  }

  /** Writes what the buffer holds; only bytes on their way to disk count towards a resume. */
  private void flush(ByteBuffer buffer, FileChannel out) throws WriteFailure {
    buffer.flip();
    int n = buffer.remaining();
    try {
      while (buffer.hasRemaining()) {
        out.write(buffer);
      }
    } catch (IOException e) {
      throw new WriteFailure("write failed: " + FileErrors.reason(e), e);
    } finally {
      buffer.clear();
    }
    partBytes += n;
    bytesThisRun += n;
  }

  /** Gives the complete .part its final name; returns the file (a server's name may have moved on). */
  private Path moveIntoPlace(Path file) throws WriteFailure {
    if (serverTarget != null && !ctx.config().overwrite()) {
      return placeExclusively(file);
    }
    try {
      try {
        Files.move(part, file, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(part, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new WriteFailure("cannot rename to " + file.getFileName() + ": " + FileErrors.reason(e), e);
    }
    return file;
  }

  /**
   * A server's name is claimed in finish order, so another process (a shard, a second run) may have
   * written it since: never replace a file, take the next free suffix instead. A hard link to the
   * complete .part makes the name appear complete or not at all, and fails if it exists; where hard
   * links are not supported, a rename without replacing (checked just before it) does the same but
   * for that short gap.
   */
  private Path placeExclusively(Path file) throws WriteFailure {
    for (int tries = 1; ; tries++) {
      try {
        placeWithoutReplacing(file);
        return file;
      } catch (FileAlreadyExistsException e) {
        if (tries == MAX_NAME_TRIES) {
          throw new WriteFailure("cannot save as " + file.getFileName() + ": the name and "
              + (MAX_NAME_TRIES - 1) + " numbered ones were taken meanwhile", e);
        }
        file = ctx.outputDir().resolve(
            ctx.namer().claimNextFree(file.getFileName().toString(), t -> existingFile(t) != null));
      } catch (IOException e) {
        throw new WriteFailure("cannot rename to " + file.getFileName() + ": " + FileErrors.reason(e), e);
      }
    }
  }

  private void placeWithoutReplacing(Path file) throws IOException {
    try {
      Files.createLink(file, part);
    } catch (FileAlreadyExistsException e) {
      throw e;
    } catch (UnsupportedOperationException | IOException noHardLinks) {
      Files.move(part, file); // without REPLACE_EXISTING: refuses a name that exists
      return;
    }
    removePart();
  }

  /**
   * With --content-disposition and no NAME: the server's name, if it gives one, claimed for this
   * entry. Returns the file already there under that name (the entry is skipped), or null.
   */
  private Path takeServerName(Response response) {
    askedServerName = true;
    String name = FileNames.serverName(ContentDisposition.fileName(response.header("Content-Disposition")));
    if (name == null) {
      return null;
    }
    boolean needsExtension = FileNames.extension(name) == null;
    String ext = needsExtension ? ImageTypes.extensionFor(response.header("Content-Type")) : null;
    if (ext != null) {
      name = name + "." + ext;
      needsExtension = false;
    }
    Path[] existing = new Path[1];
    Predicate<TargetNamer.Target> onDisk = ctx.config().overwrite()
        ? t -> false
        : t -> (existing[0] = existingFile(t)) != null;
    TargetNamer.Target claimed = ctx.namer().claimServerName(target, name, needsExtension, onDisk);
    if (claimed == null) {
      return existing[0];
    }
    serverTarget = claimed;
    return null;
  }

  /** The file is there already: the body is not read (a short one is drained for the connection). */
  private Step skipAfterHeaders(ResponseBody body, Path existing) {
    long length = body.contentLength();
    if (length < 0 || length > SKIPPED_BODY_DRAIN_MAX) {
      call.cancel();
    }
    removePart(); // with -c, a .part of an earlier run of this entry is of no use any more
    return done(Status.SKIPPED, existing, "exists");
  }

  private Step httpFailure(Response response) {
    int code = response.code();
    String reason = "HTTP " + code;
    if (!RetryPolicy.isRetryableStatus(code)) {
      return failed(reason + spaceHint(code));
    }
    Duration asked = RetryPolicy.parseRetryAfter(dev.fetch.http.HttpClients.retryAfter(response), Instant.now());
    Duration max = ctx.retryPolicy().maxRetryWait();
    if (asked != null && asked.compareTo(max) > 0 && ctx.retryPolicy().mayRetry(attempts)) {
      return failed(reason + ": Retry-After " + asked.toSeconds() + " s is longer than --max-retry-wait "
          + max.toSeconds() + " s");
    }
    boolean retrying = ctx.retryPolicy().mayRetry(attempts);
    Duration wait = asked != null ? asked : retrying ? ctx.retryPolicy().backoff(attempts) : null;
    if ((code == 429 || code == 503) && wait != null) {
      // The host is busy: its other pending downloads wait as long as this one.
      ctx.hosts().slowDown(host, wait);
    }
    return retryOrFail(reason, wait);
  }

  /**
   * A resumed download whose .part does not fit the server's answer starts over at once, once, even
   * with --retries 0: that is a restart, not a retry.
   */
  private Step restartFromScratch(String reason) {
    discardPartial();
    if (!restartedFromScratch && !ctx.control().cancelled()) {
      restartedFromScratch = true;
      return Step.retryIn(Duration.ZERO);
    }
    return retryOrFail(reason, Duration.ZERO);
  }

  private Step retryOrFail(String reason, Duration wait) {
    if (!ctx.retryPolicy().mayRetry(attempts) || ctx.control().cancelled()) {
      return failed(reason);
    }
    Duration delay = wait != null ? wait : ctx.retryPolicy().backoff(attempts);
    if (dev.fetch.Diagnostics.debug()) {
      Log.LOG.debug("{}: {}; attempt {} in {} ms", redactedUrl(), reason, attempts + 1, delay.toMillis());
    }
    return Step.retryIn(delay);
  }

  /**
   * A list line splits "URL NAME" at the first space, so "…/my photo.jpg" is read as URL "…/my" and
   * NAME "photo.jpg". When such an entry is not found, the reason says how to write the space.
   */
  private String spaceHint(int code) {
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

  private String finalName(String contentType, String sniffed) {
    TargetNamer.Target naming = serverTarget != null ? serverTarget : target;
    if (!naming.needsExtension()) {
      return naming.name();
    }
    String ext = ImageTypes.extensionFor(contentType);
    if (ext == null) {
      ext = sniffed;
    }
    return ext == null ? naming.name() : TargetNamer.withExtension(naming, ext);
  }

  /** The file that makes a request needless, or null. Links count as existing and are never followed. */
  private Path existingFile() {
    return existingFile(target);
  }

  /** The file under that target's name (or, for a name still without extension, any image one), or null. */
  private Path existingFile(TargetNamer.Target t) {
    Path dir = ctx.outputDir();
    Path plain = dir.resolve(t.name());
    if (present(plain)) {
      return plain;
    }
    if (t.needsExtension()) {
      for (String ext : ImageTypes.EXTENSIONS) {
        Path p = dir.resolve(t.name() + "." + ext);
        if (present(p)) {
          return p;
        }
      }
    }
    return null;
  }

  /**
   * Whether something is there under that name. {@code java.io.File.exists} answers with one stat and
   * no exception; NIO's {@code Files.exists} builds a NoSuchFileException inside for every missing
   * name, which cost about 8 % of the CPU of a run of 1 KB files. A dangling link counts as absent:
   * the download then replaces the link itself (rename does not follow it) and writes nothing where
   * it points.
   */
  private static boolean present(Path p) {
    if (p.getFileSystem() != FileSystems.getDefault()) {
      return Files.exists(p, LinkOption.NOFOLLOW_LINKS);  // a library caller's own file system
    }
    return p.toFile().exists();
  }

  /** A strong ETag, else Last-Modified, else null: what If-Range may name. */
  private static String validatorOf(Response response) {
    String etag = response.header("ETag");
    return etag != null && !etag.startsWith("W/") ? etag : response.header("Last-Modified");
  }

  /** Whether a 206 is of the version the .part holds, as far as the response tells. */
  private boolean sameVersion(Response response) {
    if (validator == null) {
      return true;
    }
    String named = validator.startsWith("\"") ? response.header("ETag") : response.header("Last-Modified");
    return named == null || named.equals(validator);
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

  /** The image format a file's first bytes show, or null. */
  private static String sniffFile(Path file) {
    ByteBuffer head = ByteBuffer.allocate(ImageTypes.SNIFF_BYTES);
    try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
      while (head.hasRemaining() && in.read(head) >= 0) {
        // read on: the file may give its head in pieces
      }
    } catch (IOException e) {
      return null;
    }
    return ImageTypes.sniff(head.array(), head.position());
  }

  private static boolean rangeStartsAt(Response response, long offset) {
    String range = response.header("Content-Range");
    return range != null && range.strip().startsWith("bytes " + offset + "-");
  }

  private void discardPartial() {
    removePart();
    partBytes = 0;
    validator = null;
    resumable = false;
  }

  private void removePart() {
    try {
      Files.deleteIfExists(part);
    } catch (IOException e) {
      if (dev.fetch.Diagnostics.debug()) {
        Log.LOG.debug("could not remove {}: {}", part, e.toString());
      }
    }
    partBytes = 0;
  }

  private static long sizeOf(Path p) {
    try {
      return Files.size(p);
    } catch (IOException e) {
      return 0;
    }
  }

  private Step done(Status status, Path file, String note) {
    return Step.done(result(status, file, note));
  }

  private Step failed(String reason) {
    if (!(ctx.config().keepPartial() && partBytes > 0)) {
      removePart();
    }
    return Step.done(result(Status.FAILED, null, reason));
  }

  private DownloadResult result(Status status, Path file, String error) {
    long millis = (System.nanoTime() - startNanos) / 1_000_000;
    return new DownloadResult(entry, redactedUrl(), file, status, lastHttp,
        status == Status.SKIPPED ? 0 : bytesThisRun, millis, attempts, Redactor.redact(error));
  }

  private String redactedUrl() {
    return Redactor.redact(entry.url());
  }

  /** Failures that another attempt cannot mend. */
  private static boolean isFinal(IOException e) {
    String m = String.valueOf(e.getMessage());
    return e instanceof ProtocolException && m.startsWith("Too many follow-up requests")
        || e instanceof UnknownHostException
        || e instanceof SSLException && !(e.getCause() instanceof IOException);
  }

  private String describe(IOException e) {
    String m = e.getMessage() == null ? "" : e.getMessage();
    if (e instanceof ProtocolException && m.startsWith("Too many follow-up requests")) {
      return "too many redirects (more than 20)";
    }
    if (e instanceof UnknownHostException) {
      return "unknown host " + host;
    }
    if (e instanceof ConnectException || e instanceof NoRouteToHostException) {
      return "cannot connect to " + host + ": " + shorten(m);
    }
    if (e instanceof SocketTimeoutException) {
      // the JDK says "Connect timed out", OkHttp "connect timed out"
      return m.toLowerCase(java.util.Locale.ROOT).contains("connect")
          ? "connect timed out" : "read timed out (no data for --read-timeout)";
    }
    if (e instanceof InterruptedIOException && "timeout".equals(m)) {
      return "timed out (whole transfer longer than --timeout)";
    }
    if (e instanceof EOFException || m.contains("unexpected end of stream")) {
      return m.startsWith("truncated") ? m : "connection closed early (truncated body)";
    }
    if (e instanceof SSLException) {
      return "TLS error: " + shorten(m);
    }
    if (m.toLowerCase(java.util.Locale.ROOT).contains("reset")) {
      return "connection reset";
    }
    return e.getClass().getSimpleName() + (m.isEmpty() ? "" : ": " + shorten(m));
  }

  private static String shorten(String m) {
    String one = m.replace('\n', ' ').replace('\r', ' ');
    return one.length() > 160 ? one.substring(0, 157) + "..." : one;
  }

  /** A local write error: another attempt would not help, so it is never retried. */
  static final class WriteFailure extends IOException {
    WriteFailure(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
