package dev.fetch.cli;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Where the command registers what to do on SIGINT/SIGTERM. The real one is a JVM shutdown hook;
 * tests pass their own. The JVM sets the exit code (130 for SIGINT, 143 for SIGTERM).
 */
interface Interruption {
  void onSignal(Runnable action);

  /** Runs the action in a shutdown hook, unless the command already returned normally. */
  static Interruption shutdownHook(AtomicBoolean returned) {
    return action -> Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      if (!returned.get()) {
        action.run();
      }
    }, "fetch-shutdown"));
  }

  Interruption NONE = action -> {};
}
