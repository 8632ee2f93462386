package dev.ksim.scaling;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Where one mode's per-packet cost passes another's as Services grow: between the two measured
 * sizes where the difference changes sign (linear in between), or, when one mode already costs more
 * at the smallest size, where the line through the two smallest sizes says they meet.
 *
 * @param above the mode that costs more past the crossover
 * @param below the other mode
 * @param services the number of Services where they meet
 * @param extrapolated whether {@code services} lies below the sizes measured
 */
public record Crossover(String above, String below, double services, boolean extrapolated) {
  /** Finds where {@code a} and {@code b} cross on {@code cost}, if they do. */
  public static Optional<Crossover> find(
      List<BenchRow> rows, String a, String b, Function<BenchRow, @Nullable Double> cost) {
    TreeMap<Integer, Double> difference = new TreeMap<>();
    TreeMap<Integer, Double> ofA = costs(rows, a, cost);
    TreeMap<Integer, Double> ofB = costs(rows, b, cost);
    ofA.forEach(
        (n, value) -> {
          Double other = ofB.get(n);
          if (other != null) {
            difference.put(n, value - other);
          }
        });
    if (difference.size() < 2) {
      return Optional.empty();
    }
    List<Integer> sizes = new ArrayList<>(difference.keySet());
    List<Double> gaps = new ArrayList<>(difference.values());
    for (int i = 0; i + 1 < sizes.size(); i++) {
      double d0 = gaps.get(i);
      double d1 = gaps.get(i + 1);
      if (Math.signum(d0) != Math.signum(d1) && d1 != 0) {
        double at = meet(sizes.get(i), d0, sizes.get(i + 1), d1);
        return Optional.of(new Crossover(d1 > 0 ? a : b, d1 > 0 ? b : a, at, false));
      }
    }
    double d0 = gaps.get(0);
    double d1 = gaps.get(1);
    if (d0 == 0 || Math.abs(d1) <= Math.abs(d0)) {
      return Optional.empty();
    }
    double at = Math.max(1, meet(sizes.get(0), d0, sizes.get(1), d1));
    return Optional.of(new Crossover(d0 > 0 ? a : b, d0 > 0 ? b : a, at, true));
  }

  private static double meet(int n0, double d0, int n1, double d1) {
    return n0 - d0 * (n1 - n0) / (d1 - d0);
  }

  private static TreeMap<Integer, Double> costs(
      List<BenchRow> rows, String mode, Function<BenchRow, @Nullable Double> cost) {
    TreeMap<Integer, Double> costs = new TreeMap<>();
    for (BenchRow row : rows) {
      Double value = cost.apply(row);
      if (row.mode().equals(mode) && value != null) {
        costs.put(row.services(), value);
      }
    }
    return costs;
  }

  /** One sentence, with the workload. */
  public String describe(String currency, String workload) {
    return String.format(
        Locale.ROOT,
        "%s costs more than %s from about %,.0f Service%s%s (%s; %s)",
        above,
        below,
        services,
        services < 1.5 ? "" : "s",
        extrapolated ? ", below the smallest size measured (extrapolated)" : "",
        currency,
        workload);
  }
}
