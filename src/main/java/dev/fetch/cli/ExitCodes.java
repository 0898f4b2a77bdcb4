package dev.fetch.cli;

/** The exit codes fetch promises to scripts. */
public final class ExitCodes {
  /** Every entry ok or skipped. */
  public static final int OK = 0;
  /** At least one entry failed; all others were still processed. */
  public static final int SOME_FAILED = 1;
  /** Usage or setup error: nothing was downloaded. */
  public static final int USAGE = 2;
  /** Stopped by SIGINT (Ctrl-C); SIGTERM gives 143. Both are set by the JVM as 128 + signal. */
  public static final int INTERRUPTED = 130;
  /** stdout was closed by its reader (e.g. {@code | head -1}), as for a process killed by SIGPIPE. */
  public static final int CLOSED_OUTPUT = 141;

  private ExitCodes() {}
}
