package io.cellwatch.streams.topology;

import io.cellwatch.telemetry.CellType;
import io.cellwatch.telemetry.Sample;

/**
 * A cell's sample on its way to its chamber's detectors (repartitioned by {@code lab/chamber}),
 * with what the chamber processor cannot look up itself: the chamber's setpoint, and for the
 * comparison of a cell's voltage noise with its siblings', the cell's type and its noise σ now.
 * A record written before those two existed reads with them null: no noise reading, nothing judged.
 *
 * @param cellType    the cell's type, null when unknown
 * @param noiseSigmaV the cell's steady-current voltage noise σ, V ({@code CellDetectors.noiseSigmaV()}),
 *                    null while not yet measured
 */
public record ChamberSample(String lab, String chamber, Double setpointC, Sample sample, CellType cellType,
        Double noiseSigmaV) {

    /** The repartition key. */
    public String chamberKey() {
        return lab + "/" + chamber;
    }
}
