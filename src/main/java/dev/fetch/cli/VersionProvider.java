package dev.fetch.cli;

import dev.fetch.Version;
import okhttp3.OkHttp;
import picocli.CommandLine.IVersionProvider;

/** {@code fetch --version}: fetch's, Java's and OkHttp's versions. */
final class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() {
    return new String[] {
      "fetch " + Version.FETCH,
      "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")",
      "OkHttp " + OkHttp.VERSION,
    };
  }
}
