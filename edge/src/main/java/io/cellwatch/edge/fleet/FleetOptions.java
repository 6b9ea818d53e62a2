package io.cellwatch.edge.fleet;

import io.cellwatch.edge.sim.Preset;

import java.time.Duration;
import java.util.List;

/**
 * How a simulated fleet runs.
 *
 * @param lab            lab id in MQTT topics and metadata
 * @param cells          number of simulated channels; presets are dealt round-robin
 * @param samplePeriodS  simulated seconds between two samples of one cell (10 s is typical for coin cells)
 * @param speed          simulated seconds per wall-clock second (3600: one simulated hour per second,
 *                       a 1C cycle every few seconds); 0 means as fast as the broker takes it
 * @param maxBatch       most samples in one MQTT message
 * @param seed           makes every run with the same options produce the same samples
 * @param startTimeS     simulated clock at start, Unix seconds
 * @param tick           how often the fleet wakes up to publish what simulated time has produced
 * @param presets        the presets dealt round-robin to the channels, in this order (every preset by default)
 */
public record FleetOptions(String lab, int cells, double samplePeriodS, double speed, int maxBatch, long seed,
                           double startTimeS, Duration tick, List<Preset> presets) {

    /** Every preset, dealt round-robin. */
    public FleetOptions(String lab, int cells, double samplePeriodS, double speed, int maxBatch, long seed,
                        double startTimeS, Duration tick) {
        this(lab, cells, samplePeriodS, speed, maxBatch, seed, startTimeS, tick, List.of(Preset.values()));
    }

    public FleetOptions {
        presets = presets == null || presets.isEmpty() ? List.of(Preset.values()) : List.copyOf(presets);
        if (cells < 1) {
            throw new IllegalArgumentException("cells must be at least 1, was " + cells);
        }
        if (!(samplePeriodS > 0)) {
            throw new IllegalArgumentException("sample period must be positive seconds, was " + samplePeriodS);
        }
        if (speed < 0 || Double.isNaN(speed)) {
            throw new IllegalArgumentException("speed must be >= 0 (0 = as fast as possible), was " + speed);
        }
        if (maxBatch < 1) {
            throw new IllegalArgumentException("max batch must be at least 1, was " + maxBatch);
        }
    }

    public static FleetOptions defaults(String lab, int cells) {
        return new FleetOptions(lab, cells, 10.0, 3600.0, 500, 42L, System.currentTimeMillis() / 1000.0,
                Duration.ofMillis(100));
    }

    public FleetOptions withSpeed(double newSpeed) {
        return new FleetOptions(lab, cells, samplePeriodS, newSpeed, maxBatch, seed, startTimeS, tick, presets);
    }

    /** Only these presets, dealt round-robin (channel 1 gets the first). */
    public FleetOptions withPresets(List<Preset> only) {
        return new FleetOptions(lab, cells, samplePeriodS, speed, maxBatch, seed, startTimeS, tick, only);
    }
}
