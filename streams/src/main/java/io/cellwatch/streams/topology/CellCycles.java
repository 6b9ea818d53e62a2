package io.cellwatch.streams.topology;

import io.cellwatch.telemetry.CycleResult;

import java.util.ArrayList;
import java.util.List;

/**
 * What the query API serves per cell: its most recent finished cycles (oldest first, at most
 * {@link #KEPT} of them) and the running cycle as of the last provisional update. The full history
 * is the {@code cellwatch.cycles.v1} topic; this is the view a dashboard or a person asks for.
 */
public record CellCycles(String cellId, List<CycleResult> finished, CycleResult running) {

    /** About a year of daily cycles or 100 cycles of a 1C test several times over; a few hundred KB per cell. */
    public static final int KEPT = 500;

    public static CellCycles empty(String cellId) {
        return new CellCycles(cellId, List.of(), null);
    }

    CellCycles withFinished(CycleResult cycle) {
        List<CycleResult> next = new ArrayList<>(finished.size() + 1);
        next.addAll(finished.size() >= KEPT ? finished.subList(finished.size() - KEPT + 1, finished.size()) : finished);
        next.add(cycle);
        return new CellCycles(cellId, List.copyOf(next), null);
    }

    public CellCycles withRunning(CycleResult cycle) {
        return new CellCycles(cellId, finished, cycle);
    }

    /** The latest figures: the running cycle when there is one, else the last finished cycle. */
    public CycleResult latest() {
        if (running != null) {
            return running;
        }
        return finished.isEmpty() ? null : finished.get(finished.size() - 1);
    }
}
