package io.cellwatch.streams.topology;

import io.cellwatch.telemetry.Sample;

/**
 * A cell's sample on its way to its chamber's detectors (repartitioned by {@code lab/chamber}),
 * with what the chamber processor cannot look up itself: the chamber's setpoint.
 */
public record ChamberSample(String lab, String chamber, Double setpointC, Sample sample) {

    /** The repartition key. */
    public String chamberKey() {
        return lab + "/" + chamber;
    }
}
