package io.cellwatch.streams.topology;

import io.cellwatch.streams.detect.ChamberDetectors;
import io.cellwatch.streams.detect.SiblingEfficiencyDetector;
import io.cellwatch.streams.detect.SiblingRestDecayDetector;
import io.cellwatch.telemetry.CellType;
import io.cellwatch.telemetry.Sample;

/**
 * A cell's sample on its way to its chamber's detectors (repartitioned by {@code lab/chamber}),
 * with what the chamber processor cannot look up itself: the chamber's setpoint, and for the
 * comparisons with the cell's siblings, the cell's type, chemistry, noise σ now, last judged
 * cycle's Coulombic efficiency and latest rest decay. A record written before those existed reads with them null: no
 * reading, nothing judged.
 *
 * @param cellType            the cell's type, null when unknown
 * @param noiseSigmaV         the cell's steady-current voltage noise σ, V ({@code CellDetectors.noiseSigmaV()}),
 *                            null while not yet measured
 * @param chemistry           the cell's chemistry label, null when unknown
 * @param efficiencyCycle     the cell's last cycle judged for efficiency ({@code CellDetectors.lastEfficiency()}),
 *                            null before one
 * @param coulombicEfficiency that cycle's Coulombic efficiency, fraction
 * @param restDecayEndS       when the cell's latest rest after a charge ended ({@code CellDetectors.lastRestDecay()}),
 *                            null before one
 * @param restDecayVPerH      how fast its voltage fell, V/h
 */
public record ChamberSample(String lab, String chamber, Double setpointC, Sample sample, CellType cellType,
        Double noiseSigmaV, String chemistry, Integer efficiencyCycle, Double coulombicEfficiency, Double restDecayEndS,
        Double restDecayVPerH) {

    /** {@code sample} of a cell whose detectors tell its chamber {@code cell}. */
    static ChamberSample of(String lab, String chamber, Double setpointC, Sample sample,
            ChamberDetectors.CellReading cell) {
        SiblingEfficiencyDetector.CycleEfficiency ce = cell.lastEfficiency();
        SiblingRestDecayDetector.RestDecay rest = cell.lastRestDecay();
        return new ChamberSample(lab, chamber, setpointC, sample, cell.cellType(), cell.noiseSigmaV(),
                cell.chemistry(), ce == null ? null : ce.cycle(), ce == null ? null : ce.coulombicEfficiency(),
                rest == null ? null : rest.endS(), rest == null ? null : rest.decayVPerH());
    }

    /** The repartition key. */
    public String chamberKey() {
        return lab + "/" + chamber;
    }

    /** What the cell tells its chamber with this sample. */
    ChamberDetectors.CellReading reading() {
        return new ChamberDetectors.CellReading(cellType, chemistry, noiseSigmaV,
                efficiencyCycle == null || coulombicEfficiency == null ? null
                        : new SiblingEfficiencyDetector.CycleEfficiency(efficiencyCycle, coulombicEfficiency),
                restDecayEndS == null || restDecayVPerH == null ? null
                        : new SiblingRestDecayDetector.RestDecay(restDecayEndS, restDecayVPerH));
    }
}
