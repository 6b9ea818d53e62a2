package io.cellwatch.streams.detect;

import io.cellwatch.edge.sim.Preset;
import io.cellwatch.edge.sim.SimulatedCell;
import io.cellwatch.telemetry.CellMetadata;
import io.cellwatch.telemetry.ChannelAddress;
import io.cellwatch.telemetry.Finding;
import io.cellwatch.telemetry.Sample;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Simulated cells of one chamber run in step, each through its own analytics and detectors, their samples thinned
 * to the chamber as the topology's feed does (one per cell per 60 s heartbeat), each with what the cell tells its
 * chamber ({@link ChamberDetectors.CellReading#of}). A member's samples can be changed on the way (a fault the
 * simulator does not have), before its own detectors see them.
 */
final class SimulatedChamber {

    static final double START_S = SimulatedRun.START_S;
    private static final double HEARTBEAT_S = 60.0; // topology.ChamberFeed's heartbeat

    /** One cell of the chamber. */
    static final class Member {
        final SimulatedCell cell;
        final SimulatedRun run;
        private final UnaryOperator<Sample> change;
        private double sentS = Double.NEGATIVE_INFINITY;

        Member(SimulatedCell cell, SimulatedRun run, UnaryOperator<Sample> change) {
            this.cell = cell;
            this.run = run;
            this.change = change;
        }
    }

    final List<Member> members = new ArrayList<>();
    /** The rest after each current step, s; null: the presets' own (10 min, too short to fit a rest slope). */
    private final Double restS;
    final ChamberDetectors detectors = new ChamberDetectors("lab1", "oven1", 100.0, DetectionConfig.defaults());
    final List<Finding> findings = new ArrayList<>();
    private double t = START_S;

    SimulatedChamber() {
        this(null);
    }

    /** Every cell on its preset's protocol with rests of {@code restS}, as a lab checking self-discharge runs. */
    SimulatedChamber(Double restS) {
        this.restS = restS;
    }

    Member add(String id, Preset preset, long seed) {
        return add(id, preset, seed, UnaryOperator.identity());
    }

    Member add(String id, Preset preset, long seed, UnaryOperator<Sample> change) {
        SimulatedCell cell = new SimulatedCell(id, preset, seed, 10.0, START_S,
                restS == null ? preset.protocol() : preset.protocol().withRestS(restS));
        CellMetadata meta = cell.metadata(new ChannelAddress("lab1", "oven1", id));
        Member m = new Member(cell, new SimulatedRun(meta, DetectionConfig.defaults(), false), change);
        members.add(m);
        return m;
    }

    /** Runs until every cell has started the cycle after {@code cycle}. */
    void runUntilCycle(int cycle) {
        while (members.stream().anyMatch(m -> m.cell.cycle() <= cycle)) {
            t += HEARTBEAT_S;
            for (Member m : members) {
                for (Sample raw : m.cell.transmittedUntil(t)) {
                    Sample s = m.change.apply(raw);
                    m.run.feed(s, (long) (s.timeS() * 1000));
                    if (s.timeS() - m.sentS >= HEARTBEAT_S) {
                        m.sentS = s.timeS();
                        findings.addAll(detectors.onSample(s, ChamberDetectors.CellReading.of(m.run.detectors)));
                    }
                }
            }
        }
    }

    /** The findings {@code detector} raised or repeated (not the clears). */
    List<Finding> raised(String detector) {
        return findings.stream().filter(f -> detector.equals(f.detector()) && !f.cleared()).toList();
    }
}
