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
 * inhibit the cell findings of the same chamber, ARCHITECTURE.md, alerts/), and the sibling comparisons
 * {@link SiblingNoiseDetector} (voltage noise), {@link SiblingEfficiencyDetector} (Coulombic efficiency) and
 * {@link SiblingRestDecayDetector} (rest voltage decay), which judge each cell against its siblings and report on the
 * cell (cell scope, keyed by cell id).
 *
 * <p>Not thread-safe; one instance per chamber; {@link #state()} is the whole memory.
 */
public final class ChamberDetectors {

    private final String lab;
    private final String chamber;
    private final ChamberDetector detector;
    private final SiblingNoiseDetector siblingNoise;
    private final SiblingEfficiencyDetector siblingEfficiency;
    private final SiblingRestDecayDetector siblingRestDecay;
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
        this.siblingEfficiency = new SiblingEfficiencyDetector(config.siblingEfficiency(), config.repeatEveryS());
        this.siblingRestDecay = new SiblingRestDecayDetector(config.siblingRestDecay(), config.repeatEveryS());
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

    /**
     * What a cell tells its chamber with a reading, for the comparisons with its siblings.
     *
     * @param cellType       its type, null when unknown (taken as full)
     * @param chemistry      its chemistry label, null when unknown
     * @param noiseSigmaV    its voltage noise σ now ({@link CellDetectors#noiseSigmaV()}), null while not measured
     * @param lastEfficiency its last judged cycle's Coulombic efficiency ({@link CellDetectors#lastEfficiency()}),
     *                       null before one
     * @param lastRestDecay  its latest rest after a charge ({@link CellDetectors#lastRestDecay()}), null before one
     */
    public record CellReading(CellType cellType, String chemistry, Double noiseSigmaV,
            SiblingEfficiencyDetector.CycleEfficiency lastEfficiency, SiblingRestDecayDetector.RestDecay lastRestDecay) {

        public static final CellReading NONE = new CellReading(null, null, null, null, null);

        /** What {@code detectors} know of their cell now. */
        public static CellReading of(CellDetectors detectors) {
            return new CellReading(detectors.cell().cellType(), detectors.cell().chemistry(), detectors.noiseSigmaV(),
                    detectors.lastEfficiency(), detectors.lastRestDecay());
        }
    }

    /** A sample of any cell in this chamber, in each cell's order, without a reading for the sibling rules. */
    public List<Finding> onSample(Sample s) {
        return onSample(s, CellReading.NONE);
    }

    /** A sample of any cell in this chamber, in each cell's order, with what its cell tells the chamber now. */
    public List<Finding> onSample(Sample s, CellReading cell) {
        if (s == null || s.timeS() == null || !Double.isFinite(s.timeS()) || s.cellId() == null) {
            return List.of();
        }
        List<Finding> findings = detector.onSample(live, s, lab, chamber);
        if (cell.noiseSigmaV() != null) {
            findings = CellDetectors.concat(findings, siblingNoise.onReading(live.siblingNoise, s, cell.noiseSigmaV(),
                    cell.cellType(), () -> new FindingContext(s.cellId(), lab, chamber, s.cycleIndex(),
                            cellWindow(live.window(), s))));
        }
        SiblingEfficiencyDetector.CycleEfficiency ce = cell.lastEfficiency();
        if (ce != null) {
            findings = CellDetectors.concat(findings, siblingEfficiency.onReading(live.siblingEfficiency, s, ce,
                    cell.cellType(), cell.chemistry(), () -> new FindingContext(s.cellId(), lab, chamber, ce.cycle(),
                            cellWindow(live.window(), s))));
        }
        if (cell.lastRestDecay() != null) {
            findings = CellDetectors.concat(findings, siblingRestDecay.onReading(live.siblingRestDecay, s,
                    cell.lastRestDecay(), cell.cellType(), cell.chemistry(), () -> new FindingContext(s.cellId(), lab,
                            chamber, s.cycleIndex(), cellWindow(live.window(), s))));
        }
        return findings;
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
