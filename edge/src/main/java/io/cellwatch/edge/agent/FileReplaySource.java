package io.cellwatch.edge.agent;

import io.cellwatch.edge.reader.CyclerFileReader;
import io.cellwatch.edge.reader.CyclerRow;
import io.cellwatch.edge.reader.CyclerRows;
import io.cellwatch.edge.reader.ReaderOptions;
import io.cellwatch.telemetry.Sample;

import java.io.IOException;
import java.util.Iterator;

/**
 * Replays a finished cycler file: as fast as possible ({@code speed} 0), in real time (1) or N times
 * faster, paced by the rows' own timestamps. {@code seq} is the row's line number, so a restart skips
 * the rows already queued.
 */
final class FileReplaySource implements SampleSource {

    private final CyclerRows rows;
    private final Iterator<CyclerRow> it;
    private final double speed;
    private long lastSeq;
    private CyclerRow pending;
    private Double firstTimeS;
    private long firstNanos;

    FileReplaySource(EdgeConfig.Channel channel, ChannelCheckpoints.State resume) throws IOException {
        this.rows = CyclerFileReader.open(channel.source().path(), readerOptions(channel));
        this.it = rows.iterator();
        this.speed = channel.source().speed();
        this.lastSeq = resume.lastSeq();
    }

    static ReaderOptions readerOptions(EdgeConfig.Channel channel) {
        EdgeConfig.Source s = channel.source();
        return ReaderOptions.forCell(channel.cellId()).withZone(s.zone()).withCurrentSign(s.currentSign())
                .withFormat(s.format()).withStartEpochS(s.startEpochS());
    }

    @Override
    public Sample next(long maxWaitMs) throws InterruptedException {
        while (pending == null) {
            if (!it.hasNext()) {
                return null;
            }
            CyclerRow row = it.next();
            if (row.lineNumber() > lastSeq) {
                pending = row;
            }
        }
        Sample s = withSeq(pending.sample(), pending.lineNumber());
        if (speed > 0 && s.timeS() != null) {
            if (firstTimeS == null) {
                firstTimeS = s.timeS();
                firstNanos = System.nanoTime();
            }
            long due = firstNanos + (long) ((s.timeS() - firstTimeS) / speed * 1e9);
            if (!SampleSource.awaitDue(due, maxWaitMs)) {
                return null;
            }
        }
        pending = null;
        lastSeq = s.seq();
        return s;
    }

    static Sample withSeq(Sample s, long seq) {
        return new Sample(s.cellId(), seq, s.timeS(), s.testTimeS(), s.voltageV(), s.currentA(),
                s.cellTemperatureC(), s.chamberTemperatureC(), s.stepIndex(), s.cycleIndex());
    }

    @Override
    public boolean finished() {
        return pending == null && !it.hasNext();
    }

    @Override
    public ChannelCheckpoints.State state() {
        return new ChannelCheckpoints.State(lastSeq, 0, null, null);
    }

    @Override
    public void close() {
        rows.close();
    }
}
