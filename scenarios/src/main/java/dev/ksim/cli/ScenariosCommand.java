package dev.ksim.cli;

import dev.ksim.input.KsimInputException;
import dev.ksim.scenario.Bundled;
import dev.ksim.scenario.Scenario;
import dev.ksim.scenario.Suggestions;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code ksim scenarios list} and {@code ksim scenarios show NAME}: the bundled tutorials. */
@Command(
    name = "scenarios",
    mixinStandardHelpOptions = true,
    description = "The bundled tutorials: list them, or show one's file.",
    subcommands = {ScenariosCommand.ListCommand.class, ScenariosCommand.ShowCommand.class})
public final class ScenariosCommand {
  private ScenariosCommand() {}

  /** {@code ksim scenarios list}. */
  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "List the bundled tutorials.")
  static final class ListCommand implements Callable<Integer> {
    @Override
    public Integer call() {
      for (Scenario s : Bundled.all()) {
        System.out.printf(
            Locale.ROOT,
            "%-28s %s%s%n",
            s.name(),
            s.title(),
            s.tags().isEmpty() ? "" : "  [" + String.join(", ", s.tags()) + "]");
      }
      return 0;
    }
  }

  /** {@code ksim scenarios show NAME}. */
  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description = "Print a bundled tutorial's scenario file.")
  static final class ShowCommand implements Callable<Integer> {
    @SuppressWarnings("NullAway.Init") // injected by picocli
    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Override
    public Integer call() {
      Scenario scenario =
          Bundled.named(name)
              .orElseThrow(
                  () ->
                      KsimInputException.commandLine(
                          "NAME",
                          "no bundled tutorial "
                              + name
                              + Suggestions.didYouMean(
                                  name, Bundled.all().stream().map(Scenario::name).toList())));
      System.out.print(Bundled.text(scenario));
      return 0;
    }
  }
}
