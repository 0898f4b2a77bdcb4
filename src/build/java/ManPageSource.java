import dev.fetch.cli.FetchCommand;
import dev.fetch.cli.HelpSections;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.codegen.docgen.manpage.ManPageGenerator;

/**
 * Build step: writes the man page's AsciiDoc source ({@code ARGS[0]}) from fetch's command, with each
 * help section (Input, Output, Network, Behaviour) as a section of the page, as --help shows them. The
 * command keeps those options in mixins, not argument groups (start-up time): this turns them into
 * argument groups for picocli's man page generator only.
 */
public final class ManPageSource {
  public static void main(String[] args) throws Exception {
    CommandSpec spec = HelpSections.asArgumentGroups(new CommandLine(new FetchCommand()).getCommandSpec());
    Path out = Path.of(args[0]);
    Files.createDirectories(out.getParent());
    try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(out, StandardCharsets.UTF_8))) {
      ManPageGenerator.writeSingleManPage(w, spec);
    }
  }
}
