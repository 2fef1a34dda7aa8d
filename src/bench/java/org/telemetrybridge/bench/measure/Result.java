package org.telemetrybridge.bench.measure;

import java.util.EnumMap;
import java.util.Map;

/** The figures of one run of one scenario against one server. */
public record Result(String scenario, String server, int qos, Map<Figure, Double> figures) {

    public Result {
        figures = new EnumMap<>(figures);
    }

    public double get(Figure figure) {
        return figures.getOrDefault(figure, Double.NaN);
    }
}
