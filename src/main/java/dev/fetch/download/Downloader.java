package dev.fetch.download;

import dev.fetch.Diagnostics;
import dev.fetch.FetchConfig;
import dev.fetch.download.DownloadResult.Status;
import dev.fetch.http.HttpClients;
import dev.fetch.http.Redactor;
import dev.fetch.input.ListEntry;
import java.time.Duration;
import java.util.Iterator;
import java.util.function.Consumer;
import okhttp3.OkHttpClient;

/**
 * The engine behind {@link dev.fetch.Fetcher}, which is the public face: it holds the run's shared
 * OkHttp client and turns entries into downloads that a {@link Scheduler} runs on {@code -t} named
 * workers. The list is read lazily on the caller's thread and names are assigned there, in input
 * order; at most {@link #backlog} entries are between "read" and "finished" at any time, so memory
 * does not grow with the list. Every entry ends as exactly one {@link DownloadResult} handed to the
 * sink (from a worker thread; the sink must be thread-safe).
 */
public final class Downloader implements AutoCloseable {
  /** Entries read ahead of the workers, beyond one per worker (some may be waiting to retry). */
  static final int READ_AHEAD_PER_THREAD = 4;
  static final int READ_AHEAD_MIN = 64;
  /** How long a cancelled run waits for downloads in flight to wind down. */
  static final Duration CANCEL_GRACE = Duration.ofMillis(1200);

  private final FetchConfig config;
  private final OkHttpClient client;
  private final RunControl control;
  private final int backlog;

  /** @param control the stop switch and transfer counters of every run of this downloader */
  public Downloader(FetchConfig config, RunControl control) {
    this.config = config;
    OkHttpClient c = HttpClients.create(config.http(), config.threads());
    this.client = Diagnostics.debug() ? HttpClients.withConnectionLog(c) : c;
    this.control = control;
    this.backlog = config.threads() * READ_AHEAD_PER_THREAD + READ_AHEAD_MIN;
  }

  /** Downloads every entry; returns when each has a result (or, after a cancel, when all stopped). */
  public void run(Iterator<ListEntry> entries, Consumer<DownloadResult> sink) throws InterruptedException {
    RunContext ctx = new RunContext(config, client, new TargetNamer(),
        new RetryPolicy(config.retries(), config.maxRetryWait()), control,
        config.limitRate() > 0 ? new RateLimiter(config.limitRate()) : null,
        new HostGates(config.perHost()));
    Shards shards = new Shards(config.shardIndex(), config.shardCount());
    // --verify: every decoding waiting for a decoder holds a window place, so the window bounds the queue
    DecodePool decoders = config.verify() && !config.dryRun() ? DecodePool.forCores(backlog) : null;
    new Scheduler(config.threads(), backlog, ctx.hosts(), control, CANCEL_GRACE, sink, decoders)
        .run(entries, (entry, done) -> plan(entry, done, ctx, shards));
  }

  /** On the reader's thread, in input order: names the entry and makes its job, or its result at once. */
  private static ScheduledJob plan(ListEntry entry, Consumer<DownloadResult> done, RunContext ctx, Shards shards) {
    if (!shards.isMine(entry)) {
      // Still named (below), so that every shard assigns the same names; another shard downloads it.
      if (entry.isValid()) {
        ctx.namer().plan(entry);
      }
      return null;
    }
    if (!entry.isValid()) {
      done.accept(DownloadResult.withoutRequest(entry, Redactor.redact(entry.url()), Status.FAILED, entry.error()));
      return null;
    }
    TargetNamer.Target target = ctx.namer().plan(entry);
    if (target == null) {
      done.accept(DownloadResult.withoutRequest(entry, Redactor.redact(entry.url()), Status.SKIPPED,
          "duplicate of an earlier entry"));
      return null;
    }
    if (entry.httpUrl().isHttps()) {
      HttpClients.expectHttps(ctx.config().http());
    }
    try {
      return new DownloadJob(entry, target, ctx);
    } catch (RuntimeException e) {
      done.accept(DownloadResult.withoutRequest(entry, Redactor.redact(entry.url()), Status.FAILED,
          "internal error: " + e));
      return null;
    }
  }

  @Override
  public void close() {
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
  }
}
