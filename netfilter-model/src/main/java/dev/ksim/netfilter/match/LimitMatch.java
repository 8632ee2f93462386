package dev.ksim.netfilter.match;

/**
 * {@code -m limit --limit n/unit --limit-burst b}: a token bucket refilled at the average rate.
 *
 * @param rate packets per unit
 * @param unit {@code sec}, {@code min}, {@code hour} or {@code day}
 * @param burst the bucket size (default 5)
 */
public record LimitMatch(int rate, String unit, int burst) implements Match {
  /** Milliseconds between tokens. */
  public long intervalMillis() {
    long unitMillis =
        switch (unit) {
          case "min" -> 60_000L;
          case "hour" -> 3_600_000L;
          case "day" -> 86_400_000L;
          default -> 1_000L;
        };
    return Math.max(1, unitMillis / rate);
  }

  @Override
  public boolean matches(MatchContext context) {
    return context.limitAllows(this);
  }

  @Override
  public String save() {
    return "-m limit --limit " + rate + "/" + unit + (burst != 5 ? " --limit-burst " + burst : "");
  }

  @Override
  public String list(boolean numeric) {
    return "limit: avg " + rate + "/" + unit + " burst " + burst;
  }
}
