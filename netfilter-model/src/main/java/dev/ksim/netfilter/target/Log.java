package dev.ksim.netfilter.target;

import dev.ksim.netfilter.match.SaveStrings;

/**
 * {@code -j LOG [--log-prefix p] [--log-level l]}: the kernel logs the packet and evaluation goes
 * on; ksim shows it as a trace step.
 *
 * @param prefix {@code --log-prefix}, "" when absent
 * @param level syslog level (default 4, warn)
 */
public record Log(String prefix, int level) implements Target {
  private static final String[] LEVELS = {
    "emerg", "alert", "crit", "error", "warn", "notice", "info", "debug"
  };

  @Override
  public String name() {
    return "LOG";
  }

  @Override
  public String save() {
    return "-j LOG"
        + (prefix.isEmpty() ? "" : " --log-prefix " + SaveStrings.quote(prefix))
        + (level != 4 ? " --log-level " + level : "");
  }

  @Override
  public String list(boolean numeric) {
    String levelText = numeric ? "flags 0 level " + level : "level " + LEVELS[level];
    return "LOG " + levelText + (prefix.isEmpty() ? "" : " prefix \"" + prefix + "\"");
  }

  @Override
  public TargetOutcome outcome() {
    return TargetOutcome.CONTINUE;
  }
}
