package org.telemetrybridge.bench.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.telemetrybridge.bench.measure.Figure;
import org.telemetrybridge.bench.measure.Result;

/**
 * One scenario's figures side by side: a column per server (the first is the bridge), then the
 * bridge/reference ratio for each reference. Repeated runs combine per figure: the median, except
 * lost and duplicated messages, which add up.
 */
public final class ResultTable {

    private final String title;
    private final List<String> servers;
    private final Map<Figure, Map<String, Double>> values;
    private final int repeats;

    private ResultTable(String title, List<String> servers, Map<Figure, Map<String, Double>> values, int repeats) {
        this.title = title;
        this.servers = servers;
        this.values = values;
        this.repeats = repeats;
    }

    public static ResultTable of(String title, List<String> servers, Map<String, List<Result>> runs) {
        Map<Figure, Map<String, Double>> values = new LinkedHashMap<>();
        int repeats = 0;
        for (Figure figure : Figure.values()) {
            Map<String, Double> row = new LinkedHashMap<>();
            for (String server : servers) {
                List<Result> results = runs.getOrDefault(server, List.of());
                repeats = Math.max(repeats, results.size());
                double[] samples = results.stream().mapToDouble(r -> r.get(figure)).filter(v -> !Double.isNaN(v)).toArray();
                if (samples.length > 0) {
                    row.put(server, figure.summed() ? Arrays.stream(samples).sum() : median(samples));
                }
            }
            if (!row.isEmpty()) {
                values.put(figure, row);
            }
        }
        return new ResultTable(title, servers, values, repeats);
    }

    private static double median(double[] samples) {
        double[] sorted = samples.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private List<String> header() {
        List<String> header = new ArrayList<>();
        header.add(repeats > 1 ? "figure (median of " + repeats + ")" : "figure");
        header.addAll(servers);
        for (String reference : servers.subList(1, servers.size())) {
            header.add(servers.get(0) + "/" + reference);
        }
        return header;
    }

    private List<List<String>> rows() {
        List<List<String>> rows = new ArrayList<>();
        for (Map.Entry<Figure, Map<String, Double>> entry : values.entrySet()) {
            Figure figure = entry.getKey();
            Map<String, Double> row = entry.getValue();
            List<String> cells = new ArrayList<>();
            cells.add(figure.label());
            for (String server : servers) {
                cells.add(row.containsKey(server) ? figure.format(row.get(server)) : "n/a");
            }
            Double bridge = row.get(servers.get(0));
            for (String reference : servers.subList(1, servers.size())) {
                Double other = row.get(reference);
                boolean comparable = bridge != null && other != null && other != 0 && !figure.summed();
                cells.add(comparable ? String.format(Locale.ROOT, "%.2f", bridge / other) : "-");
            }
            rows.add(cells);
        }
        return rows;
    }

    /** A plain-text table for the terminal. */
    public String text() {
        List<List<String>> all = new ArrayList<>();
        all.add(header());
        all.addAll(rows());
        int[] widths = new int[all.get(0).size()];
        for (List<String> row : all) {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        StringBuilder out = new StringBuilder(title).append('\n');
        for (List<String> row : all) {
            for (int i = 0; i < row.size(); i++) {
                String cell = row.get(i);
                out.append(i == 0 ? String.format("  %-" + widths[i] + "s", cell) : String.format("  %" + widths[i] + "s", cell));
            }
            out.append('\n');
        }
        return out.toString();
    }

    /** The same table in Markdown, under a heading. */
    public String markdown() {
        StringBuilder out = new StringBuilder("#### ").append(title).append("\n\n");
        List<String> header = header();
        out.append("| ").append(String.join(" | ", header)).append(" |\n");
        out.append("|---|").append("---:|".repeat(header.size() - 1)).append('\n');
        for (List<String> row : rows()) {
            out.append("| ").append(String.join(" | ", row)).append(" |\n");
        }
        return out.append('\n').toString();
    }

    /** Every run's every figure, one CSV line each: scenario,qos,server,run,figure,value. */
    public static List<String> csv(String scenario, int qos, Map<String, List<Result>> runs) {
        List<String> lines = new ArrayList<>();
        runs.forEach((server, results) -> {
            for (int run = 0; run < results.size(); run++) {
                for (Map.Entry<Figure, Double> figure : results.get(run).figures().entrySet()) {
                    lines.add(String.join(",", scenario, Integer.toString(qos), server, Integer.toString(run + 1),
                            figure.getKey().name(), String.format(Locale.ROOT, "%.4f", figure.getValue())));
                }
            }
        });
        return lines;
    }
}
