package dev.ksim.kubelet;

import com.google.common.collect.ImmutableList;
import java.util.List;

/**
 * How a container's process came up: running, or exited at once with its exit code (a program that
 * refuses its configuration), with what it printed either way.
 *
 * @param running whether the process runs
 * @param exitCode the exit code when it did not run (0 when it runs)
 * @param log the lines it printed on start, as {@code kubectl logs} shows them
 */
public record ProcessStart(boolean running, int exitCode, List<String> log) {
  public ProcessStart {
    log = ImmutableList.copyOf(log);
  }

  /** A process that runs, having printed {@code log}. */
  public static ProcessStart running(List<String> log) {
    return new ProcessStart(true, 0, log);
  }

  /** A process that exited with {@code exitCode} after printing {@code log}. */
  public static ProcessStart exited(int exitCode, List<String> log) {
    return new ProcessStart(false, exitCode, log);
  }
}
