package dev.ksim.cli;

import dev.ksim.scaling.BenchRow;
import dev.ksim.scaling.CalibrationException;
import dev.ksim.scaling.Effort;
import dev.ksim.scaling.KernelCalibration;
import dev.ksim.scaling.KernelCosts;
import dev.ksim.scaling.ModeSeriesRegistry;
import dev.ksim.scaling.ResultsMarkdown;
import dev.ksim.scaling.ScalingReport;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ksim bench}: the scaling report. Sweeps Service counts in each kube-proxy mode, writes
 * results.csv (row by row), results.md and the charts into {@code --out}, and prints the crossovers
 * on stdout; progress goes to stderr.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description =
        "Measure how iptables, ipvs and nftables mode scale with Services: counted work, ksim's"
            + " time, the kernel's estimated time; writes results.csv, results.md and charts.")
public final class BenchCommand implements Callable<Integer> {
  private static final List<Integer> FULL_SIZES = List.of(100, 1000, 5000, 10000, 20000, 50000);
  private static final List<Integer> QUICK_SIZES = List.of(100, 200);

  @SuppressWarnings("NullAway.Init") // injected by picocli
  @Spec
  CommandSpec spec;

  @Option(names = "--quick", description = "A smoke run: 100 and 200 Services, short timings.")
  boolean quick;

  @Option(
      names = "--modes",
      split = ",",
      paramLabel = "MODE",
      description = "Modes to measure (default: iptables,ipvs,nftables).")
  @Nullable List<String> modes;

  @Option(
      names = "--services",
      split = ",",
      paramLabel = "N",
      description = "Service counts (default: 100,1000,5000,10000,20000,50000; --quick: 100,200).")
  @Nullable List<Integer> services;

  @Option(
      names = "--endpoints",
      paramLabel = "N",
      defaultValue = "10",
      description = "Endpoints per Service (default: ${DEFAULT-VALUE}).")
  int endpoints;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      defaultValue = "bench-results",
      description = "Where to write the report (default: ${DEFAULT-VALUE}).")
  Path out = Path.of("bench-results");

  @Option(
      names = "--calibrate",
      description =
          "First measure the kernel's per-rule and per-lookup costs on this machine (root; throwaway"
              + " network namespaces named ksimbench-*).")
  boolean calibrate;

  @Override
  public Integer call() {
    List<String> chosen = modes == null ? ModeSeriesRegistry.modes() : modes;
    for (String mode : chosen) {
      if (ModeSeriesRegistry.named(mode).isEmpty()) {
        throw new ParameterException(
            spec.commandLine(),
            "--modes: no mode '" + mode + "' (choose from " + ModeSeriesRegistry.modes() + ")");
      }
    }
    List<Integer> sizes = services != null ? services : quick ? QUICK_SIZES : FULL_SIZES;
    for (int size : sizes) {
      if (size < 1) {
        throw new ParameterException(spec.commandLine(), "--services: must be at least 1: " + size);
      }
    }
    if (endpoints < 1 || endpoints > 250) {
      throw new ParameterException(spec.commandLine(), "--endpoints: must be 1 to 250");
    }
    KernelCosts costs = KernelCosts.DEFAULTS;
    if (calibrate) {
      try {
        costs = new KernelCalibration(System.err).calibrate();
      } catch (CalibrationException e) {
        System.err.println("error: --calibrate: " + e.getMessage());
        return KsimCommand.BAD_INPUT;
      }
    }
    ScalingReport report =
        new ScalingReport(chosen, sizes, endpoints, quick ? Effort.QUICK : Effort.FULL, costs, out);
    List<BenchRow> rows = report.run(System.err);
    System.out.printf(
        Locale.ROOT, "%d rows written to %s (results.csv, results.md, charts)%n", rows.size(), out);
    for (String line : ResultsMarkdown.crossovers(rows, report.modes(), endpoints, costs)) {
      System.out.println("crossover: " + line);
    }
    return 0;
  }
}
