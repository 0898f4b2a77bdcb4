package dev.fetch.cli;

import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * Refuses a single-value option given twice, in fetch's words ({@code --threads may be given only
 * once}, exit 2): Main lets picocli overwrite such options so that this one check answers for all.
 * (When the options were picocli argument groups, a repeated option silently started a new instance
 * of its group and dropped the group's other options: {@code --connect-timeout 0 -t 8 -t 2} lost the
 * timeout.) Lists ({@code -H}, {@code -f}) may repeat.
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
