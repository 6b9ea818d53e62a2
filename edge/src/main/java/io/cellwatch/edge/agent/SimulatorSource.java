package io.cellwatch.edge.agent;

import io.cellwatch.edge.sim.SimulatedCell;
import io.cellwatch.telemetry.Sample;

/**
 * A simulated cell on a channel, at {@code speed} times real time (0 = as fast as possible). The cell
 * is deterministic for its seed and start time (kept in the checkpoint), so a restart runs it again
 * up to the last queued {@code seq} without sending, then goes on.
 */
final class SimulatorSource implements SampleSource {

    private final SimulatedCell cell;
    private final double speed;
    private final long maxSamples;
    private final double startTimeS;
    private final long startNanos = System.nanoTime();
    private long lastSeq;
    private Sample pending;
    private Double firstTimeS;

    SimulatorSource(EdgeConfig.Channel channel, ChannelCheckpoints.State resume) {
        EdgeConfig.Source s = channel.source();
        this.startTimeS = resume.startTimeS() != null ? resume.startTimeS() : Math.floor(System.currentTimeMillis() / 1000.0);
        this.cell = new SimulatedCell(channel.cellId(), s.preset(), s.seed(), s.samplePeriodS(), startTimeS);
        this.speed = s.speed();
        this.maxSamples = s.maxSamples();
        this.lastSeq = resume.lastSeq();
        if (lastSeq >= 0) {
            while (cell.next().seq() < lastSeq) {
                // fast-forward through what the previous run queued
            }
        }
    }

    double startTimeS() {
        return startTimeS;
    }

    @Override
    public Sample next(long maxWaitMs) throws InterruptedException {
        if (finished()) {
            return null;
        }
        if (pending == null) {
            pending = cell.next();
        }
        if (speed > 0) {
            if (firstTimeS == null) {
                firstTimeS = pending.timeS();
            }
            long due = startNanos + (long) ((pending.timeS() - firstTimeS) / speed * 1e9);
            if (!SampleSource.awaitDue(due, maxWaitMs)) {
                return null;
            }
        }
        Sample s = pending;
        pending = null;
        lastSeq = s.seq();
        return s;
    }

    @Override
    public boolean finished() {
        return maxSamples > 0 && lastSeq + 1 >= maxSamples;
    }

    @Override
    public ChannelCheckpoints.State state() {
        return new ChannelCheckpoints.State(lastSeq, 0, null, startTimeS);
    }

    @Override
    public boolean pause(boolean paused) {
        if (paused) {
            cell.pause();
        } else {
            cell.resume();
        }
        return true;
    }

    @Override
    public void close() {
    }
}
