package io.cellwatch.app.bench;

import io.cellwatch.edge.sim.Preset;
import io.cellwatch.edge.sim.SimulatedCell;
import io.cellwatch.telemetry.CellMetadata;
import io.cellwatch.telemetry.ChannelAddress;
import io.cellwatch.telemetry.Sample;

import java.util.ArrayList;
import java.util.List;

/**
 * Simulated channels laid out as {@link io.cellwatch.edge.fleet.SimulatedFleet} lays them out (presets
 * dealt round-robin, 100 °C presets in chamber {@code oven-100c}), for phases that publish or feed
 * samples themselves.
 */
final class SimChannels {

    static final String LAB = "bench";
    static final double SAMPLE_PERIOD_S = 10.0;

    record Channel(ChannelAddress address, SimulatedCell cell, CellMetadata metadata) {
        String cellId() {
            return address.defaultCellId();
        }
    }

    private SimChannels() {
    }

    static List<Channel> create(int count, double startTimeS, long seed) {
        return create(LAB, count, startTimeS, seed);
    }

    /** {@code count} channels of lab {@code lab}. */
    static List<Channel> create(String lab, int count, double startTimeS, long seed) {
        Preset[] presets = Preset.values();
        List<Channel> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Preset preset = presets[i % presets.length];
            String chamber = preset.chamberSetpointC() >= 50 ? "oven-100c" : "bench-rt";
            ChannelAddress address = new ChannelAddress(lab, chamber, String.format("ch%05d", i + 1));
            SimulatedCell cell = new SimulatedCell(address.defaultCellId(), preset, seed + i, SAMPLE_PERIOD_S, startTimeS);
            out.add(new Channel(address, cell, cell.metadata(address)));
        }
        return out;
    }

    /** The next {@code n} samples the cell logs. */
    static List<Sample> take(SimulatedCell cell, int n) {
        List<Sample> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(cell.next());
        }
        return out;
    }
}
