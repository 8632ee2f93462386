package dev.ksim.scaling;

/**
 * One kube-proxy mode as a series of the scaling report: how to measure it at one size. A mode is
 * pluggable: {@link ModeSeriesRegistry} names the series the report can run.
 */
public interface ModeSeries {
  /** The mode, as KubeProxyConfiguration's {@code mode} and {@code --modes} spell it. */
  String mode();

  /** Builds the workload in this mode and measures one row of the report. */
  BenchRow measure(ServiceWorkload workload, Effort effort);
}
