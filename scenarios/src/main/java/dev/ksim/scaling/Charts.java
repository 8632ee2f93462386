package dev.ksim.scaling;

import java.awt.Color;
import java.awt.Rectangle;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.text.NumberFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import javax.imageio.ImageIO;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.svg.SVGGraphics2D;
import org.jfree.svg.SVGUtils;
import org.jspecify.annotations.Nullable;

/**
 * The report's charts, drawn with JFreeChart against Services on a log axis, each written as PNG
 * and SVG: first-packet cost in counted work, in the kernel's estimated time and in ksim's own
 * time; kube-proxy's sync time; heap per Service. Each title names its currency.
 */
public final class Charts {
  private static final int WIDTH = 900;
  private static final int HEIGHT = 560;

  private Charts() {}

  /** One line of a chart: a name and the value of each row it draws (null: not drawn). */
  private record Line(String name, String mode, Function<BenchRow, @Nullable Double> value) {}

  /** Writes every chart of {@code rows} into {@code directory}; returns the PNG files. */
  public static List<Path> write(
      List<BenchRow> rows, List<String> modes, KernelCosts costs, Path directory) {
    System.setProperty("java.awt.headless", "true");
    List<Path> written = new ArrayList<>();
    List<Line> counted = new ArrayList<>();
    List<Line> kernel = new ArrayList<>();
    List<Line> ksim = new ArrayList<>();
    List<Line> sync = new ArrayList<>();
    List<Line> heap = new ArrayList<>();
    for (String mode : modes) {
      for (Probe probe : List.of(Probe.MIDDLE, Probe.LAST)) {
        String name = mode + ", " + probe.word() + " Service";
        counted.add(new Line(name, mode, r -> (double) r.counted(probe).units()));
        kernel.add(
            new Line(name, mode, r -> micros(costs.estimateNanos(r.mode(), r.counted(probe)))));
      }
      ksim.add(
          new Line(mode + ", last Service", mode, r -> r.ksimTime(Probe.LAST).medianNanos() / 1e3));
      ksim.add(
          new Line(
              mode + ", established",
              mode,
              r -> r.ksimTime(Probe.ESTABLISHED).medianNanos() / 1e3));
      sync.add(new Line(mode + ", full sync (one node)", mode, r -> millis(r.fullSync())));
      sync.add(
          new Line(mode + ", one endpoint changed (3 nodes)", mode, r -> millis(r.partialSync())));
      heap.add(new Line(mode, mode, r -> r.heapBytesPerService() / 1024.0));
    }
    written.add(
        draw(
            directory,
            "first-packet-counted",
            "First packet of a new connection: counted work (rules evaluated + lookups)",
            "rules + lookups (counted, machine-independent)",
            rows,
            counted));
    written.add(
        draw(
            directory,
            "first-packet-kernel",
            "First packet: the kernel's estimated time (counted work x per-unit cost)",
            "microseconds (kernel estimate)",
            rows,
            kernel));
    written.add(
        draw(
            directory,
            "first-packet-ksim",
            "Per packet: ksim's own time on this machine (median)",
            "microseconds (ksim, measured)",
            rows,
            ksim));
    written.add(
        draw(
            directory,
            "sync",
            "kube-proxy sync: ksim's own time on this machine (median)",
            "milliseconds (ksim, measured)",
            rows,
            sync));
    written.add(
        draw(
            directory,
            "memory",
            "Heap per Service (whole simulated cluster, after a full GC)",
            "KiB per Service (ksim, measured)",
            rows,
            heap));
    return written;
  }

  private static @Nullable Double micros(@Nullable Double nanos) {
    return nanos == null ? null : nanos / 1e3;
  }

  private static @Nullable Double millis(@Nullable Timing timing) {
    return timing == null ? null : timing.medianNanos() / 1e6;
  }

  private static Path draw(
      Path directory,
      String stem,
      String title,
      String yLabel,
      List<BenchRow> rows,
      List<Line> lines) {
    XYSeriesCollection data = new XYSeriesCollection();
    for (Line line : lines) {
      XYSeries series = new XYSeries(line.name());
      for (BenchRow row : rows) {
        Double value = row.mode().equals(line.mode()) ? line.value().apply(row) : null;
        if (value != null) {
          series.add(row.services(), value);
        }
      }
      if (series.getItemCount() > 0) {
        data.addSeries(series);
      }
    }
    JFreeChart chart =
        ChartFactory.createXYLineChart(
            title, "Services", yLabel, data, PlotOrientation.VERTICAL, true, false, false);
    chart.setBackgroundPaint(Color.WHITE);
    XYPlot plot = chart.getXYPlot();
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    LogAxis services = new LogAxis("Services (log scale)");
    services.setBase(10);
    services.setSmallestValue(1);
    services.setTickUnit(new NumberTickUnit(1.0, NumberFormat.getIntegerInstance(Locale.ROOT)));
    services.setNumberFormatOverride(NumberFormat.getIntegerInstance(Locale.ROOT));
    plot.setDomainAxis(services);
    plot.setRenderer(new XYLineAndShapeRenderer(true, true));
    Path png = directory.resolve(stem + ".png");
    // ImageIO's file cache registers a shutdown hook per stream, which fails while the report of
    // an interrupted sweep is drawn from one (IllegalStateException: Shutdown in progress)
    ImageIO.setUseCache(false);
    try {
      ChartUtils.saveChartAsPNG(png.toFile(), chart, WIDTH, HEIGHT);
      SVGGraphics2D svg = new SVGGraphics2D(WIDTH, HEIGHT);
      chart.draw(svg, new Rectangle(0, 0, WIDTH, HEIGHT));
      SVGUtils.writeToSVG(
          new File(directory.resolve(stem + ".svg").toString()), svg.getSVGElement());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return png;
  }
}
