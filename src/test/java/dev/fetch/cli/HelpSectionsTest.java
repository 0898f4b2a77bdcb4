package dev.fetch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fetch.cli.CliFixtures.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** --help lists every option once: the command's own first, then each section's under its heading. */
class HelpSectionsTest {
  private static final List<String> HEADINGS = List.of("Input:", "Output:", "Network:", "Behaviour:");

  @Test
  void everyOptionIsListedOnceUnderItsSectionsHeadingInOrder() {
    Outcome run = CliFixtures.run("--help");
    assertEquals(0, run.exit(), run::toString);
    List<String> lines = run.out().lines().toList();
    List<Integer> at = new ArrayList<>();
    for (String heading : HEADINGS) {
      at.add(lines.indexOf(heading));
    }
    assertTrue(at.get(0) > 0, run::toString);
    for (int i = 1; i < at.size(); i++) {
      assertTrue(at.get(i) > at.get(i - 1), "sections in order: " + at);
    }

    CommandSpec spec = new CommandLine(new FetchCommand()).getCommandSpec();
    int checked = 0;
    for (int s = 0; s < HEADINGS.size(); s++) {
      String mixin = List.of(HelpSections.INPUT, HelpSections.OUTPUT, HelpSections.NETWORK, HelpSections.BEHAVIOUR).get(s);
      int from = at.get(s);
      int to = s + 1 < at.size() ? at.get(s + 1) : lines.size();
      for (OptionSpec option : spec.mixins().get(mixin).options()) {
        if (option.hidden()) {
          continue;
        }
        String name = option.longestName();
        List<Integer> where = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
          if (lines.get(i).matches("\\s+(-\\S+, )?" + Pattern.quote(name) + "([= ].*)?")) {
            where.add(i);
          }
        }
        assertEquals(1, where.size(), name + " listed once: " + where);
        assertTrue(where.get(0) > from && where.get(0) < to, name + " under " + HEADINGS.get(s));
        checked++;
      }
    }
    assertTrue(checked > 30, "all sections' options looked at: " + checked);
    int help = lines.indexOf(lines.stream().filter(l -> l.trim().startsWith("-h, --help")).findFirst().orElseThrow());
    assertTrue(help < at.get(0), "the command's own options come first");
  }
}
