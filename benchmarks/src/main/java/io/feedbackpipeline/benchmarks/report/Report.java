package io.feedbackpipeline.benchmarks.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** The results of one run: printed as a table, written as JSON and CSV beside the charts. */
public final class Report {

    private final List<Measurement> measurements = new ArrayList<>();
    private final Map<String, Object> context = new LinkedHashMap<>();

    public void add(Measurement measurement) {
        measurements.add(measurement);
        System.out.println("  " + row(measurement));
    }

    /** Facts about the run: machine, sizes, tools. */
    public void context(String key, Object value) {
        context.put(key, value);
    }

    public List<Measurement> measurements() {
        return List.copyOf(measurements);
    }

    public String table() {
        StringBuilder table = new StringBuilder("| group | measurement | value | reference | ratio | target | met |\n"
                + "| --- | --- | ---: | --- | ---: | --- | --- |\n");
        for (Measurement m : measurements) {
            table.append("| ")
                    .append(m.group())
                    .append(" | ")
                    .append(m.name())
                    .append(" | ")
                    .append(format(m.value()))
                    .append(' ')
                    .append(m.unit())
                    .append(" | ")
                    .append(
                            m.reference() == null
                                    ? ""
                                    : m.reference() + ": " + format(m.referenceValue()) + " " + m.unit())
                    .append(" | ")
                    .append(m.ratio() == null ? "" : String.format("%.2f", m.ratio()))
                    .append(" | ")
                    .append(m.target() == null ? "" : m.target())
                    .append(" | ")
                    .append(m.met() == null ? "" : m.met() ? "yes" : "**no**")
                    .append(" |\n");
        }
        return table.toString();
    }

    public void write(Path directory) throws IOException {
        Files.createDirectories(directory);
        Files.writeString(directory.resolve("results.md"), table());
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("context", context);
        json.put("measurements", measurements);
        Files.writeString(
                directory.resolve("results.json"),
                JsonMapper.builder()
                        .enable(SerializationFeature.INDENT_OUTPUT)
                        .build()
                        .writeValueAsString(json));
        StringBuilder csv =
                new StringBuilder("group,measurement,value,unit,reference,reference_value,ratio,target,met\n");
        for (Measurement m : measurements) {
            csv.append(String.join(
                            ",",
                            quote(m.group()),
                            quote(m.name()),
                            Double.toString(m.value()),
                            quote(m.unit()),
                            quote(m.reference()),
                            m.referenceValue() == null ? "" : m.referenceValue().toString(),
                            m.ratio() == null ? "" : m.ratio().toString(),
                            quote(m.target()),
                            m.met() == null ? "" : m.met().toString()))
                    .append('\n');
        }
        Files.writeString(directory.resolve("results.csv"), csv);
    }

    static String format(double value) {
        if (Double.isNaN(value)) {
            return "n/a";
        }
        return Math.abs(value) >= 100 ? String.format("%,.0f", value) : String.format("%.2f", value);
    }

    private static String row(Measurement m) {
        return m.group() + " / " + m.name() + ": " + format(m.value()) + " " + m.unit()
                + (m.reference() == null
                        ? ""
                        : " vs " + m.reference() + " " + format(m.referenceValue())
                                + String.format(" (ratio %.2f)", m.ratio()))
                + (m.target() == null ? "" : ", target " + m.target() + (m.met() ? " met" : " NOT met"));
    }

    private static String quote(String text) {
        return text == null ? "" : "\"" + text.replace("\"", "\"\"") + "\"";
    }
}
