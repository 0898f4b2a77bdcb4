package dev.fetch;

import dev.fetch.http.HttpSettings;
import dev.fetch.http.HttpVersion;
import dev.fetch.http.InvalidSettingException;
import dev.fetch.http.ProxyRules;
import dev.fetch.http.RequestHeader;
import dev.fetch.http.TlsTrust;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Everything a run needs to know, validated once. Built by the command line or, for library users,
 * by {@link #builder()}. Defaults are the named constants below; {@link Builder#build()} is the one
 * validation step; its messages name the builder's setting ("threads must be between 1 and 1024,
 * got 0"), see {@link InvalidConfigException#setting()}. How requests are made is {@link #http()}.
 */
public final class FetchConfig {
  // Numbers, not Durations, so that the command line's annotations can name them as defaults.
  public static final int DEFAULT_THREADS = 8;
  public static final int MAX_THREADS = 1024;
  /** No bound per host beyond the thread count. */
  public static final int DEFAULT_PER_HOST = 0;
  public static final long DEFAULT_CONNECT_TIMEOUT_SECONDS = 10;
  public static final long DEFAULT_READ_TIMEOUT_SECONDS = 30;
  public static final long DEFAULT_TIMEOUT_SECONDS = 300;
  public static final long DEFAULT_MAX_RETRY_WAIT_SECONDS = 60;
  public static final int DEFAULT_RETRIES = 3;
  public static final int MAX_RETRIES = 100;
  /** No bandwidth cap. */
  public static final long DEFAULT_LIMIT_RATE = 0;
  /** No size limit. */
  public static final long DEFAULT_MAX_SIZE = 0;
  /**
   * --verify decodes an image only up to this many pixels (width times height, from its header);
   * a larger one is saved with the reason "not verified: … above the limit".
   */
  public static final long DEFAULT_MAX_PIXELS = 100_000_000;
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(DEFAULT_CONNECT_TIMEOUT_SECONDS);
  public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(DEFAULT_READ_TIMEOUT_SECONDS);
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(DEFAULT_TIMEOUT_SECONDS);
  public static final Duration DEFAULT_MAX_RETRY_WAIT = Duration.ofSeconds(DEFAULT_MAX_RETRY_WAIT_SECONDS);
  public static final String DEFAULT_USER_AGENT = "fetch/" + Version.FETCH;

  private final int threads;
  private final Path outputDir;
  private final boolean overwrite;
  private final HttpSettings http;
  private final int retries;
  private final Duration maxRetryWait;
  private final boolean anyType;
  private final long maxSize;
  private final boolean keepPartial;
  private final long limitRate;
  private final int perHost;
  private final boolean dryRun;
  private final int shardIndex;
  private final int shardCount;
  private final boolean sync;
  private final boolean contentDisposition;
  private final boolean verify;
  private final long maxPixels;
  private final boolean refresh;
  private final boolean sha256;

  private FetchConfig(Builder b, HttpSettings http) {
    this.threads = b.threads;
    this.outputDir = b.outputDir;
    this.overwrite = b.overwrite;
    this.http = http;
    this.retries = b.retries;
    this.maxRetryWait = b.maxRetryWait;
    this.anyType = b.anyType;
    this.maxSize = b.maxSize;
    this.keepPartial = b.keepPartial;
    this.limitRate = b.limitRate;
    this.perHost = b.perHost;
    this.dryRun = b.dryRun;
    this.shardIndex = b.shardIndex;
    this.shardCount = b.shardCount;
    this.sync = b.sync;
    this.contentDisposition = b.contentDisposition;
    this.verify = b.verify;
    this.maxPixels = b.maxPixels;
    this.refresh = b.refresh;
    this.sha256 = b.sha256;
  }

  public static Builder builder() {
    return new Builder();
  }

  public int threads() { return threads; }
  public Path outputDir() { return outputDir; }
  public boolean overwrite() { return overwrite; }
  /** How requests are made: timeouts, User-Agent, extra headers, proxies, credentials on redirects. */
  public HttpSettings http() { return http; }
  public Duration connectTimeout() { return http.connectTimeout(); }
  public Duration readTimeout() { return http.readTimeout(); }
  /** Whole-transfer limit per attempt; zero means none. */
  public Duration timeout() { return http.timeout(); }
  public int retries() { return retries; }
  public Duration maxRetryWait() { return maxRetryWait; }
  public String userAgent() { return http.userAgent(); }
  /** Whether bodies that are not images are kept too. */
  public boolean anyType() { return anyType; }
  /** Largest body accepted, in bytes; 0 means no limit. */
  public long maxSize() { return maxSize; }
  /** Whether .part files of failed downloads are kept and resumed on the next run (-c). */
  public boolean keepPartial() { return keepPartial; }
  /** Total download bandwidth cap in bytes per second; 0 means none. */
  public long limitRate() { return limitRate; }
  /** Downloads in flight to one host at most; 0 means no bound beyond {@link #threads()}. */
  public int perHost() { return perHost; }
  /** Read and name the entries, request nothing. */
  public boolean dryRun() { return dryRun; }
  /** The extra request headers (-H); the same as {@code http().headers()}. */
  public List<RequestHeader> headers() { return http.headers(); }
  /** Which proxy, if any, each request goes through. */
  public ProxyRules proxyRules() { return http.proxyRules(); }
  /** This process's shard, 1-based; see {@link #shardCount()}. */
  public int shardIndex() { return shardIndex; }
  /** How many shards the list is split into (1: no sharding). */
  public int shardCount() { return shardCount; }
  /** Whether each file is flushed to the disk (fdatasync) before it is renamed to its final name. */
  public boolean sync() { return sync; }
  /**
   * Whether Authorization, Cookie and Proxy-Authorization headers, and credentials in URLs, go to every
   * host a redirect leads to (curl's --location-trusted); by default only to the entry's origin.
   */
  public boolean locationTrusted() { return http.locationTrusted(); }

  /**
   * Whether an entry without a NAME is saved under the name its response's Content-Disposition
   * header proposes (sanitized; chosen in finish order, not input order). Off by default.
   */
  public boolean contentDisposition() { return contentDisposition; }

  /** Whether each image is decoded in full before it gets its final name (on a pool of its own). */
  public boolean verify() { return verify; }
  /** With {@link #verify()}: larger images (width times height) are saved without being decoded. */
  public long maxPixels() { return maxPixels; }

  /**
   * Whether a file that is there already is checked again with a conditional GET (If-None-Match,
   * If-Modified-Since) and replaced when the server sends a new body, instead of skipped. Off by default.
   */
  public boolean refresh() { return refresh; }

  /** Whether each downloaded file's SHA-256 is computed (while it streams) and reported. Off by default. */
  public boolean sha256() { return sha256; }

  /**
   * Thrown by {@link Builder#build()} for a value out of range; its message is one line for users,
   * naming the setting as the builder does ({@code "perHost must be ..."}).
   */
  public static final class InvalidConfigException extends InvalidSettingException {
    public InvalidConfigException(String setting, String problem) {
      super(setting, problem);
    }
  }

  public static final class Builder {
    private int threads = DEFAULT_THREADS;
    private Path outputDir = Path.of("");
    private boolean overwrite;
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    private Duration readTimeout = DEFAULT_READ_TIMEOUT;
    private Duration timeout = DEFAULT_TIMEOUT;
    private int retries = DEFAULT_RETRIES;
    private Duration maxRetryWait = DEFAULT_MAX_RETRY_WAIT;
    private String userAgent = DEFAULT_USER_AGENT;
    private boolean anyType;
    private long maxSize;
    private boolean keepPartial;
    private long limitRate;
    private int perHost;
    private boolean dryRun;
    private final List<RequestHeader> headers = new ArrayList<>();
    private ProxyRules proxyRules = ProxyRules.NONE;
    private int shardIndex = 1;
    private int shardCount = 1;
    private boolean sync = true;
    private boolean locationTrusted;
    private boolean contentDisposition;
    private boolean verify;
    private long maxPixels = DEFAULT_MAX_PIXELS;
    private boolean refresh;
    private boolean sha256;
    private TlsTrust trust = TlsTrust.PLATFORM;
    private HttpVersion httpVersion = HttpVersion.ANY;

    private Builder() {}

    public Builder threads(int threads) { this.threads = threads; return this; }
    public Builder outputDir(Path outputDir) { this.outputDir = outputDir; return this; }
    public Builder overwrite(boolean overwrite) { this.overwrite = overwrite; return this; }
    public Builder connectTimeout(Duration d) { this.connectTimeout = d; return this; }
    public Builder readTimeout(Duration d) { this.readTimeout = d; return this; }
    public Builder timeout(Duration d) { this.timeout = d; return this; }
    public Builder retries(int retries) { this.retries = retries; return this; }
    public Builder maxRetryWait(Duration d) { this.maxRetryWait = d; return this; }
    public Builder userAgent(String userAgent) { this.userAgent = userAgent; return this; }
    public Builder anyType(boolean anyType) { this.anyType = anyType; return this; }
    public Builder maxSize(long bytes) { this.maxSize = bytes; return this; }
    public Builder keepPartial(boolean keep) { this.keepPartial = keep; return this; }
    public Builder limitRate(long bytesPerSecond) { this.limitRate = bytesPerSecond; return this; }
    public Builder perHost(int perHost) { this.perHost = perHost; return this; }
    public Builder dryRun(boolean dryRun) { this.dryRun = dryRun; return this; }
    public Builder header(String name, String value) { headers.add(new RequestHeader(name, value)); return this; }
    /** See {@link ProxyRules#of} and {@link ProxyRules#fromEnvironment}. */
    public Builder proxyRules(ProxyRules rules) { this.proxyRules = Objects.requireNonNull(rules); return this; }
    /** Download only shard {@code index} (1-based) of {@code count}, by a stable hash of the URL. */
    public Builder shard(int index, int count) { this.shardIndex = index; this.shardCount = count; return this; }
    /** See {@link FetchConfig#sync()}; on by default. */
    public Builder sync(boolean sync) { this.sync = sync; return this; }
    /** See {@link FetchConfig#locationTrusted()}; off by default. */
    public Builder locationTrusted(boolean trusted) { this.locationTrusted = trusted; return this; }
    /** See {@link FetchConfig#contentDisposition()}; off by default. */
    public Builder contentDisposition(boolean use) { this.contentDisposition = use; return this; }
    /** See {@link FetchConfig#verify()}; off by default. */
    public Builder verify(boolean verify) { this.verify = verify; return this; }
    /** See {@link FetchConfig#maxPixels()}; {@link #DEFAULT_MAX_PIXELS} by default. */
    public Builder maxPixels(long pixels) { this.maxPixels = pixels; return this; }
    /** See {@link FetchConfig#refresh()}; off by default; not with {@link #overwrite}. */
    public Builder refresh(boolean refresh) { this.refresh = refresh; return this; }
    /** See {@link FetchConfig#sha256()}; off by default. */
    public Builder sha256(boolean sha256) { this.sha256 = sha256; return this; }
    /** Which server certificates are trusted; the platform's by default. */
    public Builder trust(TlsTrust trust) { this.trust = Objects.requireNonNull(trust); return this; }
    /** Which HTTP versions to speak; {@link HttpVersion#ANY} (negotiated) by default. */
    public Builder httpVersion(HttpVersion v) { this.httpVersion = Objects.requireNonNull(v); return this; }

    public FetchConfig build() {
      if (threads < 1 || threads > MAX_THREADS) {
        throw invalid("threads", "must be between 1 and " + MAX_THREADS + ", got " + threads);
      }
      Objects.requireNonNull(outputDir, "outputDir");
      HttpSettings http;
      try {
        http = new HttpSettings(connectTimeout, readTimeout, timeout, userAgent, headers, proxyRules,
            locationTrusted, trust, httpVersion);
        HttpSettings.requireSeconds("maxRetryWait", maxRetryWait, true);
      } catch (InvalidSettingException e) {
        throw invalid(e.setting(), e.problem());
      }
      if (retries < 0 || retries > MAX_RETRIES) {
        throw invalid("retries", "must be between 0 and " + MAX_RETRIES + ", got " + retries);
      }
      if (maxSize < 0) {
        throw invalid("maxSize", "must not be negative");
      }
      if (perHost < 0 || perHost > MAX_THREADS) {
        throw invalid("perHost", "must be between 0 and " + MAX_THREADS + ", got " + perHost);
      }
      if (shardCount < 1 || shardIndex < 1 || shardIndex > shardCount) {
        throw invalid("shard", "must be K/N with 1 <= K <= N, got " + shardIndex + "/" + shardCount);
      }
      if (maxPixels < 1) {
        throw invalid("maxPixels", "must be at least 1, got " + maxPixels);
      }
      if (limitRate < 0) {
        throw invalid("limitRate", "must not be negative");
      }
      if (refresh && overwrite) {
        throw invalid("refresh", "cannot be combined with --overwrite, which downloads every file again "
            + "without asking whether it changed");
      }
      return new FetchConfig(this, http);
    }

    private static InvalidConfigException invalid(String setting, String problem) {
      return new InvalidConfigException(setting, problem);
    }

  }
}
