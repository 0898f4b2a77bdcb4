package dev.fetch.cli;

import dev.fetch.Diagnostics;
import dev.fetch.FetchConfig;
import dev.fetch.FetchConfig.InvalidConfigException;
import dev.fetch.input.UrlListReader;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help.Visibility;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
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
      "Each file is written to NAME.part and renamed only when complete; files already there are skipped",
      "(with --refresh, checked again with a conditional GET).",
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
      "SSL_CERT_FILE (trusted PEM certificates, as in OpenSSL) without --cacert;",
      "JAVA_HOME and FETCH_JAVA_OPTS for the launcher.",
    })
public final class FetchCommand implements Callable<Integer> {
  // Mixins, listed under headings by HelpSections: argument groups would cost every parse a
  // rendering of each group's synopsis (half of the parse: 41-48 -> 21-23 ms, measured).
  @Mixin(name = HelpSections.INPUT)
  InputOptions input = new InputOptions();

  @Mixin(name = HelpSections.OUTPUT)
  OutputOptions output = new OutputOptions();

  @Mixin(name = HelpSections.NETWORK)
  NetworkOptions network = new NetworkOptions();

  @Mixin(name = HelpSections.BEHAVIOUR)
  BehaviourOptions behaviour = new BehaviourOptions();

  @Parameters(paramLabel = "URL", arity = "0..*", showDefaultValue = Visibility.NEVER,
      description = "URLs to download, before those of -f.")
  List<String> urls = new ArrayList<>();

  @Spec CommandSpec spec;

  private final InputStream stdin;
  private final Map<String, String> env;
  private final Terminal terminal;
  private final Interruption interruption;

  /** Which of the output streams a person is watching. */
  record Terminal(boolean stderr, boolean stdout) {}

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
      Diagnostics.enableDebug();
      LoggingConfigurator.verbose();
    }
    FetchConfig config = buildConfig();
    CommandLine cli = spec.commandLine();
    if (!config.http().trust().isChecked()) {
      cli.getErr().println("fetch: warning: --insecure: TLS certificates and host names are not checked");
    }
    CommandRun.Console console = new CommandRun.Console(cli.getOut(), cli.getErr(), showProgress(),
        terminal.stderr() && !terminal.stdout());
    try (UrlListReader entries = ListOption.open(urls, input.files, stdin);
        CommandRun run = CommandRun.open(config, output, console, cli.getParseResult().originalArgs(),
            input.files)) {
      return run.execute(entries, input.totalEntries(urls, config), interruption);
    } catch (IOException e) {
      throw new UsageException(e.getMessage());
    }
  }

  private boolean showProgress() {
    String term = env.getOrDefault("TERM", "");
    return terminal.stderr() && !output.quiet && !output.noProgress && !term.equals("dumb");
  }

  private FetchConfig buildConfig() throws UsageException {
    if (input.files.isEmpty() && urls.isEmpty()) {
      throw new UsageException("no URLs given: use -f FILE (or -f - for stdin) and/or URL arguments");
    }
    RepeatedOptions.refuse(spec.commandLine().getParseResult());
    ListOption.check(input.files);
    FetchConfig.Builder b = FetchConfig.builder();
    output.applyTo(b);
    behaviour.applyTo(b);
    input.applyTo(b, env);
    network.applyTo(b, env);
    try {
      return b.build();
    } catch (InvalidConfigException e) {
      throw new UsageException(flag(e.setting()) + " " + e.problem());
    }
  }

  /** The option that sets a config setting: {@code perHost} is {@code --per-host}. */
  static String flag(String setting) {
    return "--" + setting.replaceAll("([A-Z])", "-$1").toLowerCase(Locale.ROOT);
  }
}
