package io.cellwatch.streams.detect;

import io.cellwatch.telemetry.Finding;
import io.cellwatch.telemetry.FindingType;
import io.cellwatch.telemetry.Sample;
import io.cellwatch.telemetry.Severity;
import java.util.List;

/**
 * Plausibility of one cell's sensors (DETECTION.md, "sensor plausibility"; principle 5: "a sample flagged
 * invalid by plausibility checks feeds no safety rule"). Reports {@link FindingType#SENSOR_FAULT} when the
 * cell thermocouple reads out of physical range, is stuck (the identical value for many samples while the
 * cell works or the chamber moves), or jumps (a single-sample spike that comes back); and when the voltage
 * reads out of range. Its {@link Verdict} tells the facade which readings of the sample the safety rules
 * may use: while a temperature fault holds, the thermal rules get no temperature at all, so a sensor fault
 * is never reported as a thermal event.
 */
public final class SensorFaultDetector {

    static final String NAME = "SensorFaultDetector";

    /**
     * @param temperatureMinC      a cell or chamber reading below this is a sensor fault. Default −40 °C
     *                             (DETECTION.md; a disconnected thermocouple reads −2,500 °C)
     * @param temperatureMaxC      above this likewise, unless the readings climbed there continuously (a runaway
     *                             is a temperature, not a fault). Default 200 °C (DETECTION.md: above Li's
     *                             180.5 °C melt)
     * @param voltageMinV          a voltage below this is a sensor (sense-lead) fault. Default −0.5 V (DETECTION.md)
     * @param voltageMaxV          above this likewise. Default 5.5 V (DETECTION.md)
     * @param stuckSamples         identical temperature readings in a row that make a stuck sensor. Default 30
     *                             (DETECTION.md); a live thermocouple at 0.01 K resolution never repeats that often
     * @param stuckChamberChangeK  "the chamber moves": its reading changed this much while the cell reading stood
     *                             still. Default 0.5 K [D], ~3× the chamber's normal wander
     * @param jumpK                a change of more than this in one sample is not a temperature (DETECTION.md:
     *                             spike > 5 K in one sample). Default 5 K
     * @param jumpRateKPerS        …unless the time between the samples allows it at this rate. Default 1 K/s
     *                             (GB 38031: thermal runaway is ≥ 1 °C/s; faster is not a cell)
     * @param spikeReturnSamples   a jump that comes back within this many samples is a spike. Default 2
     *                             (DETECTION.md); one that stays is accepted as the new level
     * @param spikeMemoryS         the fault holds while a spike was seen this recently. Default 3600 s [D]: a loose
     *                             connector spiking a few times an hour stays flagged
     * @param setAfterSamples      debounce before raising. Default 3 samples (foxBMS debounces temperature 5 s)
     * @param clearAfterSamples    good samples, net, before clearing. Default 10 [D]
     */
    public record Config(double temperatureMinC, double temperatureMaxC, double voltageMinV, double voltageMaxV,
            int stuckSamples, double stuckChamberChangeK, double jumpK, double jumpRateKPerS, int spikeReturnSamples,
            double spikeMemoryS, int setAfterSamples, int clearAfterSamples) {

        public static Config defaults() {
            return new Config(-40.0, 200.0, -0.5, 5.5, 30, 0.5, 5.0, 1.0, 2, 3600.0, 3, 10);
        }
    }

    /**
     * @param acceptedC      last temperature reading accepted as real, null before one
     * @param acceptedAtS    its time
     * @param pendingJumps   samples in a row that jumped away from {@code acceptedC} (0 = none pending)
     * @param spikeTimesS    times of recent confirmed spikes, within {@code spikeMemoryS}
     * @param repeatedC      the reading the current run of identical readings repeats
     * @param repeats        length of that run
     * @param repeatWorking  current flowed, or the chamber moved, during the run
     * @param repeatChamberC chamber reading when the run began
     * @param temperatureCause the fault reported (or clearing) is the cell thermocouple's
     * @param latch          reporting state
     */
    public record State(Double acceptedC, Double acceptedAtS, int pendingJumps, List<Double> spikeTimesS,
            Double repeatedC, int repeats, boolean repeatWorking, Double repeatChamberC, boolean temperatureCause,
            Latch latch) {

        public static final State INITIAL = new State(null, null, 0, List.of(), null, 0, false, null, false,
                Latch.IDLE);

        public State {
            spikeTimesS = List.copyOf(spikeTimesS);
        }
    }

    /**
     * Which readings of a sample the safety rules may use.
     *
     * @param temperatureUsable the cell temperature is present, plausible and no temperature fault holds
     * @param chamberUsable     the chamber reading is present and plausible
     * @param voltageUsable     the voltage is in range
     */
    public record Verdict(boolean temperatureUsable, boolean chamberUsable, boolean voltageUsable) {
    }

    /** The state after one sample, the verdict on it, and what to report (usually nothing). */
    public record Outcome(State state, Verdict verdict, List<Finding> findings) {
    }

    private final Config config;
    private final CellScale cell;
    private final double repeatEveryS;

    SensorFaultDetector(Config config, CellScale cell, double repeatEveryS) {
        this.config = config;
        this.cell = cell;
        this.repeatEveryS = repeatEveryS;
    }

    public Outcome onSample(State st, Sample s, FindingContext ctx) {
        double t = s.timeS();
        boolean voltageOk = s.voltageV() >= config.voltageMinV() && s.voltageV() <= config.voltageMaxV();
        Double chamber = s.chamberTemperatureC();
        boolean chamberOk = chamber != null && plausible(chamber);
        Double reading = s.cellTemperatureC();
        // Beyond the band is a fault when the sensor jumped there (an open thermocouple reads −2,500 °C at
        // once); a cell in runaway climbs there through accepted readings, and that is a temperature.
        boolean nearTop = st.acceptedC() != null && st.acceptedC() >= config.temperatureMaxC() - config.jumpK();
        boolean climbedThere = reading != null && Double.isFinite(reading) && st.acceptedC() != null
                && reading > config.temperatureMaxC() && (nearTop || reading - st.acceptedC() <= Math.max(
                        config.jumpK(), config.jumpRateKPerS() * Math.max(0, s.timeS() - st.acceptedAtS())));
        boolean readingPlausible = reading != null && (plausible(reading) || climbedThere);

        // Stuck: the exact same number again and again while something should move it.
        Double repeatedC = st.repeatedC();
        int repeats = st.repeats();
        boolean working = st.repeatWorking();
        Double repeatChamber = st.repeatChamberC();
        if (reading != null && repeatedC != null && reading.doubleValue() == repeatedC) {
            repeats++;
            boolean chamberMoved = chamberOk && repeatChamber != null
                    && Math.abs(chamber - repeatChamber) >= config.stuckChamberChangeK();
            working = working || cell.flowing(s.currentA()) || chamberMoved;
        } else {
            repeatedC = reading;
            repeats = reading == null ? 0 : 1;
            working = false;
            repeatChamber = chamberOk ? chamber : null;
        }
        boolean stuck = repeats >= config.stuckSamples() && working;

        // Spikes: a jump is held back; if it comes back within spikeReturnSamples it was a spike.
        Double accepted = st.acceptedC();
        Double acceptedAt = st.acceptedAtS();
        int pending = st.pendingJumps();
        List<Double> spikes = Stats.within(st.spikeTimesS(), t, config.spikeMemoryS());
        boolean readingAccepted = false;
        if (readingPlausible) {
            if (accepted == null) {
                readingAccepted = true;
            } else {
                // While a jump is pending, "back" means back within jumpK: the time since the last accepted
                // reading then spans the jump itself and must not widen the allowance.
                double allowedK = pending > 0 ? config.jumpK()
                        : Math.max(config.jumpK(), config.jumpRateKPerS() * Math.max(0, t - acceptedAt));
                // Past the top of the band a runaway climbs faster than any jump allowance: follow it.
                boolean away = Math.abs(reading - accepted) > allowedK && !(nearTop && reading > accepted);
                if (!away) {
                    if (pending > 0) {
                        spikes = Stats.plus(spikes, t);
                    }
                    pending = 0;
                    readingAccepted = true;
                } else if (pending + 1 > config.spikeReturnSamples()) {
                    pending = 0;                         // it stayed: a new level, not a spike
                    readingAccepted = true;
                } else {
                    pending++;
                }
            }
        }
        if (readingAccepted) {
            accepted = reading;
            acceptedAt = s.timeS(); // the sample's own box, not a new one on every sample
        }

        boolean temperatureOutOfRange = reading != null && !readingPlausible;
        boolean chamberOutOfRange = chamber != null && !chamberOk;
        boolean spiking = !spikes.isEmpty();
        Severity level = temperatureOutOfRange || chamberOutOfRange || stuck || spiking || !voltageOk
                ? Severity.WARNING : null;
        Latch.Step step = st.latch().evaluate(level, t, config.setAfterSamples(), config.clearAfterSamples(),
                repeatEveryS);
        // While a temperature fault is reported (through its clearing hysteresis) no reading is trusted.
        boolean temperatureCause = temperatureOutOfRange || stuck || spiking
                || (level == null && st.temperatureCause() && step.latch().holding());
        boolean temperatureUsable = readingAccepted && !temperatureCause;
        State next = new State(accepted, acceptedAt, pending, spikes, repeatedC, repeats, working, repeatChamber,
                temperatureCause, step.latch());
        Verdict verdict = new Verdict(temperatureUsable, chamberOk, voltageOk);
        if (!step.reports()) {
            return new Outcome(next, verdict, List.of()); // the usual case: no sentence or evidence to build
        }
        Finding f = ctx.report(st.latch(), step, FindingType.SENSOR_FAULT, level, t, NAME,
                summary(reading, chamber, s.voltageV(), temperatureOutOfRange, chamberOutOfRange, stuck, repeats,
                        spikes.size(), voltageOk),
                Evidence.of().with("cell_temperature_c", reading).with("chamber_temperature_c", chamber)
                        .with("voltage_v", s.voltageV()).with("identical_readings", (double) repeats)
                        .with("spikes_last_hour", (double) spikes.size())
                        .with("temperature_min_c", config.temperatureMinC())
                        .with("temperature_max_c", config.temperatureMaxC()).map());
        return new Outcome(next, verdict, List.of(f));
    }

    private boolean plausible(double c) {
        return Double.isFinite(c) && c >= config.temperatureMinC() && c <= config.temperatureMaxC();
    }

    private String summary(Double reading, Double chamber, double voltage, boolean outOfRange,
            boolean chamberOutOfRange, boolean stuck, int repeats, int spikes, boolean voltageOk) {
        if (outOfRange) {
            return Evidence.fmt("Cell temperature sensor reads %.1f °C, outside the plausible %.0f to %.0f °C:"
                    + " sensor fault, temperature ignored by the thermal rules", reading, config.temperatureMinC(),
                    config.temperatureMaxC());
        }
        if (chamberOutOfRange) {
            return Evidence.fmt("Chamber temperature sensor reads %.1f °C, outside the plausible %.0f to %.0f °C",
                    chamber, config.temperatureMinC(), config.temperatureMaxC());
        }
        if (stuck) {
            return Evidence.fmt("Cell temperature sensor stuck at %.2f °C for %d identical readings while the cell"
                    + " works or the chamber moves: sensor fault, thermal rules suspended", reading, repeats);
        }
        if (spikes > 0) {
            return Evidence.fmt("Cell temperature sensor jumped by more than %.0f K and back %d time(s) in the last"
                    + " %.0f min: sensor fault, thermal rules suspended", config.jumpK(), spikes,
                    config.spikeMemoryS() / 60);
        }
        if (!voltageOk) {
            return Evidence.fmt("Voltage reads %.3f V, outside the plausible %.1f to %.1f V: sense-lead fault,"
                    + " voltage ignored by the short-circuit rules", voltage, config.voltageMinV(), config.voltageMaxV());
        }
        return "Cell sensors read plausibly again";
    }
}
