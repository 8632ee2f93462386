package dev.ksim.proxy;

import java.math.BigDecimal;
import java.util.Locale;

/**
 * kube-proxy's sync metrics, as {@code :10249/metrics} exports them in the Prometheus text format:
 * the {@code SyncProxyRules} latency histogram and the time of the last sync. A simulated sync
 * takes no simulated time, so every observation falls in the first bucket.
 *
 * @see <a
 *     href="https://github.com/kubernetes/kubernetes/blob/v1.34.2/pkg/proxy/metrics/metrics.go">pkg/proxy/metrics/metrics.go
 *     SyncProxyRulesLatency, SyncProxyRulesLastTimestamp</a>
 */
public final class SyncMetrics {
  /** Upstream's buckets: {@code prometheus.ExponentialBuckets(0.001, 2, 15)}. */
  private static final int BUCKETS = 15;

  private static final String DURATION = "kubeproxy_sync_proxy_rules_duration_seconds";
  private static final String LAST = "kubeproxy_sync_proxy_rules_last_timestamp_seconds";

  private long count;
  private long lastMillis;

  /** A sync ran at {@code nowMillis} (simulated epoch milliseconds). */
  void observe(long nowMillis) {
    count++;
    lastMillis = nowMillis;
  }

  /** How many syncs were observed. */
  public long count() {
    return count;
  }

  /** The metrics in the Prometheus text exposition format. */
  public String render() {
    StringBuilder out = new StringBuilder();
    out.append("# HELP ")
        .append(DURATION)
        .append(" [ALPHA] SyncProxyRules latency in seconds\n")
        .append("# TYPE ")
        .append(DURATION)
        .append(" histogram\n");
    BigDecimal bound = new BigDecimal("0.001");
    for (int i = 0; i < BUCKETS; i++) {
      out.append(DURATION)
          .append("_bucket{le=\"")
          .append(bound.stripTrailingZeros().toPlainString())
          .append("\"} ")
          .append(count)
          .append('\n');
      bound = bound.multiply(BigDecimal.valueOf(2));
    }
    out.append(DURATION).append("_bucket{le=\"+Inf\"} ").append(count).append('\n');
    out.append(DURATION).append("_sum 0\n");
    out.append(DURATION).append("_count ").append(count).append('\n');
    out.append("# HELP ")
        .append(LAST)
        .append(" [ALPHA] The last time proxy rules were successfully synced\n")
        .append("# TYPE ")
        .append(LAST)
        .append(" gauge\n")
        .append(LAST)
        .append(' ')
        .append(goFloat(lastMillis / 1000.0))
        .append('\n');
    return out.toString();
  }

  /** A float as Go's {@code strconv.FormatFloat(v, 'g', -1, 64)} prints it. */
  static String goFloat(double value) {
    if (value == 0) {
      return "0";
    }
    BigDecimal exact = new BigDecimal(Double.toString(value)).stripTrailingZeros();
    int exponent = exact.precision() - exact.scale() - 1;
    if (exponent < -4 || exponent >= 6) {
      String mantissa = exact.movePointLeft(exponent).toPlainString();
      return mantissa
          + "e"
          + (exponent < 0 ? "-" : "+")
          + String.format(Locale.ROOT, "%02d", Math.abs(exponent));
    }
    return exact.toPlainString();
  }
}
