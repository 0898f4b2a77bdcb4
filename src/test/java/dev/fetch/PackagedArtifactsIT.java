package dev.fetch;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.fetch.testing.Prerequisites;
import dev.fetch.cli.FetchCommand;
import dev.fetch.testing.Launcher;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * What {@code mvn package} leaves in target/ besides the jar: the bash/zsh completion script, the man
 * page, and the launcher. Runs in {@code mvn verify}, after package.
 */
class PackagedArtifactsIT {
  private static final Path TARGET = Path.of(System.getProperty("basedir", "."), "target");
  private static final Path COMPLETION = TARGET.resolve("fetch_completion");
  private static final Path MAN_PAGE = TARGET.resolve("fetch.1");

  @RegisterExtension
  static WireMockExtension server = WireMockExtension.newInstance()
      .options(wireMockConfig().dynamicPort())
      .build();

  @TempDir Path dir;

  record Ran(int exit, String out, String err) {}

  private static Ran exec(Map<String, String> env, String... command) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(command).directory(TARGET.toFile());
    for (String v : List.of("HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy",
        "NO_PROXY", "no_proxy", "FETCH_JAVA_OPTS")) {
      pb.environment().remove(v);
    }
    pb.environment().putAll(env);
    Path out = Files.createTempFile("fetch-it-", ".out");
    Path err = Files.createTempFile("fetch-it-", ".err");
    pb.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(
        new File("/dev/null")));
    Process p = pb.start();
    try {
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("timed out: " + String.join(" ", command));
      }
      return new Ran(p.exitValue(), Files.readString(out), Files.readString(err));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  private static boolean onPath(String program) {
    for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(d, program))) {
        return true;
      }
    }
    return false;
  }

  @Test
  void completionScriptDefinesCompleteFetchAndKnowsTheOptions() throws IOException {
    assertTrue(Files.isRegularFile(COMPLETION), COMPLETION + " made by mvn package");
    String script = Files.readString(COMPLETION, StandardCharsets.UTF_8);
    assertTrue(script.contains("function _complete_fetch()"), "defines _complete_fetch");
    assertTrue(script.matches("(?s).*\\bcomplete\\b[^\\n]*-F _complete_fetch\\b[^\\n]*\\bfetch\\b.*"),
        "registers it for the fetch command");
    for (String option : List.of("--threads", "--dry-run", "--shard", "--shard-from-env", "--proxy", "--noproxy",
        "--header", "--log-file", "--no-progress", "--output-dir")) {
      assertTrue(script.contains("'" + option + "'"), "completes " + option);
    }
  }

  /** Skips without the program, except on CI (CI=true), where a missing one must not pass unnoticed. */
  private static void requireOnPath(String program) {
    Prerequisites.require(onPath(program), program + " not installed");
  }

  /** What the completion script offers for {@code words} (the last one being completed), run in {@code cwd}. */
  private static List<String> complete(Path cwd, String... words) throws Exception {
    String script = "source \"$1\" 2>/dev/null && cd \"$2\" || exit 3; shift 2;"
        + " COMP_WORDS=(fetch \"$@\"); COMP_CWORD=$#; _complete_fetch 2>/dev/null;"
        + " printf '%s\\n' \"${COMPREPLY[@]}\"";
    List<String> command = new ArrayList<>(List.of("bash", "-c", script, "bash",
        COMPLETION.toAbsolutePath().toString(), cwd.toString()));
    command.addAll(List.of(words));
    Ran r = exec(Map.of(), command.toArray(String[]::new));
    assertEquals(0, r.exit(), r.err());
    return r.out().lines().filter(l -> !l.isEmpty()).sorted().toList();
  }

  @Test
  void completionScriptCompletesFileNamesForEveryOptionThatTakesAPath() throws Exception {
    requireOnPath("bash");
    Path lists = Files.createDirectories(dir.resolve("lists"));
    for (String name : List.of("links.txt", "list.txt", "other.txt")) {
      Files.createFile(lists.resolve(name));
    }
    Path cwd = Files.createDirectories(dir.resolve("work"));

    // Options declared as a File or Path (or a list of them) get file completion from picocli;
    // the named ones must be among them.
    Set<String> pathOptions = new TreeSet<>(List.of("-f", "--file", "-o", "--output-dir",
        "--failed", "--log-file"));
    for (OptionSpec o : new CommandLine(new FetchCommand()).getCommandSpec().options()) {
      Class<?> type = o.typeInfo().isMultiValue() ? o.typeInfo().getAuxiliaryTypes()[0] : o.type();
      if (type == File.class || type == Path.class) {
        pathOptions.addAll(List.of(o.names()));
      }
    }
    for (String option : pathOptions) {
      assertEquals(List.of("../lists/links.txt", "../lists/list.txt"), complete(cwd, option, "../lists/li"),
          "file names after " + option);
    }
    assertEquals(List.of(), complete(cwd, "../lists/li"), "a URL argument is not a file name");
  }

  @Test
  void completionScriptLoadsInBashAndCompletesOptionPrefixes() throws Exception {
    requireOnPath("bash");
    Ran registered = exec(Map.of(), "bash", "-c", "source ./fetch_completion && complete -p fetch");
    assertEquals(0, registered.exit(), registered.err());
    assertTrue(registered.out().contains("_complete_fetch") && registered.out().strip().endsWith(" fetch"),
        registered.out());

    Ran completed = exec(Map.of(), "bash", "-c", "source ./fetch_completion 2>/dev/null;"
        + " COMP_WORDS=(fetch --thr); COMP_CWORD=1; _complete_fetch 2>/dev/null; echo \"${COMPREPLY[@]}\";"
        + " COMP_WORDS=(fetch --dry); COMP_CWORD=1; _complete_fetch 2>/dev/null; echo \"${COMPREPLY[@]}\"");
    assertEquals(0, completed.exit(), completed.err());
    assertEquals(List.of("--threads", "--dry-run"), completed.out().strip().lines().map(String::strip).toList());
  }

  @Test
  void manPageIsTroffAndDocumentsTheOptionsAndExitCodes() throws IOException {
    assertTrue(Files.isRegularFile(MAN_PAGE), MAN_PAGE + " made by mvn package");
    String troff = Files.readString(MAN_PAGE, StandardCharsets.UTF_8);
    assertTrue(troff.lines().anyMatch(l -> l.startsWith(".TH \"FETCH\" \"1\"")), "a section 1 man page (.TH)");
    assertTrue(troff.contains(".SH \"NAME\"") || troff.contains(".SH NAME"), "has a NAME section");
    String text = troff.replace("\\-", "-");
    for (String option : List.of("--threads", "--dry-run", "--shard", "--proxy", "--log-file", "--header")) {
      assertTrue(text.contains(option), "documents " + option);
    }
    assertTrue(text.contains("141"), "lists the exit codes");
    // the sections of --help, in order, each with its own options
    int input = text.indexOf(".SH \"INPUT:\"");
    int output = text.indexOf(".SH \"OUTPUT:\"");
    int network = text.indexOf(".SH \"NETWORK:\"");
    int behaviour = text.indexOf(".SH \"BEHAVIOUR:\"");
    assertTrue(0 < input && input < output && output < network && network < behaviour, text);
    assertTrue(text.indexOf("--shard", input) < output, "--shard under Input");
    assertTrue(text.indexOf("--proxy", output) > network && text.indexOf("--proxy", network) < behaviour,
        "--proxy under Network");
  }

  @Test
  void manPageRendersWithGroff() throws Exception {
    requireOnPath("groff");
    Ran r = exec(Map.of(), "groff", "-man", "-Tutf8", "-P-cbou", MAN_PAGE.toString());
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().contains("--threads"), r.out());
    assertTrue(r.out().contains("SYNOPSIS"), r.out());
  }

  @Test
  void launcherReportsItsVersionAndSendsItAsTheDefaultUserAgent() throws Exception {
    Launcher launcher = Launcher.in(dir.resolve("scratch"));
    Launcher.Result version = launcher.run("--version");
    assertEquals(0, version.exit(), version.err());
    String first = version.out().lines().findFirst().orElse("");
    assertTrue(first.matches("fetch \\d+\\.\\d+\\.\\d+\\S*"), "a released version, not 'dev': " + first);
    String v = first.substring("fetch ".length());

    server.stubFor(get(urlEqualTo("/a.jpg")).willReturn(aResponse().withHeader("Content-Type", "image/jpeg")
        .withBody(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 0, 0, 0})));
    Launcher.Result run = launcher.run("-o", dir.toString(), server.baseUrl() + "/a.jpg");
    assertEquals(0, run.exit(), run.err());
    assertTrue(Files.exists(dir.resolve("a.jpg")));
    LoggedRequest r = server.findAll(getRequestedFor(urlEqualTo("/a.jpg"))).get(0);
    assertEquals("fetch/" + v, r.getHeader("User-Agent"));
  }
}
