package dev.fetch;

import dev.fetch.download.DownloadResult;
import dev.fetch.download.Downloader;
import dev.fetch.download.RunControl;
import dev.fetch.input.ListEntry;
import dev.fetch.input.UrlListReader;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;

/**
 * fetch as a library: the same engine as the command line, for use inside another JVM program (a
 * Spark {@code foreachPartition}, a Flink sink, a Kafka consumer).
 *
 * <pre>{@code
 * FetchConfig config = FetchConfig.builder().threads(16).outputDir(Path.of("images")).build();
 * try (Fetcher fetcher = Fetcher.create(config)) {
 *   fetcher.fetch(lines.iterator(), result -> System.out.println(result.status() + " " + result.url()));
 * }
 * }</pre>
 *
 * Entries are lines in list format ({@code URL [NAME]}), or {@link ListEntry} values. Each entry
 * ends as exactly one {@link DownloadResult}, handed to the consumer from a worker thread as it
 * finishes; failures are results, not exceptions. A Fetcher holds one HTTP client and its
 * connections: create one per process or partition, use it for many entries, and close it.
 */
public final class Fetcher implements AutoCloseable {
  private final FetchConfig config;
  private final RunControl control = new RunControl();
  private final Downloader downloader;

  private Fetcher(FetchConfig config) {
    this.config = config;
    this.downloader = new Downloader(config, control);
  }

  /**
   * A fetcher for {@code config}, its output folder created and checked writable.
   *
   * @throws IOException when the output folder cannot be created or written to
   */
  public static Fetcher create(FetchConfig config) throws IOException {
    if (config.dryRun()) {
      checkOutputDir(config.outputDir());
    } else {
      prepareOutputDir(config.outputDir());
    }
    return new Fetcher(config);
  }

  /** Downloads every entry (lines in list format); returns when each has been handed to {@code results}. */
  public void fetchLines(Iterator<String> lines, Consumer<DownloadResult> results) throws InterruptedException {
    fetch(UrlListReader.ofLines(lines, "entry"), results);
  }

  /** Downloads every entry, in order of naming; returns when each has been handed to {@code results}. */
  public void fetch(Iterator<ListEntry> entries, Consumer<DownloadResult> results) throws InterruptedException {
    downloader.run(entries, results);
  }

  /** Convenience for short lists: downloads the lines and returns their results in input order. */
  public List<DownloadResult> fetchAll(List<String> lines) throws InterruptedException {
    List<DownloadResult> results = new ArrayList<>();
    fetchLines(lines.iterator(), r -> {
      synchronized (results) {
        results.add(r);
      }
    });
    results.sort((a, b) -> Long.compare(a.ordinal(), b.ordinal()));
    return results;
  }

  /** Stops a run from any thread: nothing new starts, transfers in flight are cancelled. */
  public void cancel() {
    control.cancel();
  }

  public boolean cancelled() {
    return control.cancelled();
  }

  /** Bytes received so far, for progress displays. */
  public long bytesReceived() {
    return control.bytesReceived();
  }

  /** The bodies being received whose length is known, and their bytes still to come, for progress displays. */
  public RunControl.Transfers transfers() {
    return control.transfers();
  }

  /** Removes the .part files of transfers cut off by {@link #cancel()}. */
  public void removePartFiles() {
    control.removePartFiles();
  }

  public FetchConfig config() {
    return config;
  }

  @Override
  public void close() {
    downloader.close();
  }

  /**
   * For a dry run, which writes nothing: the folder, or the nearest of its parents that exists, must
   * be a folder this process could write to.
   */
  static void checkOutputDir(Path dir) throws IOException {
    Path existing = dir.toAbsolutePath();
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing == null) {
      throw new NoSuchFileException(dir.toString(), null, "no such file or directory");
    }
    if (!Files.isDirectory(existing)) {
      throw new FileSystemException(existing.toString(), null, "not a directory");
    }
    if (!Files.isWritable(existing)) {
      throw new AccessDeniedException(existing.toString(), null, "permission denied");
    }
  }

  /** Creates the folder and proves it writable before the first request. */
  static void prepareOutputDir(Path dir) throws IOException {
    Files.createDirectories(dir);
    // A plain name, not Files.createTempFile: that seeds a SecureRandom, a noticeable part of start-up.
    Path probe = dir.resolve(".fetch-probe-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
    Files.createFile(probe);
    Files.delete(probe);
  }
}
