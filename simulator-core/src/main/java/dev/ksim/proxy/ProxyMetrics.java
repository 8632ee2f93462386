package dev.ksim.proxy;

import java.math.BigDecimal;
import java.util.Map;
import java.util.TreeMap;

/**
 * kube-proxy's own metrics ({@code pkg/proxy/metrics}), as {@code /metrics} serves them in the
 * Prometheus text format: the families every mode registers that ksim can fill (the sync duration
 * histogram, the last sync and last queued timestamps, the Service and EndpointSlice change counts,
 * the healthz answers) and the mode's own ({@code iptables}: the full and partial sync histograms
 * and the restore failure counters; {@code ipvs}: the iptables restore failure counter; {@code
 * nftables}: the sync and cleanup failure counters). Families are printed sorted by name, as
 * Prometheus's registry gathers them; the Go runtime's, the process's and client-go's families of a
 * real kube-proxy are left out.
 *
 * <p>Durations are simulated, not measured: a sync takes {@link #syncMicros} of the rules it hands
 * to the kernel, 1 ms plus 20 µs per rule (about 2 s for the 100 000 rules of 10 000 Services in
 * iptables mode, the order kube-proxy's scalability reports give). Timestamps are the simulated
 * clock's.
 *
 * @see <a
 *     href="https://github.com/kubernetes/kubernetes/blob/v1.34.2/pkg/proxy/metrics/metrics.go">pkg/proxy/metrics/metrics.go</a>
 */
public final class ProxyMetrics {
  /** {@code ExponentialBuckets(0.001, 2, 15)}: 1 ms to 16.384 s. */
  private static final int BUCKETS = 15;

  private static final long FIRST_BUCKET_MICROS = 1000;

  private static final String PREFIX = "kubeproxy_";

  /** One histogram: counts per bucket, the sum and the count, in microseconds. */
  private static final class Histogram {
    private final long[] buckets = new long[BUCKETS];
    private long sumMicros;
    private long count;

    void observe(long micros) {
      for (int i = 0; i < BUCKETS; i++) {
        if (micros <= (FIRST_BUCKET_MICROS << i)) {
          buckets[i]++;
        }
      }
      sumMicros += micros;
      count++;
    }
  }

  private final ProxyMode mode;
  private final Histogram syncs = new Histogram();
  private final Histogram fullSyncs = new Histogram();
  private final Histogram partialSyncs = new Histogram();
  private long lastSyncMillis = -1;
  private long lastQueuedMillis = -1;
  private long serviceChanges;
  private long endpointChanges;
  private final Map<Integer, Long> healthzAnswers = new TreeMap<>();

  ProxyMetrics(ProxyMode mode) {
    this.mode = mode;
  }

  /** The simulated duration of a sync that wrote {@code rules} rules. */
  static long syncMicros(int rules) {
    return 1000 + 20L * rules;
  }

  /** A sync ended at {@code atMillis} (epoch milliseconds) having written {@code rules}. */
  void synced(boolean full, int rules, long atMillis) {
    long micros = syncMicros(rules);
    syncs.observe(micros);
    (full ? fullSyncs : partialSyncs).observe(micros);
    lastSyncMillis = atMillis;
  }

  /** A sync was queued at {@code atMillis}. */
  void queued(long atMillis) {
    lastQueuedMillis = atMillis;
  }

  void serviceChanged() {
    serviceChanges++;
  }

  void endpointsChanged() {
    endpointChanges++;
  }

  void healthzAnswered(int status) {
    healthzAnswers.merge(status, 1L, Long::sum);
  }

  /** The Prometheus text of every family, sorted by name. */
  String render() {
    Map<String, String> families = new TreeMap<>();
    families.put(
        "sync_proxy_rules_duration_seconds",
        histogram("sync_proxy_rules_duration_seconds", "SyncProxyRules latency in seconds", syncs));
    if (lastSyncMillis >= 0) {
      families.put(
          "sync_proxy_rules_last_timestamp_seconds",
          gauge(
              "sync_proxy_rules_last_timestamp_seconds",
              "The last time proxy rules were successfully synced",
              seconds(lastSyncMillis)));
    }
    if (lastQueuedMillis >= 0) {
      families.put(
          "sync_proxy_rules_last_queued_timestamp_seconds",
          gauge(
              "sync_proxy_rules_last_queued_timestamp_seconds",
              "The last time a sync of proxy rules was queued",
              seconds(lastQueuedMillis)));
    }
    families.put(
        "sync_proxy_rules_service_changes_total",
        counter(
            "sync_proxy_rules_service_changes_total",
            "Cumulative proxy rules Service changes",
            serviceChanges));
    families.put(
        "sync_proxy_rules_endpoint_changes_total",
        counter(
            "sync_proxy_rules_endpoint_changes_total",
            "Cumulative proxy rules Endpoint changes",
            endpointChanges));
    if (!healthzAnswers.isEmpty()) {
      StringBuilder text =
          new StringBuilder(header("proxy_healthz_total", "Cumulative proxy healthz HTTP status"))
              .append("# TYPE ")
              .append(PREFIX)
              .append("proxy_healthz_total counter\n");
      healthzAnswers.forEach(
          (code, n) ->
              text.append(PREFIX)
                  .append("proxy_healthz_total{code=\"")
                  .append(code)
                  .append("\"} ")
                  .append(n)
                  .append('\n'));
      families.put("proxy_healthz_total", text.toString());
    }
    modeFamilies(families);
    return String.join("", families.values());
  }

  private void modeFamilies(Map<String, String> families) {
    switch (mode) {
      case IPTABLES -> {
        families.put(
            "sync_full_proxy_rules_duration_seconds",
            histogram(
                "sync_full_proxy_rules_duration_seconds",
                "SyncProxyRules latency in seconds for full resyncs",
                fullSyncs));
        families.put(
            "sync_partial_proxy_rules_duration_seconds",
            histogram(
                "sync_partial_proxy_rules_duration_seconds",
                "SyncProxyRules latency in seconds for partial resyncs",
                partialSyncs));
        families.put("sync_proxy_rules_iptables_restore_failures_total", restoreFailures());
        families.put(
            "sync_proxy_rules_iptables_partial_restore_failures_total",
            counter(
                "sync_proxy_rules_iptables_partial_restore_failures_total",
                "Cumulative proxy iptables partial restore failures",
                0));
      }
      case IPVS ->
          families.put("sync_proxy_rules_iptables_restore_failures_total", restoreFailures());
      case NFTABLES -> {
        families.put(
            "sync_proxy_rules_nftables_sync_failures_total",
            counter(
                "sync_proxy_rules_nftables_sync_failures_total",
                "Cumulative proxy nftables sync failures",
                0));
        families.put(
            "sync_proxy_rules_nftables_cleanup_failures_total",
            counter(
                "sync_proxy_rules_nftables_cleanup_failures_total",
                "Cumulative proxy nftables cleanup failures",
                0));
      }
    }
  }

  private static String restoreFailures() {
    return counter(
        "sync_proxy_rules_iptables_restore_failures_total",
        "Cumulative proxy iptables restore failures",
        0);
  }

  private static String header(String name, String help) {
    return "# HELP " + PREFIX + name + " [ALPHA] " + help + "\n";
  }

  private static String counter(String name, String help, long value) {
    return header(name, help)
        + "# TYPE "
        + PREFIX
        + name
        + " counter\n"
        + PREFIX
        + name
        + " "
        + value
        + "\n";
  }

  private static String gauge(String name, String help, BigDecimal value) {
    return header(name, help)
        + "# TYPE "
        + PREFIX
        + name
        + " gauge\n"
        + PREFIX
        + name
        + " "
        + goFloat(value)
        + "\n";
  }

  private static String histogram(String name, String help, Histogram histogram) {
    StringBuilder text =
        new StringBuilder(header(name, help))
            .append("# TYPE ")
            .append(PREFIX)
            .append(name)
            .append(" histogram\n");
    for (int i = 0; i < BUCKETS; i++) {
      text.append(PREFIX)
          .append(name)
          .append("_bucket{le=\"")
          .append(goFloat(BigDecimal.valueOf(FIRST_BUCKET_MICROS << i, 6)))
          .append("\"} ")
          .append(histogram.buckets[i])
          .append('\n');
    }
    text.append(PREFIX)
        .append(name)
        .append("_bucket{le=\"+Inf\"} ")
        .append(histogram.count)
        .append('\n');
    text.append(PREFIX)
        .append(name)
        .append("_sum ")
        .append(goFloat(BigDecimal.valueOf(histogram.sumMicros, 6)))
        .append('\n');
    text.append(PREFIX).append(name).append("_count ").append(histogram.count).append('\n');
    return text.toString();
  }

  private static BigDecimal seconds(long epochMillis) {
    return BigDecimal.valueOf(epochMillis, 3);
  }

  /**
   * {@code value} as Go's {@code strconv.FormatFloat(v, 'g', -1, 64)} prints it (Prometheus's text
   * format): its shortest digits, in exponent form ({@code 1.767225605e+09}) when the decimal
   * exponent is below -4 or at least 6.
   */
  static String goFloat(BigDecimal value) {
    if (value.signum() == 0) {
      return "0";
    }
    BigDecimal stripped = value.stripTrailingZeros();
    String digits = stripped.unscaledValue().abs().toString();
    int exponent = digits.length() - 1 - stripped.scale();
    String sign = stripped.signum() < 0 ? "-" : "";
    if (exponent < -4 || exponent >= 6) {
      String mantissa =
          digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
      String power = String.valueOf(Math.abs(exponent));
      return sign
          + mantissa
          + "e"
          + (exponent < 0 ? "-" : "+")
          + (power.length() < 2 ? "0" + power : power);
    }
    return sign + stripped.abs().toPlainString();
  }
}
