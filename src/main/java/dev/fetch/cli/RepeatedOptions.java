package dev.fetch.cli;

import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * Refuses a single-value option given twice. picocli answers that itself for ordinary options, but
 * within an option group (our help sections) a repeated option silently starts a new instance of
 * the group's options, and every other option of the group given before it is lost:
 * {@code --connect-timeout 0 -t 8 -t 2} dropped the timeout. Lists ({@code -H}, {@code -f}) may repeat.
 */
final class RepeatedOptions {
  private RepeatedOptions() {}

  static void refuse(ParseResult parsed) throws UsageException {
    for (OptionSpec option : parsed.commandSpec().options()) {
      if (!option.isMultiValue() && timesGiven(parsed, option) > 1) {
        throw new UsageException(option.longestName() + " may be given only once");
      }
    }
  }

  private static int timesGiven(ParseResult parsed, OptionSpec option) {
    int n = 0;
    for (String arg : parsed.originalArgs()) {
      if (arg.equals("--")) {
        break;
      }
      for (String name : option.names()) {
        if (arg.equals(name) || name.startsWith("--") && arg.startsWith(name + "=")) {
          n++;
        }
      }
    }
    return n;
  }
}
