package io.cellwatch.streams.detect;

import io.cellwatch.telemetry.CellMetadata;
import io.cellwatch.telemetry.Finding;
import io.cellwatch.telemetry.Sample;
import java.util.List;
import java.util.Objects;

/**
 * The detectors of one chamber, fed the samples of every cell in it (the topology keys them by
 * {@code lab/chamber}); today one, {@link ChamberDetector}. Its finding explains the cells' warmth: alert
 * handling lets it inhibit the cell findings of the same chamber (ARCHITECTURE.md, alerts/).
 *
 * <p>Not thread-safe; one instance per chamber; {@link #state()} is the whole memory.
 */
public final class ChamberDetectors {

    private final String lab;
    private final String chamber;
    private final ChamberDetector detector;
    private ChamberDetector.State state;

    /**
     * @param setpointC the chamber's setpoint, null when unknown (then only the cells' warmth is judged, and only
     *                  against a setpoint, so nothing is)
     */
    public ChamberDetectors(String lab, String chamber, Double setpointC, DetectionConfig config) {
        this(lab, chamber, setpointC, config, ChamberDetector.State.INITIAL);
    }

    private ChamberDetectors(String lab, String chamber, Double setpointC, DetectionConfig config,
            ChamberDetector.State state) {
        this.lab = lab;
        this.chamber = chamber;
        this.detector = new ChamberDetector(config.chamber(), setpointC, config.windowSamples(), config.repeatEveryS());
        this.state = Objects.requireNonNull(state, "state");
    }

    /** The chamber of {@code anyCell}, with its setpoint. */
    public static ChamberDetectors of(CellMetadata anyCell, DetectionConfig config) {
        return new ChamberDetectors(anyCell.lab(), anyCell.chamber(), anyCell.chamberSetpointC(), config);
    }

    public static ChamberDetectors restore(String lab, String chamber, Double setpointC, DetectionConfig config,
            ChamberDetector.State state) {
        return new ChamberDetectors(lab, chamber, setpointC, config, state);
    }

    /** A sample of any cell in this chamber, in each cell's order. */
    public List<Finding> onSample(Sample s) {
        if (s == null || s.timeS() == null || !Double.isFinite(s.timeS()) || s.cellId() == null) {
            return List.of();
        }
        ChamberDetector.Outcome o = detector.onSample(state, s, lab, chamber);
        state = o.state();
        return o.findings();
    }

    public ChamberDetector.State state() {
        return state;
    }
}
