package dev.fetch.download;

/**
 * What the {@link Scheduler} runs: one entry's download, one turn per {@link #run()}. Once the run's
 * {@link RunControl} is cancelled, a turn starts no request and ends in a {@link Step.Done}
 * ("interrupted"), so that a job can always be brought to its one result.
 *
 * <p>An abstract class rather than an interface only so that its methods can stay package-private.
 */
abstract class ScheduledJob {
  /** The host that {@code --per-host} and the 429/503 pauses count this job against. */
  abstract String host();

  /** One attempt: the entry's result, or a wait before the next turn. */
  abstract Step run();

  /** The failed result for a turn that threw: a bug, reported rather than lost. */
  abstract DownloadResult internalError(RuntimeException bug);
}
