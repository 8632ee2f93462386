package dev.ksim.scenario.shell;

import dev.ksim.view.CommandResult;

/** kubectl stopped with an error: what it printed on stderr and its exit status. */
final class KubectlException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int exitCode;

  KubectlException(String stderr, int exitCode) {
    super(stderr);
    this.exitCode = exitCode;
  }

  CommandResult result() {
    return CommandResult.error(String.valueOf(getMessage()), exitCode);
  }
}
