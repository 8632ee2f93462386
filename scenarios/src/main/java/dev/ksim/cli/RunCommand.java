package dev.ksim.cli;

import dev.ksim.input.KsimInputException;
import dev.ksim.scenario.Bundled;
import dev.ksim.scenario.Scenario;
import dev.ksim.scenario.ScenarioParser;
import dev.ksim.scenario.ScenarioRunner;
import dev.ksim.scenario.Suggestions;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ksim run FILE|NAME [--step] [--check]} and {@code ksim run --all}: replays scenarios as a
 * terminal session with their expectations checked. Exit status 0 when every expectation holds, 1
 * when one fails, 2 on a scenario ksim cannot run as written.
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = "Replay a scenario (a file, or a bundled tutorial by name) and check it.")
public final class RunCommand implements Callable<Integer> {
  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "FILE|NAME",
      description = "A scenario file or a bundled tutorial's name.")
  @Nullable String scenario;

  @Option(names = "--all", description = "Run every bundled tutorial.")
  boolean all;

  @Option(names = "--step", description = "Wait for Enter before each step.")
  boolean step;

  @Option(names = "--check", description = "Print only failed expectations and the summary.")
  boolean check;

  @Override
  public Integer call() {
    List<Scenario> scenarios = new ArrayList<>();
    if (all) {
      scenarios.addAll(Bundled.all());
    } else if (scenario == null) {
      throw KsimInputException.commandLine(
          "FILE|NAME", "name a scenario file or tutorial (or --all)");
    } else if (!scenario.contains("\0") && Files.exists(Path.of(scenario))) {
      scenarios.add(ScenarioParser.read(Path.of(scenario)));
    } else {
      String name = scenario;
      scenarios.add(
          Bundled.named(name)
              .orElseThrow(
                  () ->
                      KsimInputException.commandLine(
                          "FILE|NAME",
                          "no file "
                              + name
                              + " and no bundled tutorial of that name"
                              + Suggestions.didYouMean(
                                  name, Bundled.all().stream().map(Scenario::name).toList())
                              + " (ksim scenarios list)")));
    }
    ScenarioRunner runner =
        new ScenarioRunner(
            System.out,
            new ScenarioRunner.Options(
                check,
                step,
                new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))));
    int checks = 0;
    int failures = 0;
    for (Scenario s : scenarios) {
      ScenarioRunner.Outcome outcome = runner.run(s);
      checks += outcome.checks();
      failures += outcome.failures().size();
      if (scenarios.size() > 1 || check) {
        System.out.println(
            (outcome.passed() ? "PASS " : "FAIL ")
                + s.name()
                + " ("
                + outcome.checks()
                + " expectations, "
                + outcome.failures().size()
                + " failed)");
      }
    }
    System.out.println(
        "\n" + checks + " expectations, " + (checks - failures) + " held, " + failures + " failed");
    return failures == 0 ? 0 : 1;
  }
}
