package dev.fetch;

import dev.fetch.http.ProxyRules;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Everything a run needs to know, validated once. Built by the command line or, for library users,
 * by {@link #builder()}. Defaults are the named constants below; {@link Builder#build()} is the one
 * validation step.
 */
public final class FetchConfig {
  public static final int DEFAULT_THREADS = 8;
  public static final int MAX_THREADS = 1024;
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
  public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(30);
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(300);
  public static final int DEFAULT_RETRIES = 3;
  public static final int MAX_RETRIES = 100;
  public static final Duration DEFAULT_MAX_RETRY_WAIT = Duration.ofSeconds(60);

  private final int threads;
  private final Path outputDir;
  private final boolean overwrite;
  private final Duration connectTimeout;
  private final Duration readTimeout;
  private final Duration timeout;
  private final int retries;
  private final Duration maxRetryWait;
  private final String userAgent;
  private final boolean anyType;
  private final long maxSize;
  private final boolean keepPartial;
  private final long limitRate;
  private final int perHost;
  private final boolean dryRun;
  private final List<Header> headers;
  private final ProxyRules proxyRules;
  private final int shardIndex;
  private final int shardCount;
  private final boolean sync;
  private final boolean locationTrusted;
  private final boolean contentDisposition;

  /** An extra request header (-H). */
  public record Header(String name, String value) {}

  private FetchConfig(Builder b) {
    this.threads = b.threads;
    this.outputDir = b.outputDir;
    this.overwrite = b.overwrite;
    this.connectTimeout = b.connectTimeout;
    this.readTimeout = b.readTimeout;
    this.timeout = b.timeout;
    this.retries = b.retries;
    this.maxRetryWait = b.maxRetryWait;
    this.userAgent = b.userAgent;
    this.anyType = b.anyType;
    this.maxSize = b.maxSize;
    this.keepPartial = b.keepPartial;
    this.limitRate = b.limitRate;
    this.perHost = b.perHost;
    this.dryRun = b.dryRun;
    this.headers = List.copyOf(b.headers);
    this.proxyRules = b.proxyRules;
    this.shardIndex = b.shardIndex;
    this.shardCount = b.shardCount;
    this.sync = b.sync;
    this.locationTrusted = b.locationTrusted;
    this.contentDisposition = b.contentDisposition;
  }

  public static Builder builder() {
    return new Builder();
  }

  public int threads() { return threads; }
  public Path outputDir() { return outputDir; }
  public boolean overwrite() { return overwrite; }
  public Duration connectTimeout() { return connectTimeout; }
  public Duration readTimeout() { return readTimeout; }
  /** Whole-transfer limit per attempt; zero means none. */
  public Duration timeout() { return timeout; }
  public int retries() { return retries; }
  public Duration maxRetryWait() { return maxRetryWait; }
  public String userAgent() { return userAgent; }
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
  public List<Header> headers() { return headers; }
  /** Which proxy, if any, each request goes through. */
  public ProxyRules proxyRules() { return proxyRules; }
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
  public boolean locationTrusted() { return locationTrusted; }

  /**
   * Whether an entry without a NAME is saved under the name its response's Content-Disposition
   * header proposes (sanitized; chosen in finish order, not input order). Off by default.
   */
  public boolean contentDisposition() { return contentDisposition; }

  /** Thrown by {@link Builder#build()} for a value out of range; its message is one line for users. */
  public static final class InvalidConfigException extends IllegalArgumentException {
    public InvalidConfigException(String message) {
      super(message);
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
    private String userAgent = "fetch/" + Version.FETCH;
    private boolean anyType;
    private long maxSize;
    private boolean keepPartial;
    private long limitRate;
    private int perHost;
    private boolean dryRun;
    private final List<Header> headers = new ArrayList<>();
    private ProxyRules proxyRules = ProxyRules.NONE;
    private int shardIndex = 1;
    private int shardCount = 1;
    private boolean sync = true;
    private boolean locationTrusted;
    private boolean contentDisposition;

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
    public Builder header(String name, String value) { headers.add(new Header(name, value)); return this; }
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

    public FetchConfig build() {
      if (threads < 1 || threads > MAX_THREADS) {
        throw new InvalidConfigException(
            "--threads must be between 1 and " + MAX_THREADS + ", got " + threads);
      }
      Objects.requireNonNull(outputDir, "outputDir");
      requireSeconds("--connect-timeout", connectTimeout, false);
      requireSeconds("--read-timeout", readTimeout, false);
      requireSeconds("--timeout", timeout, true);
      requireSeconds("--max-retry-wait", maxRetryWait, true);
      if (retries < 0 || retries > MAX_RETRIES) {
        throw new InvalidConfigException(
            "--retries must be between 0 and " + MAX_RETRIES + ", got " + retries);
      }
      if (userAgent == null || userAgent.isBlank() || userAgent.chars().anyMatch(c -> c < 0x20)) {
        throw new InvalidConfigException("--user-agent must be a non-empty single line");
      }
      if (maxSize < 0) {
        throw new InvalidConfigException("--max-size must not be negative");
      }
      if (perHost < 0 || perHost > MAX_THREADS) {
        throw new InvalidConfigException("--per-host must be between 1 and " + MAX_THREADS + ", got " + perHost);
      }
      if (shardCount < 1 || shardIndex < 1 || shardIndex > shardCount) {
        throw new InvalidConfigException(
            "--shard must be K/N with 1 <= K <= N, got " + shardIndex + "/" + shardCount);
      }
      for (Header h : headers) {
        if (h.name() == null || !h.name().matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+")
            || h.value() == null || h.value().chars().anyMatch(c -> c < 0x20 && c != '\t' || c == 0x7f)) {
          throw new InvalidConfigException("--header must be 'Name: value' on one line, got '"
              + h.name() + ": " + h.value() + "'");
        }
      }
      if (limitRate < 0) {
        throw new InvalidConfigException("--limit-rate must not be negative");
      }
      return new FetchConfig(this);
    }

    private static void requireSeconds(String option, Duration d, boolean zeroAllowed) {
      if (d == null || d.isNegative() || (!zeroAllowed && d.isZero()) || d.toSeconds() > 86_400) {
        throw new InvalidConfigException(
            option + " must be " + (zeroAllowed ? "0" : "1") + " to 86400 seconds, got "
                + (d == null ? "nothing" : d.toSeconds()));
      }
    }
  }
}
