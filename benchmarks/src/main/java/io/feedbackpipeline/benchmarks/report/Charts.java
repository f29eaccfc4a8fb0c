package io.feedbackpipeline.benchmarks.report;

import io.feedbackpipeline.benchmarks.load.OpenLoopVisibility;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

/** PNG charts of a run, for docs/benchmarks.md. */
public final class Charts {

    private static final String LABEL_PATTERN = "#,##0.#";

    /** Past this many bars their value labels overlap; the figures are in results.md anyway. */
    private static final int MOST_LABELLED_BARS = 20;

    private Charts() {}

    /** One bar per measurement of a comparison, e.g. processor, raw PostgreSQL, Kafka Connect. */
    public static void bars(Path file, String title, String unit, List<String> names, List<Double> values)
            throws IOException {
        CategoryChart chart = new CategoryChartBuilder()
                .width(800)
                .height(420)
                .title(title)
                .yAxisTitle(unit)
                .build();
        chart.getStyler()
                .setLabelsVisible(names.size() <= MOST_LABELLED_BARS)
                .setLegendVisible(false)
                .setChartBackgroundColor(Color.WHITE)
                .setDecimalPattern(LABEL_PATTERN);
        chart.getStyler().setPlotGridVerticalLinesVisible(false);
        chart.addSeries(unit, names, values);
        save(chart, file);
    }

    /** Visibility percentiles per offered load. */
    public static void visibility(Path file, List<OpenLoopVisibility.Outcome> outcomes) throws IOException {
        CategoryChart chart = new CategoryChartBuilder()
                .width(800)
                .height(420)
                .title("Visibility: intended send to readable row")
                .xAxisTitle("offered load (requests/s)")
                .yAxisTitle("ms")
                .build();
        chart.getStyler()
                .setLabelsVisible(true)
                .setLegendPosition(Styler.LegendPosition.InsideNW)
                .setChartBackgroundColor(Color.WHITE)
                .setDecimalPattern(LABEL_PATTERN);
        List<String> loads = outcomes.stream()
                .map(o -> Integer.toString(o.offeredPerSecond()))
                .toList();
        chart.addSeries(
                "p50",
                loads,
                outcomes.stream().map(OpenLoopVisibility.Outcome::p50).toList());
        chart.addSeries(
                "p99",
                loads,
                outcomes.stream().map(OpenLoopVisibility.Outcome::p99).toList());
        chart.addSeries(
                "p99.9",
                loads,
                outcomes.stream().map(OpenLoopVisibility.Outcome::p999).toList());
        save(chart, file);
    }

    private static void save(CategoryChart chart, Path file) throws IOException {
        Files.createDirectories(file.getParent());
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }
}
