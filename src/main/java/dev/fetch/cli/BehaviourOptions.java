package dev.fetch.cli;

import dev.fetch.FetchConfig;
import java.time.Duration;
import picocli.CommandLine.Option;

/** What a run does with each entry: retries, which bodies it keeps, or nothing at all (--dry-run). */
final class BehaviourOptions {
  @Option(names = "--dry-run", description = "Read and check the list, print each entry's planned file; request nothing.")
  boolean dryRun;

  @Option(names = "--retries", paramLabel = "N", defaultValue = "" + FetchConfig.DEFAULT_RETRIES,
      description = "Further attempts after transient failures (timeouts, resets, 408/425/429/5xx).")
  int retries;

  @Option(names = "--max-retry-wait", paramLabel = "SECONDS",
      defaultValue = "" + FetchConfig.DEFAULT_MAX_RETRY_WAIT_SECONDS,
      description = "Fail instead of waiting when Retry-After asks for longer.")
  long maxRetryWait;

  @Option(names = "--any-type", description = "Keep bodies that are not images (by default they fail).")
  boolean anyType;

  @Option(names = "--max-size", paramLabel = "SIZE", converter = ByteSizeConverter.class,
      defaultValue = "" + FetchConfig.DEFAULT_MAX_SIZE,
      description = "Largest file accepted (K, M, G suffixes; 0: no limit).")
  long maxSize;

  @Option(names = "--verify", description = "Decode every image before it gets its final name, on one "
      + "decoder per core; a corrupt one fails and is not kept.")
  boolean verify;

  @Option(names = "--max-pixels", paramLabel = "N", converter = PixelCountConverter.class,
      defaultValue = "" + FetchConfig.DEFAULT_MAX_PIXELS,
      description = "With --verify: larger images (width x height; M: millions) are saved without decoding.")
  long maxPixels;

  void applyTo(FetchConfig.Builder b) {
    b.dryRun(dryRun)
        .retries(retries)
        .maxRetryWait(Duration.ofSeconds(maxRetryWait))
        .anyType(anyType)
        .maxSize(maxSize)
        .verify(verify)
        .maxPixels(maxPixels);
  }
}
