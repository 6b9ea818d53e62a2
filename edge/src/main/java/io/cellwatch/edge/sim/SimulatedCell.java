package io.cellwatch.edge.sim;

import io.cellwatch.telemetry.CellMetadata;
import io.cellwatch.telemetry.CellType;
import io.cellwatch.telemetry.ChannelAddress;
import io.cellwatch.telemetry.Sample;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * One simulated cell on one cycler channel: a physically plausible, deterministic stand-in for a real
 * cell, producing the samples a cycler would log.
 *
 * <h2>Model</h2>
 * <ul>
 *   <li><b>Voltage</b> (Li//LFP): V = OCV(x<sub>s</sub>) + I<sub>ec</sub>·R<sub>Ω</sub> + η<sub>ct</sub>,
 *       with the LFP curve of {@link LfpOpenCircuitVoltage} evaluated at the particle-surface state of
 *       charge x<sub>s</sub> = x + lag (the lag, steady at {@value #DIFFUSION_LAG_AT_1C} × C-rate,
 *       stands for solid-state diffusion: it is why a 1C step leaves ≈ 1 % unused at each end and why
 *       the voltage relaxes to ≈ 3.0 V after discharge). η<sub>ct</sub> is Butler–Volmer from the
 *       preset's Rct ({@link Kinetics}) and lags the current by {@value #CHARGE_TRANSFER_TIME_CONSTANT_S}
 *       s, which gives the visible relaxation at each step change. Li//Li: the same without OCV.
 *   <li><b>Shorts</b> are a conductance G parallel to the cell: the cycler's current I splits into the
 *       electrochemical current I<sub>ec</sub> = I − V·G and the leak, so
 *       V = (OCV + I·R<sub>Ω</sub> + η<sub>ct</sub>) / (1 + R<sub>Ω</sub>·G). A strong leak holds the charge
 *       voltage below the cut-off and drains the cell at rest: exactly the hard-short signature.
 *   <li><b>Capacity</b>: the preset's first 1C discharge, faded per cycle by {@link Ageing}; resistances
 *       grow by the same law. A side-reaction share of the charge current never gets stored, which sets
 *       the Coulombic efficiency.
 *   <li><b>Temperature</b>: chamber = setpoint + a slow random wander + faults; cell = chamber +
 *       self-heating (first-order lag to P·R<sub>th</sub>, P = V·I − OCV·I<sub>ec</sub>, i.e. I²R plus
 *       charge-transfer and short-circuit heat) + faults. Kinetics use the setpoint temperature, so
 *       temperature faults show in temperatures only.
 * </ul>
 * State is integrated with steps of at most {@value #MAX_INTEGRATION_STEP_S} s (exact exponential
 * updates for the lags), so any sample period works and 100 cycles of a 1C cell take well under a
 * second of CPU.
 *
 * <h2>Samples</h2>
 * {@link #next()} returns the samples in order, {@code seq} 0, 1, 2, …. Within a step, samples come every
 * {@code samplePeriodS} from the step's start. Like a real cycler, the simulator also logs every step
 * change: the last record of the old step and the first record of the new one, both at the moment of
 * the change (same {@code timeS}). A voltage cut-off falls between grid points, so the step's grid
 * restarts there; the gap between two samples is therefore at most {@code samplePeriodS}, and a
 * trapezoid integration of current over time is exact for constant-current steps. Current is
 * positive on charge; it reads exactly 0 A in a rest.
 *
 * <h2>Faults and control</h2>
 * {@link #withFault(Fault)} adds a fault (presets may carry their own, see {@link Preset#builtInFaults()}).
 * {@link #pause()} opens the channel (current 0, step clock frozen) as an interlock would;
 * {@link #resume()} continues the step. {@link #nextIfTransmitting()} honours
 * {@link Fault.ChannelSilence}. Methods are synchronized, so a command thread may pause a cell that a
 * publisher thread is sampling.
 *
 * <h2>Determinism</h2>
 * Everything random comes from {@link SplittableRandom}s split from {@code seed} in a fixed order: one
 * stream for measurement noise, one for process jitter (per-cycle capacity and resistance, chamber
 * wander), one for micro-short events, one for sensor spikes. Same seed, preset, period, start and
 * faults → identical samples.
 */
public final class SimulatedCell {

    /** Longest integration step, s (*assumed*; small against the 20 s and 120 s lags and a 1 h step). */
    static final double MAX_INTEGRATION_STEP_S = 5.0;
    /** Charge-transfer (double layer plus near-surface concentration) relaxation, s (*assumed*). */
    static final double CHARGE_TRANSFER_TIME_CONSTANT_S = 20.0;
    /** Surface-minus-bulk state of charge at 1C, steady state (*assumed*). */
    static final double DIFFUSION_LAG_AT_1C = 0.015;
    /** Solid-state diffusion relaxation, s (*assumed*). */
    static final double DIFFUSION_TIME_CONSTANT_S = 120.0;
    /** How far a shorted cell can be drained or a cell overcharged, in state of charge. */
    private static final double SOC_MIN = -0.05;
    private static final double SOC_MAX = 1.05;

    /** Cycler voltage noise, V (*assumed*; 24-bit channels resolve 0.1 mV, contacts add some). */
    static final double VOLTAGE_NOISE_V = 0.0003;
    /** Cycler current noise relative to the setpoint (*assumed*: 0.01 %). */
    static final double CURRENT_NOISE_RELATIVE = 1e-4;
    /** Thermocouple noise on cell and chamber readings, K (*assumed*). */
    static final double TEMPERATURE_NOISE_K = 0.05;
    /** Chamber air wander around the setpoint: standard deviation, K, and correlation time, s (*assumed*). */
    static final double CHAMBER_WANDER_K = 0.15;
    static final double CHAMBER_WANDER_TIME_S = 900.0;
    /** Cycle-to-cycle scatter of capacity and resistance (*assumed*). */
    static final double CAPACITY_SCATTER = 0.0005;
    static final double RESISTANCE_SCATTER = 0.005;
    /** Reported resolution, as steps per unit: 0.1 mV, 1 nA, 0.01 K, 1 ms. */
    private static final double VOLTAGE_STEPS_PER_V = 1e4;
    private static final double CURRENT_STEPS_PER_A = 1e9;
    private static final double TEMPERATURE_STEPS_PER_K = 1e2;
    private static final double TIME_STEPS_PER_S = 1e3;
    /** Float slack when comparing step clocks. */
    private static final double TIME_EPSILON_S = 1e-6;

    private final String cellId;
    private final Preset preset;
    private final CellDesign design;
    private final Protocol protocol;
    private final long seed;
    private final double samplePeriodS;
    private final double startTimeS;
    private final boolean symmetric;
    private final Kinetics freshKinetics;
    /** Thermodynamic capacity of the fresh cell, Ah: more than the 1C discharge, which leaves both ends unused. */
    private final double freshCapacityAh;
    private final FaultPhysics faultPhysics;

    private final SplittableRandom measurementNoise;
    private final SplittableRandom processJitter;
    private final SplittableRandom shortEvents;
    private final SplittableRandom sensorSpikes;

    private final List<Fault> faults = new ArrayList<>();
    private final ArrayDeque<Sample> pending = new ArrayDeque<>();

    // ---- state ---------------------------------------------------------------------------------
    private boolean started;
    private boolean paused;
    private long seq;
    private double timeS;
    private ProtocolStep step;
    private double stepElapsedS;
    private int cycle;
    private ElectrodeState electrode;
    /** Per cycle: capacity, aged kinetics, side-reaction share. */
    private double capacityAh;
    private Kinetics kinetics;
    private double sideReactionFraction;
    private boolean hardShortFormed;
    private boolean meltedDown;
    private double selfHeatingK;
    private double chamberWanderK;
    private double dipV;
    private double lastCellReadingC = Double.NaN;
    private double lastRecordTimeS = Double.NaN;
    private Sample lastReturned;

    public SimulatedCell(String cellId, Preset preset, long seed, double samplePeriodS, double startTimeS) {
        this(cellId, preset, seed, samplePeriodS, startTimeS, preset.protocol());
    }

    /** A cell run with another protocol than its preset's (e.g. a longer rest, another C-rate). */
    public SimulatedCell(String cellId, Preset preset, long seed, double samplePeriodS, double startTimeS,
                         Protocol protocol) {
        this.cellId = Objects.requireNonNull(cellId, "cellId");
        this.preset = Objects.requireNonNull(preset, "preset");
        this.protocol = Objects.requireNonNull(protocol, "protocol");
        if (!(samplePeriodS > 0) || Double.isInfinite(samplePeriodS)) {
            throw new IllegalArgumentException("samplePeriodS must be > 0, was " + samplePeriodS);
        }
        if (!Double.isFinite(startTimeS)) {
            throw new IllegalArgumentException("startTimeS must be finite, was " + startTimeS);
        }
        this.design = preset.design();
        this.seed = seed;
        this.samplePeriodS = samplePeriodS;
        this.startTimeS = startTimeS;
        this.symmetric = design.cellType() == CellType.SYMMETRIC;
        if (symmetric == protocol.hasVoltageLimits()) {
            throw new IllegalArgumentException(symmetric
                    ? "a symmetric cell runs half-cycles without voltage limits"
                    : "a full cell needs voltage limits");
        }
        this.freshKinetics = design.kineticsAtSetpoint();

        SplittableRandom root = new SplittableRandom(seed);
        this.measurementNoise = root.split();
        this.processJitter = root.split();
        this.shortEvents = root.split();
        this.sensorSpikes = root.split();

        double referenceV = symmetric
                ? freshKinetics.overpotentialV(protocol.currentA())
                : LfpOpenCircuitVoltage.PLATEAU_V;
        this.faultPhysics = new FaultPhysics(symmetric, protocol.currentA(), referenceV);

        double startStateOfCharge;
        if (symmetric) {
            freshCapacityAh = Double.NaN; // a Li//Li cell has no capacity window to speak of
            startStateOfCharge = 0.0;
        } else {
            UsableWindow window = usableWindow(freshKinetics);
            freshCapacityAh = design.firstDischargeAh() / (window.top() - window.bottom());
            // As assembled a Li//LFP cell is discharged (LFP fully lithiated): start where a
            // discharge would end, which relaxes to ≈ 3.0 V.
            startStateOfCharge = window.bottom();
        }
        this.electrode = new ElectrodeState(startStateOfCharge, 0.0, 0.0);
        this.faults.addAll(design.builtInFaults());
        this.timeS = startTimeS;
        this.step = symmetric ? ProtocolStep.POSITIVE_HALF : ProtocolStep.CHARGE;
    }

    // ---- public API ----------------------------------------------------------------------------

    /**
     * Adds {@code fault} to this cell and returns the cell (fluent). May be called before the first
     * sample or mid-run; it takes effect from the next sample (a hard short for a cycle already
     * passed forms at once).
     */
    public synchronized SimulatedCell withFault(Fault fault) {
        faults.add(Objects.requireNonNull(fault, "fault"));
        return this;
    }

    /** The lab's view of this cell on {@code address}: preset figures, protocol, sample period. */
    public CellMetadata metadata(ChannelAddress address) {
        return new CellMetadata(cellId, address.lab(), address.chamber(), address.channel(),
                design.cellType(), design.chemistry(), design.nominalCapacityAh(), design.activeMassG(),
                design.electrodeAreaCm2(), protocol.voltageMinV(), protocol.voltageMaxV(), protocol.cRate(),
                design.chamberSetpointC(), samplePeriodS);
    }

    /**
     * The next sample the cycler logs. Never null: a {@link Fault.ChannelSilence} only stops
     * transmission (see {@link #nextIfTransmitting()}), not the cycler.
     */
    public synchronized Sample next() {
        while (pending.isEmpty()) {
            produce();
        }
        lastReturned = pending.poll();
        return lastReturned;
    }

    /**
     * The next sample, or empty when a {@link Fault.ChannelSilence} covers its time: what an edge agent
     * with a dead link would deliver. The silent samples' sequence numbers are skipped, as data lost on
     * the way would be. Simulated time advances either way.
     */
    public synchronized Optional<Sample> nextIfTransmitting() {
        Sample s = next();
        for (Fault f : faults) {
            if (f instanceof Fault.ChannelSilence silence && silence.silences(s.timeS())) {
                return Optional.empty();
            }
        }
        return Optional.of(s);
    }

    /**
     * Every sample with {@code timeS <= untilTimeS} not yet returned, minus those a
     * {@link Fault.ChannelSilence} swallows: how a publisher keeps a cell in step with a simulated
     * clock. Prefer it to counting {@code next()} calls, because step changes add records that do not
     * advance time (two per step change), so a count of samples runs slightly behind the clock.
     */
    public synchronized List<Sample> transmittedUntil(double untilTimeS) {
        List<Sample> out = new ArrayList<>();
        while (true) {
            while (pending.isEmpty()) {
                produce();
            }
            if (pending.peek().timeS() > untilTimeS) {
                return out;
            }
            nextIfTransmitting().ifPresent(out::add);
        }
    }

    /**
     * Current cycle number, 1-based (one charge + discharge, or one positive + negative half-cycle): the
     * cycle of the latest sample returned, 1 before the first.
     */
    public synchronized int cycle() {
        return lastReturned == null ? 1 : lastReturned.cycleIndex();
    }

    /** Opens the channel as an interlock would: current 0 from the next sample, step clock frozen. */
    public synchronized void pause() {
        paused = true;
    }

    /** Continues the interrupted step where it stopped. */
    public synchronized void resume() {
        paused = false;
    }

    public synchronized boolean isPaused() {
        return paused;
    }

    /** Simulated Unix time of the latest sample returned (the start time before the first). */
    public synchronized double timeS() {
        return lastReturned == null ? startTimeS : lastReturned.timeS();
    }

    public String cellId() {
        return cellId;
    }

    public Preset preset() {
        return preset;
    }

    public Protocol protocol() {
        return protocol;
    }

    public double samplePeriodS() {
        return samplePeriodS;
    }

    /** The faults in force: the preset's own and the injected ones. */
    public synchronized List<Fault> faults() {
        return List.copyOf(faults);
    }

    // ---- the cycler ------------------------------------------------------------------------------

    /** Runs the cycler until at least one record is pending. */
    private void produce() {
        if (!started) {
            started = true;
            beginCycle(1);
            pending.add(record());
            return;
        }
        if (!paused && cutOffReached(electrode, stepCurrentA(), shortConductanceS())) {
            // A step that starts beyond its cut-off (a drained, shorted cell) ends at once.
            changeStep();
            return;
        }
        double stepLengthS = stepLengthS(step);
        double untilStepEndS = paused ? Double.POSITIVE_INFINITY : stepLengthS - stepElapsedS;
        double intervalS = Math.min(samplePeriodS, untilStepEndS);
        boolean cutOff = integrate(intervalS);
        if (cutOff || (!paused && stepElapsedS >= stepLengthS - TIME_EPSILON_S)) {
            changeStep();
        } else {
            maybeMicroShort(intervalS);
            pending.add(record());
        }
    }

    /** Logs the old step's last record, moves on, logs the new step's first record: same instant. */
    private void changeStep() {
        pending.add(record());
        step = step.next(protocol.restS() > 0);
        stepElapsedS = 0.0;
        if (step.startsCycle()) {
            beginCycle(cycle + 1);
        }
        pending.add(record());
    }

    private double stepLengthS(ProtocolStep s) {
        return s.isRest() ? protocol.restS() : protocol.stepTimeLimitS();
    }

    private double stepCurrentA() {
        return paused ? 0.0 : step.currentSign * protocol.currentA();
    }

    private void beginCycle(int n) {
        cycle = n;
        Ageing ageing = design.ageing();
        capacityAh = freshCapacityAh * ageing.retention(n) * (1 + CAPACITY_SCATTER * processJitter.nextGaussian());
        kinetics = freshKinetics.scaled(ageing.resistanceFactor(n) * (1 + RESISTANCE_SCATTER * processJitter.nextGaussian()));
        sideReactionFraction = n == 1 ? design.formationSideReactionFraction() : design.sideReactionFraction();
    }

    /**
     * Advances the cell by {@code durationS} at the present step's current, in steps of at most
     * {@link #MAX_INTEGRATION_STEP_S}. Returns true, with the time set to the crossing, when a voltage
     * cut-off ends the step early.
     */
    private boolean integrate(double durationS) {
        double done = 0.0;
        while (done < durationS - TIME_EPSILON_S) {
            double h = Math.min(MAX_INTEGRATION_STEP_S, durationS - done);
            formShorts();
            double current = stepCurrentA();
            double conductance = shortConductanceS();
            ElectrodeState before = electrode;
            ElectrodeState after = advance(before, current, conductance, h);
            boolean cutOff = !paused && cutOffReached(after, current, conductance);
            if (cutOff) {
                // The cycler's control loop is far faster than its log: find the crossing.
                double lo = 0.0;
                double hi = 1.0;
                for (int i = 0; i < 40; i++) {
                    double mid = 0.5 * (lo + hi);
                    if (cutOffReached(advance(before, current, conductance, mid * h), current, conductance)) {
                        hi = mid;
                    } else {
                        lo = mid;
                    }
                }
                h *= hi;
                after = advance(before, current, conductance, h);
            }
            advanceSurroundings(before, current, conductance, h);
            electrode = after;
            timeS += h;
            done += h;
            if (!paused) {
                stepElapsedS += h;
            }
            if (cutOff) {
                return true;
            }
        }
        return false;
    }

    private boolean cutOffReached(ElectrodeState e, double currentA, double conductanceS) {
        if (!protocol.hasVoltageLimits()) {
            return false;
        }
        double v = cellVoltage(e, currentA, conductanceS);
        return switch (step) {
            case CHARGE -> v >= protocol.voltageMaxV();
            case DISCHARGE -> v <= protocol.voltageMinV();
            default -> false;
        };
    }

    // ---- electrochemistry --------------------------------------------------------------------------

    /** Terminal voltage without micro-short drops and noise. */
    private double cellVoltage(ElectrodeState e, double currentA, double conductanceS) {
        double ohmic = kinetics.ohmicOhm();
        return (openCircuitV(e) + currentA * ohmic + e.chargeTransferV()) / (1 + ohmic * conductanceS);
    }

    private double openCircuitV(ElectrodeState e) {
        return symmetric ? 0.0 : LfpOpenCircuitVoltage.volts(e.surfaceStateOfCharge());
    }

    /** One explicit step for the state of charge, exact exponentials for the two lags. */
    private ElectrodeState advance(ElectrodeState e, double currentA, double conductanceS, double h) {
        double v = cellVoltage(e, currentA, conductanceS);
        double electrochemicalA = currentA - v * conductanceS;
        double ctTarget = kinetics.chargeTransferOverpotentialV(electrochemicalA);
        double ct = ctTarget + (e.chargeTransferV() - ctTarget) * Math.exp(-h / CHARGE_TRANSFER_TIME_CONSTANT_S);
        if (symmetric) {
            return new ElectrodeState(0.0, 0.0, ct);
        }
        // Side reactions (electrolyte oxidation, SEI repair) take their share of the charge current.
        double storedA = electrochemicalA - (currentA > 0 ? sideReactionFraction * currentA : 0.0);
        double soc = e.stateOfCharge() + storedA * h / 3600.0 / capacityAh;
        soc = Math.max(SOC_MIN, Math.min(SOC_MAX, soc));
        double lagTarget = DIFFUSION_LAG_AT_1C * electrochemicalA / design.nominalCapacityAh();
        double lag = lagTarget + (e.surfaceLag() - lagTarget) * Math.exp(-h / DIFFUSION_TIME_CONSTANT_S);
        return new ElectrodeState(soc, lag, ct);
    }

    /** Where a fresh cell's 1C charge and discharge stop, in bulk state of charge. */
    private UsableWindow usableWindow(Kinetics k) {
        double current = protocol.currentA();
        double overpotential = k.overpotentialV(current);
        double lag = DIFFUSION_LAG_AT_1C * current / design.nominalCapacityAh();
        double top = LfpOpenCircuitVoltage.stateOfChargeAt(protocol.voltageMaxV() - overpotential) - lag;
        double bottom = LfpOpenCircuitVoltage.stateOfChargeAt(protocol.voltageMinV() + overpotential) + lag;
        return new UsableWindow(bottom, top);
    }

    private record UsableWindow(double bottom, double top) {
    }

    // ---- faults --------------------------------------------------------------------------------

    /** Latches the hard shorts whose moment has come. */
    private void formShorts() {
        if (!hardShortFormed) {
            for (Fault f : faults) {
                if (f instanceof Fault.HardShort hard && hardShortDue(hard)) {
                    hardShortFormed = true;
                    break;
                }
            }
        }
        if (!meltedDown && trueCellTemperatureC() >= FaultPhysics.MELTDOWN_C) {
            meltedDown = true;
        }
    }

    private boolean hardShortDue(Fault.HardShort f) {
        if (cycle != f.cycle()) {
            return cycle > f.cycle();
        }
        if (!step.startsCycle()) {
            return true; // past this cycle's charge (injected late): form now
        }
        double nominalStepS = protocol.stepTimeLimitS() / (symmetric ? 1.0 : Protocol.STEP_TIME_LIMIT_FACTOR);
        return stepElapsedS >= FaultPhysics.hardShortOnsetS(f, seed, nominalStepS);
    }

    private double shortConductanceS() {
        double g = 0.0;
        if (hardShortFormed) {
            g += faultPhysics.hardShortConductanceS();
        }
        if (meltedDown) {
            g += faultPhysics.meltdownConductanceS();
        }
        for (Fault f : faults) {
            if (f instanceof Fault.SoftShort soft) {
                g += faultPhysics.softShortConductanceS(soft, cycle);
            }
        }
        return g;
    }

    private double dipsPerHourNow() {
        boolean dipping = symmetric ? !step.isRest() : step == ProtocolStep.CHARGE;
        if (paused || !dipping) {
            return 0.0;
        }
        double rate = 0.0;
        for (Fault f : faults) {
            if (f instanceof Fault.SoftShort soft) {
                rate += FaultPhysics.dipsPerHour(soft, cycle);
            }
        }
        return rate;
    }

    private boolean softShortActive() {
        for (Fault f : faults) {
            if (f instanceof Fault.SoftShort soft && cycle >= soft.onsetCycle()) {
                return true;
            }
        }
        return false;
    }

    // ---- heat, chamber, micro-shorts ----------------------------------------------------------------

    /** Everything but the electrode over one integration step, from the state at its start. */
    private void advanceSurroundings(ElectrodeState e, double currentA, double conductanceS, double h) {
        double v = cellVoltage(e, currentA, conductanceS);
        double electrochemicalA = currentA - v * conductanceS;
        double heatW = v * currentA - openCircuitV(e) * electrochemicalA;
        double heatingTarget = heatW * design.thermalResistanceKPerW();
        selfHeatingK = heatingTarget + (selfHeatingK - heatingTarget) * Math.exp(-h / design.thermalTimeConstantS());

        // Ornstein–Uhlenbeck wander of the chamber air, exact for any step.
        double keep = Math.exp(-h / CHAMBER_WANDER_TIME_S);
        chamberWanderK = chamberWanderK * keep
                + CHAMBER_WANDER_K * Math.sqrt(1 - keep * keep) * processJitter.nextGaussian();

        dipV *= Math.exp(-h / FaultPhysics.DIP_RECOVERY_TIME_CONSTANT_S);
    }

    /**
     * Rolls for micro-short drops over the interval just simulated. A drop is placed at the sample
     * instant, so the log shows its full 20–80 mV and then its recovery over the next samples (a drop
     * that struck and healed between two samples would be invisible to any detector anyway).
     */
    private void maybeMicroShort(double intervalS) {
        double dipsPerHour = dipsPerHourNow();
        if (dipsPerHour > 0 && shortEvents.nextDouble() < -Math.expm1(-dipsPerHour * intervalS / 3600.0)) {
            double presentV = cellVoltage(electrode, stepCurrentA(), shortConductanceS()) + dipV;
            dipV += faultPhysics.dipV(presentV, shortEvents);
        }
    }

    private double trueChamberTemperatureC() {
        double t = design.chamberSetpointC() + chamberWanderK;
        for (Fault f : faults) {
            if (f instanceof Fault.ChamberOverTemperature over) {
                t += FaultPhysics.chamberOffsetK(over, timeS);
            }
        }
        return t;
    }

    private double trueCellTemperatureC() {
        double chamber = trueChamberTemperatureC();
        double t = chamber + selfHeatingK;
        for (Fault f : faults) {
            if (f instanceof Fault.ThermalRunaway runaway) {
                t += FaultPhysics.runawayRiseK(runaway, timeS, chamber);
            }
        }
        return t;
    }

    // ---- the log record ------------------------------------------------------------------------------

    /** What the cycler logs now: true values plus measurement noise, at the cycler's resolution. */
    private Sample record() {
        double current = stepCurrentA();
        double conductance = shortConductanceS();
        double trueV = cellVoltage(electrode, current, conductance) + dipV;
        // An intermittent dendrite contact is noisy; once welded into a hard short it is a steady resistor.
        double noiseFactor = !hardShortFormed && !meltedDown && softShortActive()
                ? FaultPhysics.SOFT_SHORT_NOISE_FACTOR : 1.0;
        // Draw every noise value every time, so the streams stay aligned whatever the step.
        double voltageNoise = VOLTAGE_NOISE_V * noiseFactor * measurementNoise.nextGaussian();
        double currentNoise = CURRENT_NOISE_RELATIVE * measurementNoise.nextGaussian();
        double cellNoise = TEMPERATURE_NOISE_K * measurementNoise.nextGaussian();
        double chamberNoise = TEMPERATURE_NOISE_K * measurementNoise.nextGaussian();

        double chamberC = trueChamberTemperatureC() + chamberNoise;
        double cellC = cellThermocouple(trueCellTemperatureC() + cellNoise);
        double measuredA = current == 0.0 ? 0.0 : round(current * (1 + currentNoise), CURRENT_STEPS_PER_A);
        lastRecordTimeS = timeS;
        return new Sample(cellId, seq++, round(timeS, TIME_STEPS_PER_S), round(timeS - startTimeS, TIME_STEPS_PER_S),
                round(trueV + voltageNoise, VOLTAGE_STEPS_PER_V), measuredA,
                round(cellC, TEMPERATURE_STEPS_PER_K), round(chamberC, TEMPERATURE_STEPS_PER_K),
                step.index, cycle);
    }

    /** The cell thermocouple, including its faults. */
    private double cellThermocouple(double honestC) {
        double previousRecordS = lastRecordTimeS;
        for (Fault f : faults) {
            if (f instanceof Fault.StuckTemperatureSensor stuck && timeS >= stuck.startTimeS()
                    && !Double.isNaN(lastCellReadingC)) {
                return lastCellReadingC; // frozen: the last value read before it stuck
            }
        }
        double reading = honestC;
        for (Fault f : faults) {
            if (f instanceof Fault.JumpingTemperatureSensor jumping && timeS >= jumping.startTimeS()) {
                double sinceS = Double.isNaN(previousRecordS) ? samplePeriodS : Math.max(0, timeS - previousRecordS);
                if (sensorSpikes.nextDouble() < -Math.expm1(-jumping.spikesPerHour() * sinceS / 3600.0)) {
                    reading += FaultPhysics.spikeK(sensorSpikes);
                }
            }
        }
        lastCellReadingC = round(reading, TEMPERATURE_STEPS_PER_K);
        return reading;
    }

    /** Rounded to 1/stepsPerUnit; dividing by an exact power of ten gives the nearest double (3.4213, not 3.4213000000000004). */
    private static double round(double value, double stepsPerUnit) {
        return Math.rint(value * stepsPerUnit) / stepsPerUnit;
    }
}
