package dev.ksim.cli;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The launcher's training run: several ksim command lines, separated by a lone {@code ;}, run one
 * after the other in one JVM with their output discarded, so that the list of loaded classes the
 * JVM writes ({@code -XX:DumpLoadedClassList}), from which the launcher dumps the static class-data
 * sharing archive, holds the classes all of them load. Each command runs as {@code ksim} runs it; a
 * failing one does not stop the next.
 */
public final class ArchiveTraining {
  private ArchiveTraining() {}

  /** Runs the command lines in {@code args} (words, with {@code ;} between command lines). */
  public static void main(String[] args) {
    PrintStream discard =
        new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
    System.setOut(discard);
    System.setErr(discard);
    StartupWarmUp.begin();
    for (List<String> command : commands(args)) {
      KsimCommand.execute(command.toArray(String[]::new));
    }
  }

  /**
   * The command lines in {@code args}: the words between lone {@code ;} words, empty ones left out.
   */
  static List<List<String>> commands(String[] args) {
    List<List<String>> commands = new ArrayList<>();
    List<String> current = new ArrayList<>();
    for (String word : args) {
      if (word.equals(";")) {
        addIfAny(commands, current);
        current = new ArrayList<>();
      } else {
        current.add(word);
      }
    }
    addIfAny(commands, current);
    return commands;
  }

  private static void addIfAny(List<List<String>> commands, List<String> command) {
    if (!command.isEmpty()) {
      commands.add(command);
    }
  }
}
