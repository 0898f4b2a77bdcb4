package dev.fetch.http;

/**
 * A setting out of range. Its message speaks of the value ({@code "timeout must be 0 to 86400 seconds,
 * got -1"}); {@link #setting()} and {@link #problem()} let a caller name the setting its own way (a CLI
 * flag, a property).
 */
public class InvalidSettingException extends IllegalArgumentException {
  private final String setting;
  private final String problem;

  public InvalidSettingException(String setting, String problem) {
    super(setting + " " + problem);
    this.setting = setting;
    this.problem = problem;
  }

  /** The setting's name, as the builder method that sets it ({@code "connectTimeout"}). */
  public String setting() {
    return setting;
  }

  /** What is wrong with the value, without the setting's name ({@code "must be ..., got 0"}). */
  public String problem() {
    return problem;
  }
}
