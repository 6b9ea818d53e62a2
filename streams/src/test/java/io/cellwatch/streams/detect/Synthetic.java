package io.cellwatch.streams.detect;

import io.cellwatch.telemetry.CellMetadata;
import io.cellwatch.telemetry.CellType;
import io.cellwatch.telemetry.Finding;
import io.cellwatch.telemetry.FindingType;
import io.cellwatch.telemetry.Sample;
import java.util.ArrayList;
import java.util.List;

/** Hand-made sample sequences for one cell: a 1 mAh Li//LFP coin cell at 1 mA in a 100 °C chamber, 10 s period. */
final class Synthetic {

    static final double T0 = 1_767_225_600.0;
    static final double PERIOD_S = 10.0;
    static final CellMetadata CELL = new CellMetadata("syn", "lab1", "oven1", "ch1", CellType.FULL, "Li||LFP", 0.001,
            null, null, 2.0, 4.2, 1.0, 100.0, PERIOD_S);

    final CellDetectors detectors;
    final List<Finding> findings = new ArrayList<>();
    private long seq;
    private double t = T0;

    Synthetic() {
        this(CELL);
    }

    Synthetic(CellMetadata cell) {
        this.detectors = new CellDetectors(cell, DetectionConfig.defaults());
    }

    /**
     * One sample {@code PERIOD_S} after the previous one; the cell thermocouple reads with ±0.01 K of noise,
     * as a live one does (identical readings for many samples are a stuck sensor).
     */
    List<Finding> sample(double voltageV, double currentA, Double cellC, Double chamberC) {
        return sampleExactly(voltageV, currentA, cellC == null ? null : cellC + 0.01 * (seq % 3 - 1), chamberC);
    }

    /** A sample with the cell temperature exactly as given. */
    List<Finding> sampleExactly(double voltageV, double currentA, Double cellC, Double chamberC) {
        Sample s = new Sample(CELL.cellId(), seq++, t, t - T0, voltageV, currentA, cellC, chamberC, null, null);
        List<Finding> out = detectors.onSample(s, (long) (t * 1000));
        t += PERIOD_S;
        findings.addAll(out);
        return out;
    }

    double timeS() {
        return t;
    }

    List<Finding> of(FindingType type) {
        return findings.stream().filter(f -> f.type() == type).toList();
    }
}
