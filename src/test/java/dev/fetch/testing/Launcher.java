package dev.fetch.testing;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Runs the packaged launcher ({@code target/fetch}, built by {@code mvn package}) as a process, for
 * the ITs. By default the start-up cache is off and HOME and XDG_CACHE_HOME point into the scratch
 * folder, so no background training JVM competes with the run and nothing is written outside it;
 * {@link #withStartUpCache()} turns the cache on, still inside the scratch folder. stdin is
 * /dev/null; stdout and stderr go to files in the scratch folder (or stdout to a pipe, see
 * {@link #startPiped}).
 */
public final class Launcher {
  private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
  private static final List<String> CLEARED = List.of("FETCH_JAVA_OPTS", "FETCH_CACHE", "HTTP_PROXY",
      "http_proxy", "HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy", "NO_PROXY", "no_proxy");

  private final Path scratch;
  private final Map<String, String> env = new TreeMap<>();
  private Path workDir;
  private String command;
  private boolean defaultSigint;
  private List<String> wrapper = List.of();
  private Duration timeout = DEFAULT_TIMEOUT;

  private Launcher(Path scratch) throws IOException {
    this.scratch = scratch;
    this.workDir = scratch;
    this.command = path().toString();
    Path home = Files.createDirectories(scratch.resolve("home"));
    env.put("HOME", home.toString());
    env.put("XDG_CACHE_HOME", home.resolve(".cache").toString());
    env.put("FETCH_CACHE", "off");
    // the JVM running the tests is the one the launcher should use
    env.put("JAVA_HOME", System.getProperty("java.home"));
  }

  /** A runner whose HOME, cache and output files live in {@code scratch} (a test's temp folder). */
  public static Launcher in(Path scratch) throws IOException {
    return new Launcher(scratch);
  }

  /** The packaged launcher; fails the test when it has not been built. */
  public static Path path() {
    Path fetch = Path.of(System.getProperty("basedir", "."), "target", "fetch").toAbsolutePath().normalize();
    if (!Files.isExecutable(fetch)) {
      throw new AssertionError(fetch + " is missing: run 'mvn package' first (mvn verify does)");
    }
    return fetch;
  }

  /** The start-up cache on, in the scratch folder's XDG_CACHE_HOME ({@link #cacheDir()}). */
  public Launcher withStartUpCache() {
    env.put("FETCH_CACHE", "on");
    return this;
  }

  /** Where the start-up cache keeps its archives. */
  public Path cacheDir() {
    return Path.of(env.get("XDG_CACHE_HOME")).resolve("fetch");
  }

  public Path home() {
    return Path.of(env.get("HOME"));
  }

  public Launcher env(String name, String value) {
    env.put(name, value);
    return this;
  }

  /** FETCH_JAVA_OPTS, e.g. {@code -Xmx64m}. */
  public Launcher javaOptions(String options) {
    return env("FETCH_JAVA_OPTS", options);
  }

  /** Runs the launcher as {@code spelling} (a relative path, a symlink …) from {@code dir}. */
  public Launcher spelledAs(Path dir, String spelling) {
    this.workDir = dir;
    this.command = spelling;
    return this;
  }

  /** SIGINT at its default action, in case the test JVM inherited it ignored (it would be, in a background job). */
  public Launcher interruptible() {
    this.defaultSigint = true;
    return this;
  }

  /** Runs the launcher under another program, e.g. {@code strace -f -o FILE}. */
  public Launcher wrappedIn(String... command) {
    this.wrapper = List.of(command);
    return this;
  }

  public Launcher timeout(Duration timeout) {
    this.timeout = timeout;
    return this;
  }

  public Path stdoutFile() {
    return scratch.resolve("stdout.txt");
  }

  public Path stderrFile() {
    return scratch.resolve("stderr.txt");
  }

  /** Starts a run with stdout and stderr going to {@link #stdoutFile()} and {@link #stderrFile()}. */
  public Process start(String... args) throws IOException {
    return builder(args).redirectOutput(stdoutFile().toFile()).start();
  }

  /** Starts a run whose stdout is a pipe ({@link Process#getInputStream()}); stderr goes to its file. */
  public Process startPiped(String... args) throws IOException {
    return builder(args).redirectOutput(ProcessBuilder.Redirect.PIPE).start();
  }

  /** Runs to the end (failing the test after the timeout) and returns what it printed. */
  public Result run(String... args) throws IOException, InterruptedException {
    return await(start(args));
  }

  /** Waits for a started run to end; fails the test if it does not within the timeout. */
  public Result await(Process p) throws IOException, InterruptedException {
    if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("fetch did not finish within " + timeout.toSeconds() + " s\n" + output());
    }
    return new Result(p.exitValue(), read(stdoutFile()), read(stderrFile()));
  }

  /** What the last run printed so far, for failure messages. */
  public String output() throws IOException {
    return "--- stdout\n" + read(stdoutFile()) + "--- stderr\n" + read(stderrFile());
  }

  private ProcessBuilder builder(String... args) throws IOException {
    List<String> cmd = new ArrayList<>(wrapper);
    if (defaultSigint && envResetsSignals()) {
      // env execs fetch, which execs java: the process's pid stays the JVM's
      cmd.addAll(List.of("env", "--default-signal=INT"));
    }
    cmd.add(command);
    cmd.addAll(List.of(args));
    Files.deleteIfExists(stdoutFile());
    ProcessBuilder pb = new ProcessBuilder(cmd)
        .directory(workDir.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .redirectError(stderrFile().toFile());
    CLEARED.forEach(pb.environment()::remove);
    pb.environment().putAll(env);
    return pb;
  }

  private static Boolean envResetsSignals;

  private static synchronized boolean envResetsSignals() throws IOException {
    if (envResetsSignals == null) {
      Process probe = new ProcessBuilder("env", "--default-signal=INT", "true")
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      try {
        envResetsSignals = probe.waitFor(10, TimeUnit.SECONDS) && probe.exitValue() == 0;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        envResetsSignals = false;
      }
    }
    return envResetsSignals;
  }

  private static String read(Path file) throws IOException {
    return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
  }

  /** Exit code and everything printed. */
  public record Result(int exit, String out, String err) {
    /** The stdout lines, blank ones dropped. */
    public List<String> outLines() {
      return out.lines().filter(l -> !l.isEmpty()).toList();
    }

    @Override
    public String toString() {
      return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }
}
