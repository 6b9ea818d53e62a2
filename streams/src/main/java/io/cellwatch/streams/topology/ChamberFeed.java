package io.cellwatch.streams.topology;

import io.cellwatch.telemetry.Sample;

import java.time.Duration;

/**
 * Which of a cell's samples go on to its chamber's detectors: report by exception. A sample goes
 * when its cell or chamber temperature moved by the dead band since the last one sent, and
 * otherwise once per heartbeat of cycler time, so a steady chamber costs one record per cell per
 * heartbeat while a chamber that starts to drift is followed sample by sample.
 *
 * <p>Why thin at all: chambers are repartitioned by {@code lab/chamber}, so every sample sent costs
 * a second write and read through Kafka, and the chamber detector looks at every cell of the
 * chamber per sample it gets. Sending every sample doubled the pipeline's traffic.
 *
 * @param heartbeatS a cell's readings are sent at least this often (cycler time). Default 60 s: the
 *                   chamber detector counts a cell's reading fresh for 600 s, so ten heartbeats fit
 *                   in it; chambers drift over minutes
 * @param deadBandK  a change of the cell or chamber temperature by this much is sent at once.
 *                   Default 0.5 K [D]: above the ±0.15 K a steady chamber wanders (the
 *                   simulator's figure, and ChamberDetector's reasoning for its band), far below
 *                   the 3 K chamber band
 */
record ChamberFeed(double heartbeatS, double deadBandK) {

    static final ChamberFeed DEFAULT = new ChamberFeed(60.0, 0.5);

    /**
     * The readings a task sends go out as one {@link ChamberBatch} per chamber this often (wall
     * clock): at the default 100 ms, as often as an exactly-once commit, a chamber finding comes at
     * most a tenth of a second later than it would sample by sample, well inside the 1 s p99 sample →
     * alert target (README, performance), while the repartition carries ten records per chamber and
     * task per second instead of one per reading.
     *
     * <p>Readings collected but not yet sent when the process dies are not lost for long: a cell
     * restored from its journal has sent nothing, so its next sample goes to the chamber at once.
     */
    static final Duration FLUSH_INTERVAL = Duration.ofMillis(100);

    /** A chamber's batch goes out early at this many readings (Smile, ~150 bytes each: ~40 KB records). */
    static final int MAX_BATCH = 256;

    /** What was last sent for one cell; mutable, one per cell, never shared. */
    static final class Sent {
        private double timeS = Double.NEGATIVE_INFINITY;
        private double cellC = Double.NaN;
        private double chamberC = Double.NaN;
    }

    /** True when {@code s} should go to the chamber; then it is recorded in {@code last} as sent. */
    boolean send(Sent last, Sample s) {
        if (s.timeS() == null) {
            return false;
        }
        double cellC = value(s.cellTemperatureC());
        double chamberC = value(s.chamberTemperatureC());
        boolean due = s.timeS() - last.timeS >= heartbeatS || moved(last.cellC, cellC) || moved(last.chamberC, chamberC);
        if (due) {
            last.timeS = s.timeS();
            last.cellC = cellC;
            last.chamberC = chamberC;
        }
        return due;
    }

    /** A reading that appears, disappears or moves by the dead band. */
    private boolean moved(double before, double now) {
        if (Double.isNaN(before) || Double.isNaN(now)) {
            return Double.isNaN(before) != Double.isNaN(now);
        }
        return Math.abs(now - before) >= deadBandK;
    }

    private static double value(Double c) {
        return c == null || !Double.isFinite(c) ? Double.NaN : c;
    }
}
