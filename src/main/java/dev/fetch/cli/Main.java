package dev.fetch.cli;

import java.io.InputStream;
import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine;

/** Entry point. {@link #run} is the seam tests use, with the streams passed in. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    AtomicBoolean returned = new AtomicBoolean();
    PrintWriter out = new PrintWriter(System.out, false);
    PrintWriter err = new PrintWriter(System.err, true);
    int code = run(args, System.in, out, err, Interruption.shutdownHook(returned));
    returned.set(true);
    out.flush();
    System.exit(code);
  }

  static int run(String[] args, InputStream in, PrintWriter out, PrintWriter err, Interruption interruption) {
    System.setProperty("fetch.maxThreads", String.valueOf(dev.fetch.FetchConfig.MAX_THREADS));
    CommandLine cli = new CommandLine(new FetchCommand(in, interruption));
    cli.setOut(out);
    cli.setErr(err);
    cli.setParameterExceptionHandler((ex, a) -> {
      err.println("fetch: " + ex.getMessage());
      err.println("Try 'fetch --help' for more information.");
      return ExitCodes.USAGE;
    });
    cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
      if (ex instanceof UsageException) {
        err.println("fetch: " + ex.getMessage());
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
}
