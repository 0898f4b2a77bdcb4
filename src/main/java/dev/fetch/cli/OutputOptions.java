package dev.fetch.cli;

import dev.fetch.FetchConfig;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where files and results go, and what is shown while the run goes on. */
final class OutputOptions {
  /** The folder the command runs in. */
  static final String CURRENT_DIR = ".";

  @Option(names = {"-o", "--output-dir"}, paramLabel = "DIR", defaultValue = CURRENT_DIR,
      description = "Folder to save into; created if missing.")
  Path outputDir;

  @Option(names = "--overwrite", description = "Download files that already exist again and replace them.")
  boolean overwrite;

  @Option(names = "--refresh", description = "Check files that already exist again with a conditional GET "
      + "(If-None-Match with the saved ETag, If-Modified-Since); a new body replaces the file atomically, "
      + "304 leaves it as it is. Not with --overwrite.")
  boolean refresh;

  @Option(names = "--content-disposition",
      description = "Save an entry without NAME under the file name its server's Content-Disposition "
          + "header gives (sanitized; such names are chosen as downloads finish, not in list order).")
  boolean contentDisposition;

  @Option(names = {"-c", "--continue"},
      description = "Keep .part files of failed downloads and resume them (HTTP Range) on the next run.")
  boolean keepPartial;

  @Option(names = "--no-sync", description = "Do not flush each file to the disk before its rename: faster "
      + "on slow disks, but a power cut may leave files under final names incomplete.")
  boolean noSync;

  @Option(names = "--json", description = "Result lines as JSON Lines.")
  boolean json;

  @Option(names = "--sha256", description = "Compute each downloaded file's SHA-256 while it streams: "
      + "\"sha256\" in --json, a last tab field in text lines.")
  boolean sha256;

  @Option(names = "--failed", paramLabel = "FILE",
      description = "Write failed entries there as a URL list, for 'fetch -f FILE' to retry them.")
  Path failedList;

  @Option(names = "--log-file", paramLabel = "FILE",
      description = "Append a timestamped log of the run there, whatever -q says.")
  Path logFile;

  @Option(names = {"-q", "--quiet"}, description = "Print nothing when everything succeeded; failures still.")
  boolean quiet;

  @Option(names = {"-v", "--verbose"}, description = "Debug logging on stderr.")
  boolean verbose;

  @Option(names = "--no-progress", description = "No live progress line on stderr (shown only on a terminal).")
  boolean noProgress;

  void applyTo(FetchConfig.Builder b) {
    b.outputDir(outputDir)
        .overwrite(overwrite)
        .refresh(refresh)
        .sha256(sha256)
        .keepPartial(keepPartial)
        .sync(!noSync)
        .contentDisposition(contentDisposition);
  }
}
