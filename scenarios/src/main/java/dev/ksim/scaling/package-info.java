/**
 * Scaling workloads and measurements shared by {@code ksim bench} and the JMH benchmarks: the
 * clusters of thousands of Services each kube-proxy mode is measured on, the packets sent to them,
 * the work the kernel model counts for each, ksim's own time, and the report (CSV, Markdown and
 * charts) that sets them against the real kernel's per-rule costs.
 */
@NullMarked
package dev.ksim.scaling;

import org.jspecify.annotations.NullMarked;
