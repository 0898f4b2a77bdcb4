package dev.fetch.cli;

import dev.fetch.http.HttpClients;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine;

/**
 * Entry point. {@link #run} is the seam tests use, with the streams passed in; the launcher's run goes
 * through it too, so that both start the same way.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    AtomicBoolean returned = new AtomicBoolean();
    PrintWriter out = new PrintWriter(System.out, false);
    PrintWriter err = new PrintWriter(System.err, true);
    boolean stderrIsTerminal = Boolean.getBoolean("fetch.stderr.tty");
    boolean stdoutIsTerminal = Boolean.getBoolean("fetch.stdout.tty");
    int code = run(args, System.in, out, err, System.getenv(), stderrIsTerminal, stdoutIsTerminal,
        Interruption.shutdownHook(returned));
    returned.set(true);
    out.flush();
    System.exit(code);
  }

  /** The test seam: no environment, stderr not a terminal. */
  static int run(String[] args, InputStream in, PrintWriter out, PrintWriter err, Interruption interruption) {
    return run(args, in, out, err, Map.of(), false, interruption);
  }

  /** As if stdout and stderr were one place (both a terminal, or neither). */
  static int run(String[] args, InputStream in, PrintWriter out, PrintWriter err, Map<String, String> env,
      boolean stderrIsTerminal, Interruption interruption) {
    return run(args, in, out, err, env, stderrIsTerminal, stderrIsTerminal, interruption);
  }

  static int run(String[] args, InputStream in, PrintWriter out, PrintWriter err, Map<String, String> env,
      boolean stderrIsTerminal, boolean stdoutIsTerminal, Interruption interruption) {
    HttpClients.prewarm(); // builds the HTTP client in the background while the command line is parsed
    CommandLine cli = HelpSections.install(new CommandLine(
        new FetchCommand(in, env, new FetchCommand.Terminal(stderrIsTerminal, stdoutIsTerminal), interruption)));
    // a single-value option given twice is refused by RepeatedOptions, in fetch's words
    cli.setOverwrittenOptionsAllowed(true);
    cli.setOut(out);
    cli.setErr(err);
    cli.setParameterExceptionHandler((ex, a) -> {
      if (ex.getCause() instanceof UsageException usage) { // from a converter: its message says it all
        err.println("fetch: " + oneLine(usage.getMessage()));
        return ExitCodes.USAGE;
      }
      err.println("fetch: " + oneLine(ex.getMessage()));
      err.println("Try 'fetch --help' for more information.");
      return ExitCodes.USAGE;
    });
    cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
      if (ex instanceof UsageException) {
        err.println("fetch: " + oneLine(ex.getMessage()));
        return ExitCodes.USAGE;
      }
      err.println("fetch: internal error: " + ex);
      if (parseResult.hasMatchedOption("-v")) {
        ex.printStackTrace(err);
      }
      return ExitCodes.SOME_FAILED;
    });
    return cli.execute(args);
  }

  /** A message that may quote user input (a header, a path) as one printable line: controls become '?'. */
  static String oneLine(String message) {
    return String.valueOf(message).codePoints()
        .map(c -> Character.isISOControl(c) && c != '\t' ? '?' : c)
        .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
        .toString();
  }
}
