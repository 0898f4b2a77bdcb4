package dev.fetch.download;

import dev.fetch.Diagnostics;
import dev.fetch.FetchConfig;
import dev.fetch.download.BodySaver.Mismatch;
import dev.fetch.download.BodySaver.Outcome;
import dev.fetch.download.BodySaver.Refused;
import dev.fetch.download.BodySaver.Saved;
import dev.fetch.download.BodySaver.Skipped;
import dev.fetch.download.BodySaver.ToVerify;
import dev.fetch.download.DownloadResult.Status;
import dev.fetch.download.FailureClassifier.Failure;
import dev.fetch.download.ImageVerifier.Verdict;
import dev.fetch.download.RetryPolicy.Decision;
import dev.fetch.download.RetryPolicy.Retry;
import dev.fetch.http.HttpClients;
import dev.fetch.http.Redactor;
import dev.fetch.input.ListEntry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import okhttp3.Call;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One entry's download, one attempt per {@link #run()} call. Each call ends in a result, or in a
 * wait before the next attempt: the scheduler then runs it again later, so that a waiting download
 * holds no worker. The body streams to {@code NAME.part} ({@link PartFile}), is checked, and only
 * then renamed to {@code NAME}: a file under its final name is always complete.
 */
final class DownloadJob extends ScheduledJob {
  /** The logger, created on first use only (see {@link Diagnostics}). */
  private static final class Log {
    static final Logger LOG = LoggerFactory.getLogger(DownloadJob.class);
  }

  private final ListEntry entry;
  private final TargetNamer.Target target;
  private final RunContext ctx;
  private final FetchConfig config;
  private final String host;
  private final PartFile part;
  private final ResumeState resume;
  private final BodySaver saver;
  private int attempts;
  private long startNanos;
  private int lastHttp;
  private String lastProtocol;
  private boolean restartedFromScratch;
  /** --refresh (or a digest the file did not match): the file there, and what the GET asks about it. */
  private ConditionalRequest conditions;
  private String sha256;
  private String refresh;

  DownloadJob(ListEntry entry, TargetNamer.Target target, RunContext ctx) {
    this.entry = entry;
    this.target = target;
    this.ctx = ctx;
    this.config = ctx.config();
    this.host = entry.httpUrl().host();
    this.part = new PartFile(ctx.outputDir().resolve(target.name() + FileNames.PART_SUFFIX));
    this.resume = new ResumeState(part);
    this.saver = new BodySaver(entry, target, ctx, part, resume);
  }

  String host() {
    return host;
  }

  Step run() {
    if (attempts == 0 && startNanos == 0) {
      startNanos = System.nanoTime();
      Path existing = config.overwrite() ? null : ExistingFile.find(ctx.outputDir(), target);
      if (existing != null) {
        Recheck.Decision decision = Recheck.decide(config, entry, existing);
        if (decision instanceof Recheck.Skip skip) {
          sha256 = skip.sha256();
          return done(Status.SKIPPED, existing, skip.reason());
        }
        if (decision instanceof Recheck.Plan) {
          return done(Status.PLANNED, existing, null);
        }
        conditions = ((Recheck.Fetch) decision).conditions();
        saver.replace(existing);
      }
      if (config.keepPartial() && !config.dryRun() && part.isRegularFile()) {
        resume.adoptKept(entry.url(), config.anyType());
      }
    }
    if (ctx.control().cancelled()) {
      return failed("interrupted");
    }
    if (config.dryRun()) {
      String planned = target.needsExtension() ? target.name() + ".*" : target.name();
      return done(Status.PLANNED, ctx.outputDir().resolve(planned), null);
    }
    if (ctx.control().diskIsFull()) {
      // after a write failed for lack of space, every further download would fail the same way
      return failed(attempts == 0 ? "not attempted: disk full" : "disk full");
    }
    attempts++;
    try {
      return attempt();
    } catch (WriteFailure e) {
      part.remove();
      if (FileErrors.isDiskFull(e)) {
        ctx.control().diskFull();
      }
      return failed(e.getMessage());
    } catch (IOException e) {
      if (ctx.control().cancelled()) {
        return failed("interrupted");
      }
      Failure failure = FailureClassifier.classify(e, host);
      if (!resume.resumable() && !config.keepPartial()) {
        // with -c the bytes are kept for the next run, which asks for the rest with Range anyway
        part.remove();
      }
      return failure.isFinal() ? failed(failure.reason())
          : decide(ctx.retryPolicy().afterFailure(failure.reason(), attempts));
    }
  }

  /** A result for an entry that could not run at all because of a bug, so the run can go on. */
  DownloadResult internalError(RuntimeException bug) {
    part.remove();
    return result(Status.FAILED, null, "internal error: " + bug);
  }

  private Step attempt() throws IOException {
    long from = resume.resumeFrom();
    Call call = ctx.client().newCall(GetRequest.of(entry.httpUrl(), config, from, resume.validator(), conditions));
    ctx.control().started(call);
    if (Diagnostics.debug()) {
      Log.LOG.debug("GET {} (attempt {}{})", redactedUrl(), attempts, from > 0 ? ", from byte " + from : "");
    }
    try (Response response = call.execute()) {
      lastHttp = response.code();
      lastProtocol = HttpClients.protocolName(response);
      if (response.code() == 304 && from == 0 && conditions != null && conditions.isConditional()) {
        refresh = DownloadResult.NOT_MODIFIED; // the file stays as it is, bytes and time
        return done(Status.SKIPPED, conditions.existing(), DownloadResult.NOT_MODIFIED);
      }
      if (from > 0 && response.code() == 416) {
        // The .part file does not fit what the server has now: start over.
        return restartFromScratch("HTTP 416 for a resumed download");
      }
      if (!response.isSuccessful()) {
        return httpFailure(response);
      }
      boolean append = from > 0 && ResumeState.continues(response, from);
      if (response.code() == 206 && !append) {
        return restartFromScratch("unexpected partial content");
      }
      if (append && !resume.sameVersion(response)) {
        // If-Range should have made the server send it all; it sent the rest of another version
        return restartFromScratch("the resource changed since the .part was written");
      }
      if (!append) {
        part.startOver();
      }
      Outcome outcome = saver.save(call, response, append);
      if (outcome instanceof Saved saved) {
        sha256 = saved.sha256();
        refresh = saved.refresh();
        return Step.done(result(Status.OK, saved.file(), null, saved.size()));
      }
      if (outcome instanceof ToVerify toVerify) {
        return new Step.Decode(() -> verified(toVerify));
      }
      if (outcome instanceof Skipped skipped) {
        return done(Status.SKIPPED, skipped.existing(), "exists");
      }
      if (outcome instanceof Mismatch mismatch) {
        return restartFromScratch(mismatch.reason());
      }
      return failed(((Refused) outcome).reason());
    } finally {
      ctx.control().finished(call);
    }
  }

  /** --verify, on a decoder: the sound .part gets its final name; a corrupt one is removed, not retried. */
  private DownloadResult verified(ToVerify body) {
    try {
      Verdict verdict = ctx.control().cancelled() ? Verdict.CANCELLED
          : ImageVerifier.check(part.path(), body.kind(), config.maxPixels(), ctx.control()::cancelled);
      switch (verdict.outcome()) {
        case CANCELLED:
          return failure("interrupted");
        case CORRUPT:
          part.remove(); // the server sent these bytes: another attempt would bring the same
          return result(Status.FAILED, null, verdict.reason(), null);
        default: // sound, or not verified (and the reason says why)
          sha256 = body.sha256();
          refresh = body.refresh();
          return result(Status.OK, saver.placeVerified(body), verdict.reason(), body.size());
      }
    } catch (WriteFailure e) {
      part.remove();
      return result(Status.FAILED, null, e.getMessage(), null);
    } finally {
      ctx.control().doneVerifying(part.path());
    }
  }

  private Step httpFailure(Response response) {
    int code = response.code();
    if (!RetryPolicy.isRetryableStatus(code)) {
      return failed("HTTP " + code + SpaceHint.forStatus(entry, code));
    }
    Duration asked = RetryPolicy.parseRetryAfter(HttpClients.retryAfter(response), Instant.now());
    return decide(ctx.retryPolicy().afterStatus(code, asked, attempts, wait -> ctx.hosts().slowDown(host, wait)));
  }

  private Step restartFromScratch(String reason) {
    resume.discard();
    boolean first = !restartedFromScratch;
    restartedFromScratch = true;
    return decide(ctx.retryPolicy().afterMismatch(reason, attempts, first));
  }

  private Step decide(Decision decision) {
    if (!(decision instanceof Retry retry) || ctx.control().cancelled()) {
      return failed(decision.reason());
    }
    if (Diagnostics.debug()) {
      Log.LOG.debug("{}: {}; attempt {} in {} ms", redactedUrl(), retry.reason(), attempts + 1, retry.delay().toMillis());
    }
    return Step.retryIn(retry.delay());
  }

  private Step done(Status status, Path file, String note) {
    return Step.done(result(status, file, note));
  }

  private Step failed(String reason) {
    return Step.done(failure(reason));
  }

  private DownloadResult failure(String reason) {
    if (!(config.keepPartial() && part.length() > 0)) {
      part.remove();
    }
    return result(Status.FAILED, null, reason);
  }

  private DownloadResult result(Status status, Path file, String error) {
    return result(status, file, error, null);
  }

  /** @param size the image's, from its header; null when unknown */
  private DownloadResult result(Status status, Path file, String error, ImageHeader.Size size) {
    long millis = (System.nanoTime() - startNanos) / 1_000_000;
    return new DownloadResult(entry, redactedUrl(), file, status, lastHttp,
        status == Status.SKIPPED ? 0 : part.written(), millis, attempts, Redactor.redact(error), lastProtocol,
        size == null ? 0 : size.width(), size == null ? 0 : size.height(), sha256, refresh);
  }

  private String redactedUrl() {
    return Redactor.redact(entry.url());
  }
}
