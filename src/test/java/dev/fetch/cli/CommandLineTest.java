package dev.fetch.cli;

import static dev.fetch.cli.DownloadTest.assertNoStackTrace;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fetch.FetchConfig;
import dev.fetch.FetchConfig.InvalidConfigException;
import dev.fetch.cli.CliFixtures.Outcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import picocli.CommandLine;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Usage and setup errors, help and version: no server needed, and none may be contacted. */
class CommandLineTest {
  @TempDir Path tmp;

  /** A usage error: exit 2, nothing on stdout, a short message on stderr and no stack trace. */
  private static Outcome assertUsageError(Outcome run) {
    assertEquals(2, run.exit(), run::toString);
    assertEquals("", run.out(), run::toString);
    assertTrue(run.err().startsWith("fetch: "), run::toString);
    assertTrue(run.errLines().size() <= 2, run::toString);
    assertNoStackTrace(run.err());
    return run;
  }

  @Test
  void noListAndNoUrlIsAUsageError() {
    Outcome run = assertUsageError(CliFixtures.run("-o", tmp.toString()));
    assertTrue(run.err().contains("no URLs given"), run::toString);
    assertEquals(1, run.errLines().size());
  }

  @Test
  void unknownOptionGivesOneLinePlusAUsageHint() {
    Outcome run = assertUsageError(CliFixtures.run("--bogus", "http://127.0.0.1:9/a.jpg"));
    assertEquals(2, run.errLines().size(), run::toString);
    assertTrue(run.errLines().get(0).contains("--bogus"), run::toString);
    assertTrue(run.errLines().get(1).contains("--help"), run::toString);
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "-1", "1025", "100000"})
  void threadCountOutOfRangeIsAUsageError(String threads) {
    Outcome run = assertUsageError(CliFixtures.run("-t", threads, "-o", tmp.resolve("out").toString(),
        "http://127.0.0.1:9/a.jpg"));
    assertEquals(1, run.errLines().size(), run::toString);
    assertTrue(run.err().contains("--threads must be between 1 and 1024"), run::toString);
    assertFalse(Files.exists(tmp.resolve("out")), "nothing set up after a usage error");
  }

  /** picocli dropped the other options of a help group when one of them came twice: now refused. */
  @Test
  void aSingleValueOptionGivenTwiceIsAUsageErrorInsteadOfDroppingItsNeighbours() {
    Outcome run = assertUsageError(CliFixtures.run("--connect-timeout", "0", "-t", "8", "-t", "2",
        "-o", tmp.resolve("out").toString(), "http://127.0.0.1:9/a.jpg"));
    assertEquals(List.of("fetch: --threads may be given only once"), run.errLines());
    assertFalse(Files.exists(tmp.resolve("out")), "nothing set up after a usage error");
    Outcome lists = CliFixtures.run("--dry-run", "-H", "A: 1", "-H", "B: 2", "-o", tmp.resolve("o2").toString(),
        "http://127.0.0.1:9/a.jpg");
    assertEquals(0, lists.exit(), lists::toString);
  }

  @Test
  void perHostAcceptsZeroAndSaysSo() {
    Outcome run = assertUsageError(CliFixtures.run("--per-host", "-1", "http://127.0.0.1:9/a.jpg"));
    assertEquals(List.of("fetch: --per-host must be between 0 and 1024, got -1"), run.errLines());
    Outcome zero = CliFixtures.run("--per-host", "0", "-o", tmp.toString(), "not-a-url");
    assertEquals(1, zero.exit(), zero::toString); // the run went ahead: the line failed, not the option
  }

  /** The library's messages name its setting; the command names the flag that sets it. */
  @Test
  void everyConfigMessageNamesASettingTheCommandHasAFlagFor() {
    CommandLine cli = new CommandLine(new FetchCommand());
    for (Executable bad : List.<Executable>of(
        () -> FetchConfig.builder().threads(0).build(),
        () -> FetchConfig.builder().perHost(-1).build(),
        () -> FetchConfig.builder().connectTimeout(Duration.ZERO).build(),
        () -> FetchConfig.builder().readTimeout(Duration.ZERO).build(),
        () -> FetchConfig.builder().timeout(Duration.ofSeconds(-1)).build(),
        () -> FetchConfig.builder().maxRetryWait(Duration.ofDays(2)).build(),
        () -> FetchConfig.builder().retries(-1).build(),
        () -> FetchConfig.builder().userAgent(" ").build(),
        () -> FetchConfig.builder().header("Bad Name", "x").build(),
        () -> FetchConfig.builder().maxSize(-1).build(),
        () -> FetchConfig.builder().limitRate(-1).build(),
        () -> FetchConfig.builder().shard(3, 2).build())) {
      InvalidConfigException e = assertThrows(InvalidConfigException.class, bad);
      assertEquals(e.setting() + " " + e.problem(), e.getMessage());
      assertFalse(e.getMessage().startsWith("-"), e.getMessage());
      assertTrue(cli.getCommandSpec().findOption(FetchCommand.flag(e.setting())) != null, e.getMessage());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"abc", "", "1.5", "8x"})
  void threadCountThatIsNotANumberIsAUsageError(String threads) {
    Outcome run = assertUsageError(CliFixtures.run("-t", threads, "http://127.0.0.1:9/a.jpg"));
    assertTrue(run.errLines().get(0).contains("'" + threads + "'"), run::toString);
  }

  @Test
  void optionMissingItsValueIsAUsageError() {
    assertUsageError(CliFixtures.run("http://127.0.0.1:9/a.jpg", "-t"));
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 1024})
  void threadCountBoundsAreAccepted(int threads) {
    // a line that is not a URL fails without any network: the run itself went ahead (exit 1, not 2)
    Outcome run = CliFixtures.run("-t", Integer.toString(threads), "-o", tmp.toString(), "not-a-url");
    assertEquals(1, run.exit(), run::toString);
    assertTrue(run.out().startsWith("failed\t"), run::toString);
    assertTrue(run.err().contains("with " + threads + " thread"), run::toString);
  }

  @Test
  void badSizeIsAUsageError() {
    Outcome run = assertUsageError(CliFixtures.run("--max-size", "lots", "http://127.0.0.1:9/a.jpg"));
    assertTrue(run.err().contains("'lots'"), run::toString);
  }

  @Test
  void negativeRetriesIsAUsageError() {
    assertUsageError(CliFixtures.run("--retries", "-1", "http://127.0.0.1:9/a.jpg"));
  }

  @Test
  void missingListFileIsAUsageError() {
    Outcome run = assertUsageError(CliFixtures.run("-f", tmp.resolve("nope.txt").toString()));
    assertTrue(run.err().contains("no such file"), run::toString);
    assertEquals(1, run.errLines().size(), run::toString);
  }

  @Test
  void directoryAsListFileIsAUsageError() {
    Outcome run = assertUsageError(CliFixtures.run("-f", tmp.toString()));
    assertTrue(run.err().contains("directory"), run::toString);
  }

  @Test
  void stdinGivenTwiceAsAListIsAUsageError() {
    Outcome run = assertUsageError(CliFixtures.runWithStdin("http://127.0.0.1:9/a.jpg\n".getBytes(),
        "-o", tmp.resolve("out").toString(), "-f", "-", "-f", "-"));
    assertEquals(1, run.errLines().size(), run::toString);
    assertTrue(run.err().contains("stdin"), run::toString);
    assertFalse(Files.exists(tmp.resolve("out")), "nothing set up after a usage error");
  }

  @ParameterizedTest
  @ValueSource(strings = {"nope.txt", "."})
  void everyListIsCheckedBeforeAnythingIsSetUp(String bad) throws IOException {
    Path good = Files.writeString(tmp.resolve("good.txt"), "http://127.0.0.1:9/a.jpg\n");
    Path badList = tmp.resolve(bad);
    Outcome run = assertUsageError(CliFixtures.run("-o", tmp.resolve("out").toString(),
        "-f", badList.toString(), "-f", good.toString()));
    assertEquals(1, run.errLines().size(), run::toString);
    assertTrue(run.err().contains("cannot read " + badList), run::toString);
    assertFalse(Files.exists(tmp.resolve("out")), "nothing set up after a usage error");
  }

  @Test
  void emptyListIsNotAnError() throws IOException {
    Path list = Files.writeString(tmp.resolve("empty.txt"), "# nothing yet\n\n");
    Outcome run = CliFixtures.run("-o", tmp.resolve("out").toString(), "-f", list.toString());
    assertEquals(0, run.exit(), run::toString);
    assertEquals("", run.out());
    assertTrue(run.err().contains("0 entries"), run::toString);
  }

  @Test
  void helpCallsLocationTrustedARisk() {
    Outcome run = CliFixtures.run("--help");
    String help = run.out().replaceAll("\\s+", " ");
    int option = help.lastIndexOf("--location-trusted"); // its description, after the synopsis
    assertTrue(option >= 0, help);
    assertTrue(help.substring(option).split(" -", 2)[0].contains("A risk"), help);
  }

  @Test
  void helpExitsZeroAndDescribesTheOptions() {
    for (String flag : new String[] {"--help", "-h"}) {
      Outcome run = CliFixtures.run(flag);
      assertEquals(0, run.exit(), run::toString);
      assertTrue(run.out().contains("Usage: fetch"), run::toString);
      for (String option : new String[] {"-f", "-o", "-t", "--overwrite", "--json", "-q", "--retries",
          "--any-type", "Exit codes"}) {
        assertTrue(run.out().contains(option), option + " missing from help:\n" + run.out());
      }
      assertTrue(run.out().contains("1..1024"), "the -t range is shown:\n" + run.out());
      assertEquals("", run.err());
    }
  }

  @Test
  void helpWinsOverOtherwiseMissingUrls() {
    assertEquals(0, CliFixtures.run("-o", tmp.toString(), "--help").exit());
  }

  @Test
  void versionExitsZeroAndNamesFetchJavaAndOkHttp() {
    for (String flag : new String[] {"--version", "-V"}) {
      Outcome run = CliFixtures.run(flag);
      assertEquals(0, run.exit(), run::toString);
      assertTrue(run.out().startsWith("fetch "), run::toString);
      assertTrue(run.out().contains("Java "), run::toString);
      assertTrue(run.out().contains("OkHttp "), run::toString);
      assertEquals("", run.err());
    }
  }
}
