package dev.fetch.cli;

import dev.fetch.FetchConfig;
import dev.fetch.input.ListCounter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import picocli.CommandLine.Option;

/** Where the URLs come from, and which of them this process takes. */
final class InputOptions {
  // A Path, so that the completion script completes file names (as for every Path option).
  @Option(names = {"-f", "--file"}, paramLabel = "FILE",
      description = "URL list: one 'URL [NAME]' per line; '-' reads stdin. Repeatable: the lists are "
          + "read in the order given, after the URL arguments.")
  List<Path> files = new ArrayList<>();

  @Option(names = "--shard", paramLabel = "K/N", converter = ShardOption.Converter.class,
      description = "Download only shard K of N (by a stable hash of the URL); names stay those of the whole list.")
  ShardOption shard;

  @Option(names = "--shard-from-env", paramLabel = "VAR/N",
      description = "Like --shard, K taken from the 0-based index in environment variable VAR "
          + "(e.g. JOB_COMPLETION_INDEX/4); N may also name a variable.")
  String shardFromEnv;

  void applyTo(FetchConfig.Builder b, Map<String, String> env) throws UsageException {
    if (shard != null && shardFromEnv != null) {
      throw new UsageException("--shard and --shard-from-env cannot be used together");
    }
    ShardOption mine = shard != null ? shard
        : shardFromEnv != null ? ShardOption.fromEnv(shardFromEnv, env) : ShardOption.WHOLE;
    b.shard(mine.index(), mine.count());
  }

  /** For the progress line: how many entries there are, as far as is known (-1: unknown). */
  LongSupplier totalEntries(List<String> urls, FetchConfig config) {
    if (config.shardCount() > 1) {
      return () -> -1;
    }
    long arguments = urls.stream().filter(u -> !u.isBlank()).count();
    if (files.isEmpty()) {
      return () -> arguments;
    }
    if (files.stream().anyMatch(f -> ListOption.isStdin(f) || !Files.isRegularFile(f))) {
      return () -> -1; // stdin or a pipe cannot be read twice
    }
    AtomicLong total = ListCounter.countInBackground(files, arguments);
    return total::get;
  }
}
