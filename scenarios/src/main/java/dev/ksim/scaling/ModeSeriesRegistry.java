package dev.ksim.scaling;

import com.google.common.collect.ImmutableMap;
import java.util.List;
import java.util.Optional;

/** The series {@code ksim bench} knows, by mode: each measured through kube-proxy's proxier. */
public final class ModeSeriesRegistry {
  private static final ImmutableMap<String, ModeSeries> BUILT_IN =
      ImmutableMap.of(
          "iptables", new ProxierSeries("iptables"),
          "ipvs", new ProxierSeries("ipvs"),
          "nftables", new ProxierSeries("nftables"));

  private ModeSeriesRegistry() {}

  /** The series of a mode, if the report has one. */
  public static Optional<ModeSeries> named(String mode) {
    return Optional.ofNullable(BUILT_IN.get(mode));
  }

  /** Every mode with a series, in report order. */
  public static List<String> modes() {
    return BUILT_IN.keySet().asList();
  }
}
