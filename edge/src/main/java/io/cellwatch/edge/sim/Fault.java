package io.cellwatch.edge.sim;

/**
 * A fault injected into a {@link SimulatedCell} with {@link SimulatedCell#withFault(Fault)}. Each
 * record says what the physical fault is, when it starts, and which signals it shows in; the
 * detectors in shared/design/DETECTION.md are meant to find each of them.
 *
 * <p>Faults that start "at cycle N" count cycles as {@link SimulatedCell#cycle()} does (1-based;
 * for a symmetric cell one cycle is one positive plus one negative half-cycle). Faults that start
 * "at time T" use the simulated Unix time of {@link io.cellwatch.telemetry.Sample#timeS()}.
 */
public sealed interface Fault {

    /**
     * A hard internal short (a lithium dendrite bridging the separator): a low-resistance leakage path
     * parallel to the cell that forms part-way through the charge step of {@code cycle} (at 30–70 % of
     * the nominal charge time, drawn from the cell's seed) and stays. In a Li//LFP cell it leaks
     * about 1.25× the charge current at the 3.42 V plateau, so the charge voltage stalls below 4.2 V,
     * the charge throughput runs on until the cycler's step time limit ends the step, and the
     * discharge finds the cell nearly empty: Coulombic efficiency collapses. In a Li//Li cell its
     * resistance is about 1/20 of the cell's own, so the overpotential collapses to a small ohmic
     * voltage.
     */
    record HardShort(int cycle) implements Fault {
        public HardShort {
            requirePositive("cycle", cycle);
        }
    }

    /**
     * A soft short (a growing dendrite making intermittent contact) from {@code onsetCycle} on: a
     * leakage path that starts at about 1 % of the test current and doubles every 5 cycles (up to
     * 50 %), plus sudden voltage drops of 20–80 mV during charge that recover with a 10 s time
     * constant (95 % within 3 samples at 10 s), at a rate rising from 1.5 to 6 per hour of charge. In a Li//Li cell the leak lowers the
     * overpotential and the drops are 30–70 % dips of it, in either half-cycle.
     */
    record SoftShort(int onsetCycle) implements Fault {
        public SoftShort {
            requirePositive("onsetCycle", onsetCycle);
        }
    }

    /**
     * Self-heating that runs away from {@code startTimeS}: the cell temperature rises above the chamber
     * with a rate starting at 0.5 K/min and growing e-fold every 5 min (*assumed*, a generic
     * accelerating exotherm), capped at 500 °C. When the cell passes 180 °C (lithium melts at
     * 180.5 °C) a massive internal short collapses its voltage, which gives the second, independent
     * signal GB 38031 asks for.
     */
    record ThermalRunaway(double startTimeS) implements Fault {
    }

    /**
     * The chamber controller overshoots from {@code startTimeS}: the chamber air approaches
     * setpoint + {@code offsetK} with a 5 min time constant (*assumed*). Chamber and cell temperatures
     * both show it; the cell's electrochemistry is evaluated at the setpoint, so voltage and current
     * do not (a second-order effect left out on purpose so that this fault is purely thermal).
     */
    record ChamberOverTemperature(double startTimeS, double offsetK) implements Fault {
    }

    /**
     * The cell thermocouple reading freezes at its last value from {@code startTimeS} on (the exact
     * same number every sample). Only the reported cell temperature changes.
     */
    record StuckTemperatureSensor(double startTimeS) implements Fault {
    }

    /**
     * The cell thermocouple reading jumps from {@code startTimeS} on: single-sample spikes of 8–40 K,
     * up or down, about {@code spikesPerHour} times an hour (a loose connector). Only the reported
     * cell temperature changes.
     */
    record JumpingTemperatureSensor(double startTimeS, double spikesPerHour) implements Fault {
        public JumpingTemperatureSensor {
            if (!(spikesPerHour > 0)) {
                throw new IllegalArgumentException("spikesPerHour must be > 0, was " + spikesPerHour);
            }
        }
    }

    /**
     * The channel transmits nothing from {@code startTimeS} for {@code durationS} seconds (a network
     * or edge-agent outage; the cycler keeps running). {@link SimulatedCell#next()} still returns
     * every sample the cycler measured; {@link SimulatedCell#nextIfTransmitting()} returns empty for
     * the samples whose time falls in the silent window, and their sequence numbers are skipped.
     */
    record ChannelSilence(double startTimeS, double durationS) implements Fault {
        public ChannelSilence {
            if (!(durationS > 0)) {
                throw new IllegalArgumentException("durationS must be > 0, was " + durationS);
            }
        }

        /** Whether a sample taken at {@code timeS} falls in the silent window. */
        public boolean silences(double timeS) {
            return timeS >= startTimeS && timeS < startTimeS + durationS;
        }
    }

    private static void requirePositive(String what, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(what + " must be 1 or more (cycles are 1-based), was " + value);
        }
    }
}
