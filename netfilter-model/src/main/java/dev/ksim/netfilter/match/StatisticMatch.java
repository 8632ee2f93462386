package dev.ksim.netfilter.match;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code -m statistic}: {@code --mode random --probability p} (stored as {@code round(p * 2^31)},
 * matched when 31 random bits are below it) or {@code --mode nth --every n --packet p}.
 *
 * @param random random mode (else nth)
 * @param threshold the stored probability, {@code round(p * 2^31)}
 * @param every nth mode's {@code --every}
 * @param packet nth mode's {@code --packet}
 * @param negated {@code ! --probability} / {@code ! --every}
 * @see <a
 *     href="https://github.com/torvalds/linux/blob/master/net/netfilter/xt_statistic.c">xt_statistic.c</a>
 */
public record StatisticMatch(boolean random, long threshold, int every, int packet, boolean negated)
    implements Match {
  private static final double TWO_31 = 2147483648.0;

  /** A random-mode match for probability {@code p}, stored as the kernel stores it. */
  public static StatisticMatch random(double p, boolean negated) {
    return new StatisticMatch(true, Math.round(p * TWO_31), 0, 0, negated);
  }

  /** The probability the kernel really applies. */
  public double probability() {
    return threshold / TWO_31;
  }

  @Override
  public boolean matches(MatchContext context) {
    if (random) {
      return context.randomHit(this, threshold) != negated;
    }
    long count = context.nthCounter(this);
    return (count % every == packet) != negated;
  }

  /**
   * {@code %.11f} of the probability, as iptables prints it; rounded from the shortest decimal form
   * of the double, as java.util.Formatter does, without its cost; worked out once per threshold
   * (kube-proxy writes 1/n for a few n on 100,000 rules).
   */
  private String probabilityText() {
    String known = PROBABILITY_TEXTS.get(threshold);
    if (known != null) {
      return known;
    }
    String text =
        new BigDecimal(Double.toString(probability()))
            .setScale(11, RoundingMode.HALF_UP)
            .toPlainString();
    if (PROBABILITY_TEXTS.size() < MAX_PROBABILITY_TEXTS) {
      PROBABILITY_TEXTS.put(threshold, text);
    }
    return text;
  }

  /** {@link #probabilityText} by threshold, as many as {@link #MAX_PROBABILITY_TEXTS}. */
  private static final Map<Long, String> PROBABILITY_TEXTS = new ConcurrentHashMap<>();

  private static final int MAX_PROBABILITY_TEXTS = 4096;

  @Override
  public String save() {
    if (random) {
      return "-m statistic --mode random "
          + (negated ? "! " : "")
          + "--probability "
          + probabilityText();
    }
    return "-m statistic --mode nth "
        + (negated ? "! " : "")
        + "--every "
        + every
        + " --packet "
        + packet;
  }

  @Override
  public String list(boolean numeric) {
    if (random) {
      return "statistic mode random " + (negated ? "! " : "") + "probability " + probabilityText();
    }
    return "statistic mode nth "
        + (negated ? "! " : "")
        + "every "
        + every
        + (packet != 0 ? " packet " + packet : "");
  }
}
