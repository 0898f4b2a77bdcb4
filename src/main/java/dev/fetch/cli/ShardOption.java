package dev.fetch.cli;

import java.util.Map;
import picocli.CommandLine.ITypeConverter;

/**
 * This process's shard, 1-based: --shard K/N, or --shard-from-env VAR/N (VAR holds a 0-based index;
 * N a number or a variable).
 */
record ShardOption(int index, int count) {
  /** The whole list: neither option given. */
  static final ShardOption WHOLE = new ShardOption(1, 1);

  /** --shard K/N. */
  static final class Converter implements ITypeConverter<ShardOption> {
    @Override
    public ShardOption convert(String shard) throws UsageException {
      String[] kn = split(shard, "--shard", "K/N, e.g. 2/8");
      return check(number(kn[0], "--shard", shard), number(kn[1], "--shard", shard), "--shard " + shard);
    }
  }

  /** --shard-from-env VAR/N, read from {@code env}. */
  static ShardOption fromEnv(String fromEnv, Map<String, String> env) throws UsageException {
    String[] vn = split(fromEnv, "--shard-from-env", "VAR/N, e.g. JOB_COMPLETION_INDEX/8");
    String index = env.get(vn[0]);
    if (index == null || index.isBlank()) {
      throw new UsageException("--shard-from-env: environment variable " + vn[0] + " is not set");
    }
    String count = vn[1].chars().allMatch(Character::isDigit) ? vn[1] : env.get(vn[1]);
    if (count == null || count.isBlank()) {
      throw new UsageException("--shard-from-env: environment variable " + vn[1] + " is not set");
    }
    int k = number(index.strip(), "--shard-from-env", vn[0] + "=" + index) + 1;
    int n = number(count.strip(), "--shard-from-env", count);
    return check(k, n, "--shard-from-env " + fromEnv + " (index " + (k - 1) + " of " + n + ")");
  }

  private static String[] split(String value, String option, String form) throws UsageException {
    String[] parts = value.split("/", -1);
    if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
      throw new UsageException(option + " must be " + form + ", got '" + value + "'");
    }
    return new String[] {parts[0].strip(), parts[1].strip()};
  }

  private static int number(String s, String option, String value) throws UsageException {
    try {
      return Integer.parseInt(s);
    } catch (NumberFormatException e) {
      throw new UsageException(option + ": '" + value + "' is not a whole number");
    }
  }

  private static ShardOption check(int k, int n, String what) throws UsageException {
    if (n < 1 || k < 1 || k > n) {
      throw new UsageException(what + ": need 1 <= K <= N");
    }
    return new ShardOption(k, n);
  }
}
