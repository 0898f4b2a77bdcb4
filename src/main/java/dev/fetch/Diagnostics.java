package dev.fetch;

/**
 * Whether debug logging is wanted (-v). Checked before touching SLF4J at all, so that a normal run
 * never loads or configures the logging backend: that saves about 200 classes at start-up.
 */
public final class Diagnostics {
  private static volatile boolean debug;

  private Diagnostics() {}

  public static boolean debug() {
    return debug;
  }

  public static void enableDebug() {
    debug = true;
  }
}
