package io.cellwatch.streams.detect;

import io.cellwatch.telemetry.CellMetadata;
import io.cellwatch.telemetry.CellType;
import io.cellwatch.telemetry.Finding;
import io.cellwatch.telemetry.Sample;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The detectors of one chamber, fed the samples of every cell in it (the topology keys them by
 * {@code lab/chamber}): {@link ChamberDetector}, whose finding explains the cells' warmth (alert handling lets it
 * inhibit the cell findings of the same chamber, ARCHITECTURE.md, alerts/), and {@link SiblingNoiseDetector}, which
 * judges each cell's voltage noise against its siblings' and reports on the cell (cell scope, keyed by cell id).
 *
 * <p>Not thread-safe; one instance per chamber; {@link #state()} is the whole memory.
 */
public final class ChamberDetectors {

    private final String lab;
    private final String chamber;
    private final ChamberDetector detector;
    private final SiblingNoiseDetector siblingNoise;
    private final ChamberDetector.Live live;

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
        this.siblingNoise = new SiblingNoiseDetector(config.siblingNoise(), config.repeatEveryS());
        this.live = new ChamberDetector.Live(Objects.requireNonNull(state, "state"));
    }

    /** The chamber of {@code anyCell}, with its setpoint. */
    public static ChamberDetectors of(CellMetadata anyCell, DetectionConfig config) {
        return new ChamberDetectors(anyCell.lab(), anyCell.chamber(), anyCell.chamberSetpointC(), config);
    }

    public static ChamberDetectors restore(String lab, String chamber, Double setpointC, DetectionConfig config,
            ChamberDetector.State state) {
        return new ChamberDetectors(lab, chamber, setpointC, config, state);
    }

    /** A sample of any cell in this chamber, in each cell's order, without a noise reading. */
    public List<Finding> onSample(Sample s) {
        return onSample(s, null, null);
    }

    /**
     * A sample of any cell in this chamber, in each cell's order, with the cell's noise σ now
     * ({@link CellDetectors#noiseSigmaV()}, null while not measured) and its type.
     */
    public List<Finding> onSample(Sample s, Double noiseSigmaV, CellType cellType) {
        if (s == null || s.timeS() == null || !Double.isFinite(s.timeS()) || s.cellId() == null) {
            return List.of();
        }
        List<Finding> chamberFindings = detector.onSample(live, s, lab, chamber);
        if (noiseSigmaV == null) {
            return chamberFindings;
        }
        List<Finding> noiseFindings = siblingNoise.onReading(live.siblingNoise, s, noiseSigmaV, cellType,
                () -> new FindingContext(s.cellId(), lab, chamber, s.cycleIndex(), cellWindow(live.window(), s)));
        if (noiseFindings.isEmpty()) {
            return chamberFindings;
        }
        List<Finding> all = new ArrayList<>(chamberFindings);
        all.addAll(noiseFindings);
        return all;
    }

    /** The chamber window's samples of the cell of {@code s}: a cell finding shows its own cell's samples. */
    private static List<Sample> cellWindow(Iterable<Sample> chamberWindow, Sample s) {
        List<Sample> mine = new ArrayList<>();
        for (Sample w : chamberWindow) {
            if (s.cellId().equals(w.cellId())) {
                mine.add(w);
            }
        }
        return mine;
    }

    /** The whole memory as a record, built on each call (the topology asks at commit). */
    public ChamberDetector.State state() {
        return live.state();
    }
}
