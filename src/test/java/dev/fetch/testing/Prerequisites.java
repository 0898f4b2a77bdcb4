package dev.fetch.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What a test needs from the machine (root for a tmpfs mount, a tool on the PATH …). Missing, the
 * test is skipped on a developer's machine but FAILS under {@code CI=true}: CI must provide it, so
 * that a green build never means "silently not run".
 */
public final class Prerequisites {
  private Prerequisites() {}

  public static void require(boolean met, String why) {
    if (met) {
      return;
    }
    if (underCi()) {
      fail("CI=true but a prerequisite is missing: " + why);
    }
    assumeTrue(false, why);
  }

  static boolean underCi() {
    return "true".equalsIgnoreCase(System.getenv("CI"));
  }
}
