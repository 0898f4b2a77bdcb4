package dev.fetch.download;

import dev.fetch.FetchConfig;
import java.nio.file.Path;
import okhttp3.OkHttpClient;

/** What every download of a run shares. */
record RunContext(
    FetchConfig config,
    OkHttpClient client,
    TargetNamer namer,
    RetryPolicy retryPolicy,
    RunControl control,
    RateLimiter rateLimiter,
    HostGates hosts) {

  Path outputDir() {
    return config.outputDir();
  }
}
