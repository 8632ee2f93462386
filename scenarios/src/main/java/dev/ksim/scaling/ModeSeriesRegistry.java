package dev.ksim.scaling;

import com.google.common.collect.ImmutableMap;
import java.util.List;
import java.util.Optional;

/**
 * The series {@code ksim bench} knows, by mode: iptables and nftables measured through kube-proxy's
 * proxiers, ipvs through the IPVS kernel model alone until kube-proxy's ipvs proxier is there to
 * measure it the same way.
 */
public final class ModeSeriesRegistry {
  private static final ImmutableMap<String, ModeSeries> BUILT_IN =
      ImmutableMap.of(
          "iptables", new ProxierSeries("iptables"),
          "ipvs", new IpvsModelSeries(),
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
