package dev.fetch;

/** Version strings, read from the jar manifest (the build writes Implementation-Version). */
public final class Version {
  public static final String FETCH = orDevelopment(Version.class.getPackage().getImplementationVersion());

  private Version() {}

  private static String orDevelopment(String v) {
    return v == null ? "dev" : v;
  }
}
