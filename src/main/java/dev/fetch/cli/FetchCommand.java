package dev.fetch.cli;

import dev.fetch.FetchConfig;
import dev.fetch.Fetcher;
import dev.fetch.download.DownloadResult;
import dev.fetch.download.FileErrors;
import dev.fetch.http.ProxyRules;
import dev.fetch.input.ListCounter;
import dev.fetch.input.UrlListReader;
import dev.fetch.report.ClosingReport;
import dev.fetch.report.FailedListWriter;
import dev.fetch.report.ProgressDisplay;
import dev.fetch.report.ResultFormat;
import dev.fetch.report.ResultLog;
import dev.fetch.report.ResultPrinter;
import dev.fetch.report.RunSummary;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help.Visibility;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** The command line: parse, validate into a {@link FetchConfig}, run the download, map to an exit code. */
@Command(
    name = "fetch",
    mixinStandardHelpOptions = true,
    addMethodSubcommands = false,
    versionProvider = VersionProvider.class,
    sortOptions = false,
    usageHelpAutoWidth = true,
    showDefaultValues = true,
    description = {
      "Downloads the images of a URL list concurrently into a folder.",
      "Each file is written to NAME.part and renamed only when complete; files already there are skipped.",
      "Results go to stdout, one line per entry; the summary and progress go to stderr.",
    },
    footerHeading = "%nExit codes:%n",
    footer = {
      "  0    every entry ok or skipped",
      "  1    at least one entry failed (all others were still processed)",
      "  2    usage or setup error (nothing downloaded)",
      "  130  interrupted by SIGINT (143: SIGTERM)",
      "  141  stdout was closed by its reader",
      "",
      "Environment: HTTPS_PROXY, HTTP_PROXY, ALL_PROXY, NO_PROXY (or lower case) as in curl;",
      "JAVA_HOME and FETCH_JAVA_OPTS for the launcher.",
    })
public final class FetchCommand implements Callable<Integer> {

  static final class InputOptions {
    // A Path, so that the completion script completes file names (as for every Path option).
    @Option(names = {"-f", "--file"}, paramLabel = "FILE",
        description = "URL list: one 'URL [NAME]' per line; '-' reads stdin. Repeatable: the lists are "
            + "read in the order given, after the URL arguments.")
    List<Path> files = new ArrayList<>();

    @Option(names = "--shard", paramLabel = "K/N",
        description = "Download only shard K of N (by a stable hash of the URL); names stay those of the whole list.")
    String shard;

    @Option(names = "--shard-from-env", paramLabel = "VAR/N",
        description = "Like --shard, K taken from the 0-based index in environment variable VAR "
            + "(e.g. JOB_COMPLETION_INDEX/4); N may also name a variable.")
    String shardFromEnv;
  }

  static final class OutputOptions {
    @Option(names = {"-o", "--output-dir"}, paramLabel = "DIR", defaultValue = ".",
        description = "Folder to save into; created if missing.")
    Path outputDir;

    @Option(names = "--overwrite", description = "Download files that already exist again and replace them.")
    boolean overwrite;

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
  }

  static final class NetworkOptions {
    @Option(names = {"-t", "--threads"}, paramLabel = "N", defaultValue = "" + FetchConfig.DEFAULT_THREADS,
        description = "Downloads in flight at once (1.." + FetchConfig.MAX_THREADS + ").")
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

    @Option(names = "--limit-rate", paramLabel = "RATE", converter = ByteSizeConverter.class,
        defaultValue = "0", description = "Total bandwidth cap in bytes/s (K, M, G suffixes; 0: none).")
    long limitRate;

    @Option(names = {"-A", "--user-agent"}, paramLabel = "TEXT",
        description = "User-Agent header (default: fetch/VERSION).")
    String userAgent;

    @Option(names = {"-H", "--header"}, paramLabel = "'NAME: VALUE'",
        description = "Extra request header; repeatable. Authorization, Cookie and Proxy-Authorization "
            + "(and user:pass@ in URLs) go only to the URL's own scheme, host and port, not where it redirects.")
    List<String> headers = new ArrayList<>();

    @Option(names = "--location-trusted",
        description = "Send those credentials across redirects to other hosts too, as curl does. A risk: "
            + "every host in a redirect chain, even over plain http, then gets your passwords and cookies.")
    boolean locationTrusted;

    @Option(names = "--proxy", paramLabel = "URL",
        description = "HTTP proxy for every request (overrides *_PROXY variables); '' for none.")
    String proxy;

    @Option(names = "--noproxy", paramLabel = "HOSTS",
        description = "Comma-separated hosts and domains to reach directly ('*': all); overrides NO_PROXY.")
    String noProxy;
  }

  static final class BehaviourOptions {
    @Option(names = "--dry-run", description = "Read and check the list, print each entry's planned file; request nothing.")
    boolean dryRun;

    @Option(names = "--retries", paramLabel = "N", defaultValue = "" + FetchConfig.DEFAULT_RETRIES,
        description = "Further attempts after transient failures (timeouts, resets, 408/425/429/5xx).")
    int retries;

    @Option(names = "--max-retry-wait", paramLabel = "SECONDS", defaultValue = "60",
        description = "Fail instead of waiting when Retry-After asks for longer.")
    long maxRetryWait;

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

  @ArgGroup(validate = false, heading = "%nBehaviour:%n", order = 4)
  BehaviourOptions behaviour = new BehaviourOptions();

  @Parameters(paramLabel = "URL", arity = "0..*", showDefaultValue = Visibility.NEVER,
      description = "URLs to download, before those of -f.")
  List<String> urls = new ArrayList<>();

  @Spec CommandSpec spec;

  private final InputStream stdin;
  private final Map<String, String> env;
  private final Terminal terminal;

  /** Which of the output streams a person is watching. */
  record Terminal(boolean stderr, boolean stdout) {}
  private final Interruption interruption;

  /** For tools that build the command from its annotations (completion script, man page). */
  public FetchCommand() {
    this(System.in, Map.of(), new Terminal(false, false), Interruption.NONE);
  }

  FetchCommand(InputStream stdin, Map<String, String> env, Terminal terminal, Interruption interruption) {
    this.stdin = stdin;
    this.env = env;
    this.terminal = terminal;
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
        Fetcher fetcher = createFetcher(config)) {
      if (output.logFile != null) {
        openLogFile();
      }
      RunSummary summary = new RunSummary(config.dryRun());
      AtomicBoolean outputClosed = new AtomicBoolean();
      ResultPrinter printer = new ResultPrinter(out,
          output.json ? ResultFormat.JSON_LINES : ResultFormat.TEXT, output.quiet,
          () -> { outputClosed.set(true); fetcher.cancel(); });
      Consumer<DownloadResult> sink = summary.andThen(printer);
      if (failedList != null) {
        sink = sink.andThen(failedList);
      }
      if (output.logFile != null) {
        sink = sink.andThen(new ResultLog());
      }
      ProgressDisplay progress = null;
      if (showProgress()) {
        progress = new ProgressDisplay(err, fetcher::bytesReceived, fetcher::transfers, totalEntries(config),
            config.threads()).start();
        printer.clearBeforeEachLine(progress);
        sink = sink.andThen(progress);
      }
      ClosingReport report = new ClosingReport(err, summary, output.quiet,
          terminal.stderr() && !terminal.stdout(), output.logFile != null, progress);
      Runnable printSummary =
          () -> report.print(config.threads(), fetcher.cancelled(), outputClosed.get());
      CountDownLatch finished = new CountDownLatch(1);
      interruption.onSignal(() -> {
        fetcher.cancel();
        awaitQuietly(finished, Duration.ofMillis(1600));
        if (!config.keepPartial()) {
          fetcher.removePartFiles();
        }
        printSummary.run();
      });
      try {
        fetcher.fetch(entries, sink);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        fetcher.cancel();
      } catch (UncheckedIOException e) {
        fetcher.cancel();
        throw new UsageException(e.getMessage());
      } finally {
        if (fetcher.cancelled() && !config.keepPartial()) {
          fetcher.removePartFiles();
        }
        printSummary.run();
        finished.countDown();
      }
      if (outputClosed.get()) {
        return ExitCodes.CLOSED_OUTPUT;
      }
      if (fetcher.cancelled()) {
        return ExitCodes.INTERRUPTED;
      }
      return summary.failed() > 0 ? ExitCodes.SOME_FAILED : ExitCodes.OK;
    } catch (IOException e) {
      throw new UsageException(e.getMessage());
    }
  }

  private boolean showProgress() {
    String term = env.getOrDefault("TERM", "");
    return terminal.stderr() && !output.quiet && !output.noProgress && !term.equals("dumb");
  }

  private java.util.function.LongSupplier totalEntries(FetchConfig config) {
    if (config.shardCount() > 1) {
      return () -> -1;
    }
    long arguments = urls.stream().filter(u -> !u.isBlank()).count();
    if (input.files.isEmpty()) {
      return () -> arguments;
    }
    if (input.files.stream().anyMatch(f -> ListOption.isStdin(f) || !Files.isRegularFile(f))) {
      return () -> -1; // stdin or a pipe cannot be read twice
    }
    AtomicLong total = ListCounter.countInBackground(input.files, arguments);
    return total::get;
  }

  private FetchConfig buildConfig() throws UsageException {
    if (input.files.isEmpty() && urls.isEmpty()) {
      throw new UsageException("no URLs given: use -f FILE (or -f - for stdin) and/or URL arguments");
    }
    ListOption.check(input.files);
    FetchConfig.Builder b = FetchConfig.builder()
        .threads(network.threads)
        .perHost(network.perHost)
        .outputDir(output.outputDir)
        .overwrite(output.overwrite)
        .keepPartial(output.keepPartial)
        .connectTimeout(Duration.ofSeconds(network.connectTimeout))
        .readTimeout(Duration.ofSeconds(network.readTimeout))
        .timeout(Duration.ofSeconds(network.timeout))
        .retries(behaviour.retries)
        .maxRetryWait(Duration.ofSeconds(behaviour.maxRetryWait))
        .limitRate(network.limitRate)
        .anyType(behaviour.anyType)
        .maxSize(behaviour.maxSize)
        .dryRun(behaviour.dryRun)
        .sync(!output.noSync)
        .locationTrusted(network.locationTrusted)
        .contentDisposition(output.contentDisposition);
    if (network.userAgent != null) {
      b.userAgent(network.userAgent);
    }
    for (String h : network.headers) {
      int colon = h.indexOf(':');
      if (colon <= 0) {
        throw new UsageException("--header must be 'Name: value', got '" + h + "'");
      }
      b.header(h.substring(0, colon).strip(), h.substring(colon + 1).strip());
    }
    int[] shard = ShardOption.parse(input.shard, input.shardFromEnv, env);
    b.shard(shard[0], shard[1]);
    try {
      b.proxyRules(ProxyRules.fromEnvironment(env, network.proxy, network.noProxy));
      return b.build();
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
  }

  private UrlListReader openInput() throws UsageException {
    return ListOption.open(urls, input.files, stdin);
  }

  private Fetcher createFetcher(FetchConfig config) throws UsageException {
    try {
      return Fetcher.create(config);
    } catch (IOException | UnsupportedOperationException e) {
      throw new UsageException("cannot write to output dir " + config.outputDir() + ": " + FileErrors.reason(e));
    }
  }

  private FailedListWriter openFailedList() throws UsageException {
    if (output.failedList == null) {
      return null;
    }
    try {
      return new FailedListWriter(output.failedList);
    } catch (IOException e) {
      throw new UsageException("cannot write --failed " + output.failedList + ": " + FileErrors.reason(e));
    }
  }

  private void openLogFile() throws UsageException {
    try {
      LoggingConfigurator.logToFile(output.logFile);
    } catch (IOException e) {
      throw new UsageException("cannot write --log-file " + output.logFile + ": " + FileErrors.reason(e));
    }
    ResultLog.info("fetch " + dev.fetch.Version.FETCH + " started: "
        + dev.fetch.http.Redactor.redact(String.join(" ", spec.commandLine().getParseResult().originalArgs())));
  }

  private static void awaitQuietly(CountDownLatch latch, Duration d) {
    try {
      latch.await(d.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
