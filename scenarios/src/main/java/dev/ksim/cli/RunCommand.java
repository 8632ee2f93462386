package dev.ksim.cli;

import dev.ksim.input.KsimInputException;
import dev.ksim.scenario.Bundled;
import dev.ksim.scenario.Graded;
import dev.ksim.scenario.Scenario;
import dev.ksim.scenario.ScenarioParser;
import dev.ksim.scenario.ScenarioRunner;
import dev.ksim.scenario.ScoreSheet;
import dev.ksim.scenario.Suggestions;
import java.io.BufferedReader;
import java.io.IOException;
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
 * when one fails, 2 on a scenario ksim cannot run as written. With {@code --quiz} the quiz steps'
 * questions are asked on standard input and graded ({@code --scores FILE} writes them as CSV).
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

  @Option(
      names = "--quiz",
      description =
          "Ask the quiz steps' questions on standard input and grade the answers (without it the"
              + " answers are printed: the teacher's key).")
  boolean quiz;

  @Option(
      names = "--student",
      paramLabel = "NAME",
      description =
          "Draw the scenario's variables and seed from this name: each student their own cluster.")
  @Nullable String student;

  @Option(
      names = "--seed",
      paramLabel = "N",
      description = "Draw the scenario's variables and seed from N instead of the file's seed.")
  @Nullable Long seed;

  @Option(
      names = "--scores",
      paramLabel = "FILE",
      description = "With --quiz, write the graded answers to FILE as CSV (for the teacher).")
  @Nullable Path scores;

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
    if (student != null && seed != null) {
      throw KsimInputException.commandLine(
          "--student/--seed", "give a student or a seed, not both");
    }
    if (scores != null && !quiz) {
      throw KsimInputException.commandLine("--scores", "scores are written with --quiz");
    }
    ScenarioRunner runner =
        new ScenarioRunner(
            System.out,
            new ScenarioRunner.Options(
                check,
                step,
                new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)),
                quiz,
                student == null ? "" : student));
    int checks = 0;
    int failures = 0;
    List<Graded> graded = new ArrayList<>();
    for (Scenario s : scenarios) {
      ScenarioRunner.Outcome outcome = runner.run(forStudent(s));
      graded.addAll(outcome.graded());
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
    if (quiz) {
      long right = graded.stream().filter(Graded::correct).count();
      System.out.println("quiz: " + right + " of " + graded.size() + " answers right");
      if (scores != null) {
        try {
          Files.writeString(scores, ScoreSheet.csv(graded), StandardCharsets.UTF_8);
        } catch (IOException e) {
          throw KsimInputException.commandLine(
              "--scores", "cannot write " + scores + ": " + e.getMessage());
        }
      }
    }
    return failures == 0 ? 0 : 1;
  }

  /** The scenario as the student (or seed) given draws it. */
  private Scenario forStudent(Scenario scenario) {
    if (student != null) {
      return ScenarioParser.forStudent(scenario, student);
    }
    return seed == null ? scenario : ScenarioParser.forSeed(scenario, seed);
  }
}
