package dev.fetch.cli;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.ArgGroupSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * The option list of --help: the command's own options, then each option class's under its heading
 * (Input, Output, Network, Behaviour), laid out as picocli lays out the sections of argument groups.
 */
public final class HelpSections {
  static final String INPUT = "input";
  static final String OUTPUT = "output";
  static final String NETWORK = "network";
  static final String BEHAVIOUR = "behaviour";

  /** Mixin name and heading, in the order shown. */
  private static final String[][] SECTIONS = {
    {INPUT, "%nInput:%n"}, {OUTPUT, "%nOutput:%n"}, {NETWORK, "%nNetwork:%n"}, {BEHAVIOUR, "%nBehaviour:%n"},
  };

  private HelpSections() {}

  /** Makes {@code cli}'s usage help list the options by section. */
  static CommandLine install(CommandLine cli) {
    cli.getHelpSectionMap().put(UsageMessageSpec.SECTION_KEY_OPTION_LIST, HelpSections::optionList);
    return cli;
  }

  /**
   * {@code spec} with each section's options moved into an argument group under its heading: for
   * tools that lay out sections by argument groups (the man page, at build time). Not for parsing.
   */
  public static CommandSpec asArgumentGroups(CommandSpec spec) {
    int order = 1;
    for (String[] section : SECTIONS) {
      ArgGroupSpec.Builder group = ArgGroupSpec.builder().heading(section[1]).validate(false).order(order++);
      for (OptionSpec option : spec.mixins().get(section[0]).options()) {
        spec.remove(option);
        group.addArg(option);
      }
      spec.addArgGroup(group.build());
    }
    return spec;
  }

  static String optionList(Help help) {
    CommandSpec spec = help.commandSpec();
    Set<OptionSpec> inSections = new HashSet<>();
    StringBuilder sections = new StringBuilder();
    for (String[] section : SECTIONS) {
      List<OptionSpec> options = spec.mixins().get(section[0]).options();
      inSections.addAll(options);
      Help.Layout layout = help.createDefaultLayout();
      layout.addOptions(options, help.parameterLabelRenderer());
      sections.append(help.createHeading(section[1])).append(layout);
    }
    List<OptionSpec> own = new ArrayList<>();
    for (OptionSpec option : spec.options()) {
      if (!inSections.contains(option)) {
        own.add(option);
      }
    }
    Help.Layout layout = help.createDefaultLayout();
    layout.addOptions(own, help.parameterLabelRenderer());
    return layout + sections.toString();
  }
}
