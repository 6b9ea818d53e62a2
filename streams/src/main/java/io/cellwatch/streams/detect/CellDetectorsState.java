package io.cellwatch.streams.detect;

import io.cellwatch.telemetry.Sample;
import java.util.List;

/**
 * Everything {@link CellDetectors} remembers about one cell: a plain record of records, stored by the Kafka
 * Streams processor like {@code CellState} and handed back to {@link CellDetectors#restore}.
 *
 * @param lastSeq           highest seq taken, null before the first sample
 * @param ignored           samples ignored (redelivered, out of order, or without time, voltage or current)
 * @param lastUsable        previous sample with a usable voltage (one end of the next interval)
 * @param lastFinishedCycle number of the last cycle the analytics finished, null before one
 * @param window            the latest raw samples, oldest first
 * @param lastEfficiency    the last cycle the sibling comparison of Coulombic efficiency judges, for the chamber
 *                          ({@link SiblingEfficiencyDetector}); null before one (and in a state stored by an older
 *                          version, until the next cycle)
 */
public record CellDetectorsState(
        Long lastSeq,
        long ignored,
        Sample lastUsable,
        Integer lastFinishedCycle,
        List<Sample> window,
        SensorFaultDetector.State sensor,
        ThermalDetector.State thermal,
        HardShortDetector.State hardShort,
        SoftShortDetector.State softShort,
        StaleChannelDetector.State stale,
        TrendDetector.State trend,
        SiblingEfficiencyDetector.CycleEfficiency lastEfficiency) {

    public static final CellDetectorsState INITIAL = new CellDetectorsState(null, 0, null, null, List.of(),
            SensorFaultDetector.State.INITIAL, ThermalDetector.State.INITIAL, HardShortDetector.State.INITIAL,
            SoftShortDetector.State.INITIAL, StaleChannelDetector.State.INITIAL, TrendDetector.State.INITIAL, null);

    public CellDetectorsState {
        window = SampleWindow.of(window); // as it is when it is one already; a copy of a list from outside (Jackson)
    }
}
