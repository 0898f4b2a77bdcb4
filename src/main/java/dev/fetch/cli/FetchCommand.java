package dev.fetch.cli;

import dev.fetch.FetchConfig;
import dev.fetch.Version;
import dev.fetch.download.Downloader;
import dev.fetch.input.UrlListReader;
import dev.fetch.report.FailedListWriter;
import dev.fetch.report.ResultFormat;
import dev.fetch.report.ResultPrinter;
import dev.fetch.report.RunSummary;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** The command line: parse, validate into a {@link FetchConfig}, run the download, map to an exit code. */
@Command(
    name = "fetch",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    sortOptions = false,
    usageHelpAutoWidth = true,
    showDefaultValues = true,
    description = {
      "Downloads the images of a URL list concurrently into a folder.",
      "Each file is written to NAME.part and renamed only when complete; files already there are skipped.",
    },
    footerHeading = "%nExit codes:%n",
    footer = {
      "  0  every entry ok or skipped",
      "  1  at least one entry failed (all others were still processed)",
      "  2  usage or setup error (nothing downloaded)",
      "  130/143  interrupted by SIGINT/SIGTERM",
    })
public final class FetchCommand implements Callable<Integer> {

  static final class InputOptions {
    @Option(names = {"-f", "--file"}, paramLabel = "FILE",
        description = "URL list: one 'URL [NAME]' per line; '-' reads stdin.")
    String file;
  }

  static final class OutputOptions {
    @Option(names = {"-o", "--output-dir"}, paramLabel = "DIR", defaultValue = ".",
        description = "Folder to save into; created if missing.")
    Path outputDir;

    @Option(names = "--overwrite", description = "Download files that already exist again and replace them.")
    boolean overwrite;

    @Option(names = {"-c", "--continue"},
        description = "Keep .part files of failed downloads and resume them (HTTP Range) on the next run.")
    boolean keepPartial;

    @Option(names = "--json", description = "Result lines as JSON Lines.")
    boolean json;

    @Option(names = "--failed", paramLabel = "FILE",
        description = "Write failed entries there as a URL list, for 'fetch -f FILE' to retry them.")
    Path failedList;

    @Option(names = {"-q", "--quiet"}, description = "Print nothing when everything succeeded; failures still.")
    boolean quiet;

    @Option(names = {"-v", "--verbose"}, description = "Debug logging on stderr.")
    boolean verbose;
  }

  static final class NetworkOptions {
    @Option(names = {"-t", "--threads"}, paramLabel = "N", defaultValue = "" + FetchConfig.DEFAULT_THREADS,
        description = "Downloads in flight at once (1..${fetch.maxThreads}).")
    int threads;

    @Option(names = "--per-host", paramLabel = "N", defaultValue = "0",
        description = "Downloads in flight to one host at most (0: no bound beyond -t).")
    int perHost;

    @Option(names = "--connect-timeout", paramLabel = "SECONDS", defaultValue = "10",
        description = "Time to connect.")
    long connectTimeout;

    @Option(names = "--read-timeout", paramLabel = "SECONDS", defaultValue = "30",
        description = "Longest silence while reading.")
    long readTimeout;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "300",
        description = "Whole-transfer limit per attempt (0: none).")
    long timeout;

    @Option(names = "--retries", paramLabel = "N", defaultValue = "" + FetchConfig.DEFAULT_RETRIES,
        description = "Further attempts after transient failures (timeouts, resets, 408/425/429/5xx).")
    int retries;

    @Option(names = "--max-retry-wait", paramLabel = "SECONDS", defaultValue = "60",
        description = "Fail instead of waiting when Retry-After asks for longer.")
    long maxRetryWait;

    @Option(names = "--limit-rate", paramLabel = "RATE", converter = ByteSizeConverter.class,
        defaultValue = "0", description = "Total bandwidth cap in bytes/s (K, M, G suffixes; 0: none).")
    long limitRate;

    @Option(names = {"-A", "--user-agent"}, paramLabel = "TEXT",
        description = "User-Agent header (default: fetch/VERSION).")
    String userAgent;
  }

  static final class CheckOptions {
    @Option(names = "--any-type", description = "Keep bodies that are not images (by default they fail).")
    boolean anyType;

    @Option(names = "--max-size", paramLabel = "SIZE", converter = ByteSizeConverter.class,
        defaultValue = "0", description = "Largest file accepted (K, M, G suffixes; 0: no limit).")
    long maxSize;
  }

  @ArgGroup(validate = false, heading = "%nInput:%n", order = 1)
  InputOptions input = new InputOptions();

  @ArgGroup(validate = false, heading = "%nOutput:%n", order = 2)
  OutputOptions output = new OutputOptions();

  @ArgGroup(validate = false, heading = "%nNetwork:%n", order = 3)
  NetworkOptions network = new NetworkOptions();

  @ArgGroup(validate = false, heading = "%nChecks:%n", order = 4)
  CheckOptions checks = new CheckOptions();

  @Parameters(paramLabel = "URL", arity = "0..*", showDefaultValue = picocli.CommandLine.Help.Visibility.NEVER,
      description = "URLs to download, before those of -f.")
  List<String> urls = new ArrayList<>();

  @Spec CommandSpec spec;

  private final InputStream stdin;
  private final Interruption interruption;

  FetchCommand(InputStream stdin, Interruption interruption) {
    this.stdin = stdin;
    this.interruption = interruption;
  }

  @Override
  public Integer call() throws UsageException {
    if (output.verbose) {
      dev.fetch.Diagnostics.enableDebug();
      LoggingConfigurator.verbose();
    }
    FetchConfig config = buildConfig();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try (UrlListReader entries = openInput();
        FailedListWriter failedList = openFailedList();
        Downloader downloader = new Downloader(config)) {
      prepareOutputDir(config.outputDir());
      RunSummary summary = new RunSummary();
      AtomicBoolean outputClosed = new AtomicBoolean();
      ResultPrinter printer = new ResultPrinter(out,
          output.json ? ResultFormat.JSON_LINES : ResultFormat.TEXT, output.quiet,
          () -> { outputClosed.set(true); downloader.cancel(); });
      Consumer<dev.fetch.download.DownloadResult> sink = summary.andThen(printer);
      if (failedList != null) {
        sink = sink.andThen(failedList);
      }
      AtomicBoolean summaryPrinted = new AtomicBoolean();
      Runnable printSummary = () -> {
        if (summaryPrinted.compareAndSet(false, true)
            && !outputClosed.get() && (!output.quiet || summary.failed() > 0 || downloader.cancelled())) {
          err.println(summary.render(config.threads(), downloader.cancelled()));
          err.flush();
        }
      };
      CountDownLatch finished = new CountDownLatch(1);
      interruption.onSignal(() -> {
        downloader.cancel();
        awaitQuietly(finished, Duration.ofMillis(1600));
        if (!config.keepPartial()) {
          downloader.removePartFiles();
        }
        printSummary.run();
      });
      try {
        downloader.run(entries, sink);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        downloader.cancel();
      } catch (UncheckedIOException e) {
        downloader.cancel();
        throw new UsageException(e.getMessage());
      } finally {
        if (downloader.cancelled() && !config.keepPartial()) {
          downloader.removePartFiles();
        }
        printSummary.run();
        finished.countDown();
      }
      if (outputClosed.get()) {
        return ExitCodes.CLOSED_OUTPUT;
      }
      if (downloader.cancelled()) {
        return ExitCodes.INTERRUPTED;
      }
      return summary.failed() > 0 ? ExitCodes.SOME_FAILED : ExitCodes.OK;
    } catch (IOException e) {
      throw new UsageException(e.getMessage());
    }
  }

  private FetchConfig buildConfig() throws UsageException {
    if (input.file == null && urls.isEmpty()) {
      throw new UsageException("no URLs given: use -f FILE (or -f - for stdin) and/or URL arguments");
    }
    FetchConfig.Builder b = FetchConfig.builder()
        .threads(network.threads)
        .perHost(network.perHost)
        .outputDir(output.outputDir)
        .overwrite(output.overwrite)
        .keepPartial(output.keepPartial)
        .connectTimeout(Duration.ofSeconds(network.connectTimeout))
        .readTimeout(Duration.ofSeconds(network.readTimeout))
        .timeout(Duration.ofSeconds(network.timeout))
        .retries(network.retries)
        .maxRetryWait(Duration.ofSeconds(network.maxRetryWait))
        .limitRate(network.limitRate)
        .anyType(checks.anyType)
        .maxSize(checks.maxSize);
    if (network.userAgent != null) {
      b.userAgent(network.userAgent);
    }
    try {
      return b.build();
    } catch (FetchConfig.InvalidConfigException e) {
      throw new UsageException(e.getMessage());
    }
  }

  private UrlListReader openInput() throws UsageException {
    if (input.file == null) {
      return new UrlListReader(urls, null);
    }
    if (input.file.equals("-")) {
      return new UrlListReader(urls,
          new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8)));
    }
    Path path = Path.of(input.file);
    try {
      if (Files.isDirectory(path)) {
        throw new UsageException("cannot read " + input.file + ": it is a directory");
      }
      return new UrlListReader(urls, Files.newBufferedReader(path, StandardCharsets.UTF_8));
    } catch (NoSuchFileException e) {
      throw new UsageException("cannot read " + input.file + ": no such file");
    } catch (IOException e) {
      throw new UsageException("cannot read " + input.file + ": " + reason(e));
    }
  }

  private FailedListWriter openFailedList() throws UsageException {
    if (output.failedList == null) {
      return null;
    }
    try {
      return new FailedListWriter(output.failedList);
    } catch (IOException e) {
      throw new UsageException("cannot write --failed " + output.failedList + ": " + reason(e));
    }
  }

  /** Creates the folder and proves it writable before the first request. */
  static void prepareOutputDir(Path dir) throws UsageException {
    try {
      Files.createDirectories(dir);
      Path probe = Files.createTempFile(dir, ".fetch-", ".probe");
      Files.delete(probe);
    } catch (IOException | UnsupportedOperationException e) {
      throw new UsageException("cannot write to output dir " + dir + ": " + reason(e));
    }
  }

  private static String reason(Exception e) {
    if (e instanceof java.nio.file.FileSystemException fse) {
      if (fse.getReason() != null) {
        return fse.getReason();
      }
      if (e instanceof java.nio.file.AccessDeniedException) {
        return "permission denied";
      }
      if (e instanceof java.nio.file.FileAlreadyExistsException) {
        return "a file of that name is in the way";
      }
      if (e instanceof NoSuchFileException) {
        return "no such file or directory";
      }
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  private static void awaitQuietly(CountDownLatch latch, Duration d) {
    try {
      latch.await(d.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static String version() {
    return Version.FETCH;
  }
}
