package dev.fetch.download;

import java.time.Duration;

/** The outcome of one turn of a {@link DownloadJob}: its result, or a wait before its next attempt. */
sealed interface Step permits Step.Done, Step.RetryAfter, Step.Decode {
  /** The entry is finished: exactly one result for it. */
  record Done(DownloadResult result) implements Step {}

  /** Another attempt is due after {@code delay}; the job holds no worker meanwhile. */
  record RetryAfter(Duration delay) implements Step {}

  /**
   * --verify: the body is complete in its .part; {@code verification} decodes it and gives the
   * entry's one result. It runs on the decode pool: the download worker is free meanwhile.
   */
  record Decode(java.util.function.Supplier<DownloadResult> verification) implements Step {}

  static Step done(DownloadResult result) {
    return new Done(result);
  }

  static Step retryIn(Duration wait) {
    return new RetryAfter(wait);
  }
}
