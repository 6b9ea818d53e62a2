package io.cellwatch.edge.sim;

import io.cellwatch.telemetry.CellMetadata;
import io.cellwatch.telemetry.CellType;
import io.cellwatch.telemetry.ChannelAddress;
import io.cellwatch.telemetry.Sample;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class SimulatedCellTest {

    private static final double START_S = 1_767_225_600.0; // 2026-01-01T00:00:00Z
    private static final double PERIOD_S = 10.0;
    private static final long SEED = 20260101L;
    private static final double COIN_MASS_G = 0.0049;
    private static final double VOLTAGE_SLACK_V = 0.005;

    // ---- the paper's full-cell scenarios --------------------------------------------------------

    @Test
    void coreShellAt100CDelivers158point7MilliampHoursPerGramInCycle1() {
        CycleTotals.Cycle first = CoreShell100C.RUN.totals.cycle(1);

        System.out.printf("core-shell 100 °C cycle 1: %.2f mAh/g discharge, CE %.4f%n",
                first.dischargeMahPerG(COIN_MASS_G), first.coulombicEfficiency());
        assertThat(first.dischargeMahPerG(COIN_MASS_G)).isCloseTo(158.7, within(158.7 * 0.02));
        assertThat(first.coulombicEfficiency()).as("formation cycle CE").isBetween(0.97, 1.0);
    }

    @Test
    void coreShellAt100CRetains97PercentAtCycle100WithHighEfficiencyAndFlatPolarization() {
        CycleTotals totals = CoreShell100C.RUN.totals;
        double retention = totals.cycle(100).dischargeAh / totals.cycle(1).dischargeAh;

        System.out.printf("core-shell 100 °C: retention at cycle 100 %.4f; polarization %.1f → %.1f mV%n", retention,
                totals.cycle(2).polarizationV() * 1000, totals.cycle(100).polarizationV() * 1000);
        assertThat(retention).isCloseTo(0.97, within(0.01));
        for (int n = 2; n <= 100; n++) {
            assertThat(totals.cycle(n).coulombicEfficiency()).as("CE of cycle %d", n).isBetween(0.99, 1.0);
            assertThat(totals.cycle(n).maxChargeV).as("charge of cycle %d reaches 4.2 V", n)
                    .isCloseTo(4.2, within(VOLTAGE_SLACK_V));
        }
        assertThat(totals.cycle(100).polarizationV())
                .isCloseTo(totals.cycle(2).polarizationV(), within(0.003));
    }

    @Test
    void hkust1ShortsInCycle29AndNotBefore() {
        CycleTotals totals = CycleTotals.of(runCycles(cell(Preset.HKUST1_100C), 31));

        for (int n = 2; n <= 27; n++) {
            assertThat(totals.cycle(n).coulombicEfficiency()).as("CE of cycle %d", n).isGreaterThanOrEqualTo(0.98);
        }
        int failed = firstFailedCycle(totals, 31);
        CycleTotals.Cycle shorted = totals.cycle(failed);
        double referenceAh = totals.cycle(failed - 1).dischargeAh;
        System.out.printf("HKUST-1: short in cycle %d: charge %.2f × Q_ref, max charge V %.4f, CE %.3f%n", failed,
                shorted.chargeAh / referenceAh, shorted.maxChargeV, shorted.coulombicEfficiency());
        assertThat(failed).isBetween(28, 29);
        assertThat(shorted.maxChargeV).as("charge stalls below the cut-off").isLessThan(4.2 - 0.020);
        assertThat(shorted.chargeAh).as("charge throughput runs past capacity").isGreaterThan(1.5 * referenceAh);
        assertThat(shorted.coulombicEfficiency()).as("CE collapses").isLessThan(0.5);
        assertThat(totals.cycle(failed + 1).maxChargeV).as("and stays shorted").isLessThan(4.0);
    }

    @Test
    void glassFibreWithLiquidElectrolyteAt100CDeliversAbout100MilliampHoursPerGramThenShortsInCycle1Or2() {
        CycleTotals totals = CycleTotals.of(runCycles(cell(Preset.GF_LE_100C), 3));

        int failed = firstFailedCycle(totals, 3);
        System.out.printf("GF+LE 100 °C: cycle 1 %.1f mAh/g, CE %.3f; fails in cycle %d%n",
                totals.cycle(1).dischargeMahPerG(COIN_MASS_G), totals.cycle(1).coulombicEfficiency(), failed);
        assertThat(totals.cycle(1).dischargeMahPerG(COIN_MASS_G)).isCloseTo(100.0, within(10.0));
        assertThat(failed).isBetween(1, 2);
        assertThat(totals.cycle(2).maxChargeV).isLessThan(4.2 - 0.020);
    }

    @Test
    void zif8FadesAndPolarizesFasterAfterAbout50Cycles() {
        CycleTotals totals = Zif8100C.RUN.totals;
        double earlyLossPerCycle = (totals.cycle(10).dischargeAh - totals.cycle(40).dischargeAh) / 30;
        double lateLossPerCycle = (totals.cycle(60).dischargeAh - totals.cycle(90).dischargeAh) / 30;

        System.out.printf("ZIF-8: loss/cycle %.2e → %.2e Ah; polarization %.1f → %.1f → %.1f mV (cycles 3, 50, 70)%n",
                earlyLossPerCycle, lateLossPerCycle, totals.cycle(3).polarizationV() * 1000,
                totals.cycle(50).polarizationV() * 1000, totals.cycle(70).polarizationV() * 1000);
        assertThat(lateLossPerCycle).isGreaterThan(5 * earlyLossPerCycle);
        assertThat(totals.cycle(50).polarizationV()).isLessThan(1.25 * totals.cycle(3).polarizationV());
        assertThat(totals.cycle(70).polarizationV()).isGreaterThan(1.5 * totals.cycle(3).polarizationV());
    }

    @Test
    void roomTemperaturePolarizationIsAbout120MillivoltsForCoreShellAndAbove170ForGlassFibreAfter10Cycles() {
        double coreShell = CycleTotals.of(runCycles(cell(Preset.CORE_SHELL_RT), 10)).cycle(10).polarizationV();
        double glassFibre = CycleTotals.of(runCycles(cell(Preset.GF_LE_RT), 10)).cycle(10).polarizationV();

        System.out.printf("RT polarization at cycle 10: core-shell %.1f mV, GF+LE %.1f mV%n",
                coreShell * 1000, glassFibre * 1000);
        assertThat(coreShell).isCloseTo(0.120, within(0.010));
        assertThat(glassFibre).isGreaterThan(0.170).isGreaterThan(1.3 * coreShell);
    }

    @Test
    void thePouchCellDelivers6point80MilliampHours() {
        CycleTotals totals = CycleTotals.of(runCycles(cell(Preset.POUCH_CORE_SHELL), 2));

        assertThat(totals.cycle(1).dischargeAh).isCloseTo(0.00680, within(0.00680 * 0.02));
        assertThat(totals.cycle(2).coulombicEfficiency()).isBetween(0.99, 1.0);
    }

    // ---- symmetric cells ------------------------------------------------------------------------

    @Test
    void symmetricCoreShellHolds850HoursWithAStableOverpotential() {
        // A month-long test logs once a minute, as a lab would; the model still integrates in 5 s steps.
        SimulatedCell cell = new SimulatedCell("c1", Preset.SYMMETRIC_CORE_SHELL, SEED, 60.0, START_S);
        List<Double> eta = halfCycleOverpotentials(runHours(cell, 850));
        double reference = CycleTotals.median(eta.subList(0, 10));
        double last = eta.get(eta.size() - 1);

        System.out.printf("symmetric core-shell: η %.1f mV at start, %.1f mV at 850 h (%d half-cycles)%n",
                reference * 1000, last * 1000, eta.size());
        assertThat(eta).hasSize(850);
        assertThat(eta).allSatisfy(e -> assertThat(e).isBetween(0.85 * reference, 1.15 * reference));
        assertThat(last).isCloseTo(reference, within(0.1 * reference));
        assertThat(reference).isGreaterThan(0.020);
    }

    @Test
    void symmetricShortCollapsesTheOverpotentialTowardZero() {
        List<Double> eta = halfCycleOverpotentials(runHours(cell(Preset.SYMMETRIC_SHORT_100C), 100));
        double reference = CycleTotals.median(eta.subList(0, 10));
        List<Double> lastTen = eta.subList(eta.size() - 10, eta.size());

        System.out.printf("symmetric short: η %.1f mV at start, %.1f mV at 100 h%n",
                reference * 1000, CycleTotals.median(lastTen) * 1000);
        assertThat(eta.subList(0, 20)).as("stable at first")
                .allSatisfy(e -> assertThat(e).isGreaterThan(0.8 * reference));
        assertThat(lastTen).allSatisfy(e -> assertThat(e).isLessThan(Math.max(0.005, 0.2 * reference)));
    }

    // ---- conventions, limits, determinism, speed --------------------------------------------------

    @Test
    void chargeCurrentIsPositiveDischargeNegativeAndRestZero() {
        for (Sample s : runCycles(cell(Preset.CORE_SHELL_100C), 2)) {
            switch (s.stepIndex()) {
                case 1 -> assertThat(s.currentA()).isCloseTo(0.00078, within(0.00078 * 0.001));
                case 3 -> assertThat(s.currentA()).isCloseTo(-0.00078, within(0.00078 * 0.001));
                default -> assertThat(s.currentA()).isZero();
            }
        }
    }

    @Test
    void samplesComeInOrderAtMostOnePeriodApartWithConsecutiveSequenceNumbers() {
        List<Sample> samples = runCycles(cell(Preset.CORE_SHELL_100C), 2);

        for (int i = 1; i < samples.size(); i++) {
            Sample before = samples.get(i - 1);
            Sample s = samples.get(i);
            assertThat(s.seq()).isEqualTo(before.seq() + 1);
            assertThat(s.timeS() - before.timeS()).isBetween(0.0, PERIOD_S + 1e-6);
        }
        assertThat(samples.get(0).seq()).isZero();
        assertThat(samples.get(0).timeS()).isEqualTo(START_S);
        assertThat(samples.get(0).cycleIndex()).isEqualTo(1);
    }

    @Test
    void healthyCellsStayWithinTheirVoltageLimits() {
        List<List<Sample>> runs = List.of(CoreShell100C.RUN.samples, Zif8100C.RUN.samples,
                runCycles(cell(Preset.CORE_SHELL_RT), 5), runCycles(cell(Preset.GF_LE_RT), 5),
                runCycles(cell(Preset.POUCH_CORE_SHELL), 2));
        for (List<Sample> run : runs) {
            assertThat(run).allSatisfy(s -> assertThat(s.voltageV())
                    .isBetween(2.0 - VOLTAGE_SLACK_V, 4.2 + VOLTAGE_SLACK_V));
        }
    }

    @Test
    void theSameSeedGivesIdenticalSamplesEvenWithRandomFaults() {
        List<Sample> a = take(noisyFaults(cell(Preset.CORE_SHELL_100C)), 3000);
        List<Sample> b = take(noisyFaults(cell(Preset.CORE_SHELL_100C)), 3000);

        assertThat(a).isEqualTo(b);
    }

    @Test
    void anotherSeedGivesOtherNoiseButTheSameCell() {
        List<Sample> a = runCycles(cell(Preset.CORE_SHELL_100C), 1);
        List<Sample> b = runCycles(new SimulatedCell("c2", Preset.CORE_SHELL_100C, SEED + 1, PERIOD_S, START_S), 1);

        int differing = 0;
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            if (!a.get(i).voltageV().equals(b.get(i).voltageV())) {
                differing++;
            }
        }
        assertThat(differing).isGreaterThan(a.size() / 2);
        assertThat(CycleTotals.of(b).cycle(1).dischargeAh)
                .isCloseTo(CycleTotals.of(a).cycle(1).dischargeAh, within(0.005 * 0.00078));
    }

    @Test
    void aHundredCyclesOfA1CCellSimulateInWellUnderASecondOfCpu() {
        System.out.printf("100 cycles of core-shell 1C: %d samples, %.0f ms CPU (cold JIT)%n",
                CoreShell100C.RUN.samples.size(), CoreShell100C.RUN.cpuNanos / 1e6);
        assertThat(CoreShell100C.RUN.cpuNanos).isLessThan(2_000_000_000L);
    }

    @Test
    void metadataCarriesTheChannelAndThePresetFigures() {
        CellMetadata m = cell(Preset.CORE_SHELL_100C).metadata(new ChannelAddress("lab1", "oven-100", "ch07"));

        assertThat(m.cellId()).isEqualTo("c1");
        assertThat(m.lab()).isEqualTo("lab1");
        assertThat(m.chamber()).isEqualTo("oven-100");
        assertThat(m.channel()).isEqualTo("ch07");
        assertThat(m.cellType()).isEqualTo(CellType.FULL);
        assertThat(m.chemistry()).isEqualTo("Li||LFP");
        assertThat(m.nominalCapacityAh()).isEqualTo(0.00078);
        assertThat(m.activeMassG()).isEqualTo(0.0049);
        assertThat(m.electrodeAreaCm2()).isEqualTo(1.54);
        assertThat(m.voltageMinV()).isEqualTo(2.0);
        assertThat(m.voltageMaxV()).isEqualTo(4.2);
        assertThat(m.cRate()).isEqualTo(1.0);
        assertThat(m.chamberSetpointC()).isEqualTo(100.0);
        assertThat(m.samplePeriodS()).isEqualTo(PERIOD_S);

        CellMetadata sym = cell(Preset.SYMMETRIC_CORE_SHELL).metadata(new ChannelAddress("lab1", "rt", "ch01"));
        assertThat(sym.cellType()).isEqualTo(CellType.SYMMETRIC);
        assertThat(sym.activeMassG()).isNull();
        assertThat(sym.voltageMaxV()).isNull();
    }

    // ---- injected faults -------------------------------------------------------------------------

    @Test
    void anInjectedHardShortStrikesInItsCycle() {
        SimulatedCell cell = cell(Preset.CORE_SHELL_100C).withFault(new Fault.HardShort(3));

        assertThat(firstFailedCycle(CycleTotals.of(runCycles(cell, 4)), 4)).isEqualTo(3);
    }

    @Test
    void aSoftShortDropsTheChargeVoltageBrieflyAndLeaksCharge() {
        SimulatedCell cell = cell(Preset.CORE_SHELL_100C).withFault(new Fault.SoftShort(3));
        List<Sample> samples = runCycles(cell, 8);
        CycleTotals totals = CycleTotals.of(samples);

        List<Integer> dropCycles = new ArrayList<>();
        for (int i = 1; i + 3 < samples.size(); i++) {
            Sample before = samples.get(i - 1);
            Sample s = samples.get(i);
            double drop = before.voltageV() - s.voltageV();
            if (s.stepIndex() == 1 && before.stepIndex() == 1 && drop >= 0.010) {
                dropCycles.add(s.cycleIndex());
                assertThat(drop).as("drop size").isBetween(0.018, 0.085);
                double recovered = Math.max(samples.get(i + 1).voltageV(),
                        Math.max(samples.get(i + 2).voltageV(), samples.get(i + 3).voltageV()));
                assertThat(recovered).as("recovers within 3 samples (another drop may follow)")
                        .isGreaterThan(before.voltageV() - 0.25 * drop);
            }
        }
        System.out.printf("soft short from cycle 3: %d sudden drops in charge; CE %.4f (cycle 2) → %.4f (cycle 8)%n",
                dropCycles.size(), totals.cycle(2).coulombicEfficiency(), totals.cycle(8).coulombicEfficiency());
        assertThat(dropCycles).isNotEmpty().allSatisfy(c -> assertThat(c).isGreaterThanOrEqualTo(3));
        assertThat(totals.cycle(8).coulombicEfficiency()).isLessThan(totals.cycle(2).coulombicEfficiency() - 0.01);
    }

    @Test
    void thermalRunawayHeatsTheCellAboveTheChamberThenCollapsesItsVoltage() {
        double runawayS = START_S + 3 * 3600;
        List<Sample> samples = runUntil(cell(Preset.CORE_SHELL_100C).withFault(new Fault.ThermalRunaway(runawayS)),
                runawayS + 30 * 60);

        Sample before = lastAtOrBefore(samples, runawayS);
        Sample after15Min = lastAtOrBefore(samples, runawayS + 15 * 60);
        Sample after30Min = samples.get(samples.size() - 1);
        assertThat(before.cellTemperatureC() - before.chamberTemperatureC()).isLessThan(1.0);
        assertThat(after15Min.cellTemperatureC() - after15Min.chamberTemperatureC()).isGreaterThan(10.0);
        assertThat(after15Min.voltageV()).isGreaterThan(3.0);
        assertThat(after30Min.cellTemperatureC()).isGreaterThan(180.0);
        assertThat(after30Min.voltageV()).isLessThan(0.75 * before.voltageV());
        assertThat(after30Min.chamberTemperatureC()).isCloseTo(100.0, within(1.0));
    }

    @Test
    void aChamberOverTemperatureShowsInChamberAndCellTemperaturesOnly() {
        double faultS = START_S + 3600;
        List<Sample> healthy = take(cell(Preset.CORE_SHELL_100C), 1000);
        List<Sample> faulty = take(cell(Preset.CORE_SHELL_100C)
                .withFault(new Fault.ChamberOverTemperature(faultS, 15.0)), 1000);

        assertSameElectricalSignals(healthy, faulty);
        Sample late = lastAtOrBefore(faulty, faultS + 45 * 60);
        assertThat(late.chamberTemperatureC()).isCloseTo(115.0, within(1.0));
        assertThat(late.cellTemperatureC()).isCloseTo(115.0, within(1.0));
        assertThat(lastAtOrBefore(faulty, faultS).chamberTemperatureC()).isCloseTo(100.0, within(1.0));
    }

    @Test
    void aStuckSensorRepeatsItsLastReadingAndNothingElseChanges() {
        double faultS = START_S + 3600;
        List<Sample> healthy = take(cell(Preset.CORE_SHELL_100C), 1000);
        List<Sample> faulty = take(cell(Preset.CORE_SHELL_100C).withFault(new Fault.StuckTemperatureSensor(faultS)), 1000);

        assertSameElectricalSignals(healthy, faulty);
        Double frozen = lastAtOrBefore(faulty, faultS - 1).cellTemperatureC();
        List<Sample> afterFault = faulty.stream().filter(s -> s.timeS() >= faultS).toList();
        assertThat(afterFault).hasSizeGreaterThan(100)
                .allSatisfy(s -> assertThat(s.cellTemperatureC()).isEqualTo(frozen));
        assertThat(afterFault.stream().map(Sample::chamberTemperatureC).distinct().count()).isGreaterThan(10);
    }

    @Test
    void aJumpingSensorSpikesSingleReadingsAndNothingElseChanges() {
        double faultS = START_S + 3600;
        List<Sample> healthy = take(cell(Preset.CORE_SHELL_100C), 1000);
        List<Sample> faulty = take(cell(Preset.CORE_SHELL_100C)
                .withFault(new Fault.JumpingTemperatureSensor(faultS, 30.0)), 1000);

        assertSameElectricalSignals(healthy, faulty);
        int spikes = 0;
        for (int i = 0; i < faulty.size(); i++) {
            double jump = faulty.get(i).cellTemperatureC() - healthy.get(i).cellTemperatureC();
            if (jump != 0.0) {
                spikes++;
                assertThat(faulty.get(i).timeS()).isGreaterThanOrEqualTo(faultS);
                assertThat(Math.abs(jump)).isBetween(8.0, 40.0);
            }
            assertThat(faulty.get(i).chamberTemperatureC()).isEqualTo(healthy.get(i).chamberTemperatureC());
        }
        assertThat(spikes).isGreaterThan(3);
    }

    @Test
    void channelSilenceDropsTransmissionButTheCyclerRunsOn() {
        double silentFromS = START_S + 600;
        SimulatedCell cell = cell(Preset.CORE_SHELL_100C).withFault(new Fault.ChannelSilence(silentFromS, 300));

        List<Sample> delivered = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            Optional<Sample> s = cell.nextIfTransmitting();
            s.ifPresent(delivered::add);
        }
        assertThat(delivered).noneMatch(s -> s.timeS() >= silentFromS && s.timeS() < silentFromS + 300);
        assertThat(delivered).hasSize(200 - 30);
        assertThat(delivered.get(delivered.size() - 1).seq()).isEqualTo(199);
        assertThat(cell.next()).isNotNull();
    }

    @Test
    void transmittedUntilKeepsACellInStepWithAClockAcrossStepChanges() {
        SimulatedCell cell = cell(Preset.CORE_SHELL_100C).withFault(new Fault.ChannelSilence(START_S + 600, 300));
        List<Sample> all = new ArrayList<>();
        double clockS = START_S;
        for (int tick = 0; tick < 190; tick++) { // a 95 s clock tick, off the 10 s grid on purpose
            clockS = START_S + 95.0 * tick;
            List<Sample> batch = cell.transmittedUntil(clockS);
            double limitS = clockS;
            assertThat(batch).allSatisfy(s -> assertThat(s.timeS()).isLessThanOrEqualTo(limitS));
            assertThat(cell.timeS()).isLessThanOrEqualTo(clockS);
            all.addAll(batch);
        }
        List<Sample> reference = runUntil(cell(Preset.CORE_SHELL_100C), clockS);

        assertThat(all).isEqualTo(reference.stream()
                .filter(s -> s.timeS() < START_S + 600 || s.timeS() >= START_S + 900).toList());
        assertThat(all).anySatisfy(s -> assertThat(s.stepIndex()).isEqualTo(3));
    }

    @Test
    void pauseHoldsTheCellAtZeroCurrentAndResumeFinishesTheStep() {
        SimulatedCell cell = cell(Preset.CORE_SHELL_100C);
        Sample charging = take(cell, 100).get(99);

        cell.pause();
        List<Sample> paused = take(cell, 60);
        cell.resume();
        List<Sample> resumed = runCycles(cell, 1);

        assertThat(paused).allSatisfy(s -> {
            assertThat(s.currentA()).isZero();
            assertThat(s.stepIndex()).isEqualTo(1);
            assertThat(s.voltageV()).isLessThan(charging.voltageV());
        });
        assertThat(resumed.get(0).currentA()).isPositive();
        assertThat(resumed).anySatisfy(s -> assertThat(s.stepIndex()).isEqualTo(3));
    }

    // ---- helpers ---------------------------------------------------------------------------------

    /** A 100-cycle core-shell run, shared by the tests that read it. */
    private static final class CoreShell100C {
        static final Run RUN = Run.of(Preset.CORE_SHELL_100C, 100);
    }

    private static final class Zif8100C {
        static final Run RUN = Run.of(Preset.ZIF8_100C, 100);
    }

    private record Run(List<Sample> samples, CycleTotals totals, long cpuNanos) {
        static Run of(Preset preset, int cycles) {
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            long before = threads.getCurrentThreadCpuTime();
            List<Sample> samples = runCycles(cell(preset), cycles);
            long cpu = threads.getCurrentThreadCpuTime() - before;
            return new Run(samples, CycleTotals.of(samples), cpu);
        }
    }

    private static SimulatedCell cell(Preset preset) {
        return new SimulatedCell("c1", preset, SEED, PERIOD_S, START_S);
    }

    private static SimulatedCell noisyFaults(SimulatedCell cell) {
        return cell.withFault(new Fault.SoftShort(1))
                .withFault(new Fault.JumpingTemperatureSensor(START_S, 60.0));
    }

    /** Every sample up to the end of cycle {@code last}. */
    private static List<Sample> runCycles(SimulatedCell cell, int last) {
        List<Sample> out = new ArrayList<>();
        for (Sample s = cell.next(); s.cycleIndex() <= last; s = cell.next()) {
            out.add(s);
        }
        return out;
    }

    private static List<Sample> runHours(SimulatedCell cell, double hours) {
        return runUntil(cell, START_S + hours * 3600);
    }

    private static List<Sample> runUntil(SimulatedCell cell, double endS) {
        List<Sample> out = new ArrayList<>();
        for (Sample s = cell.next(); s.timeS() <= endS; s = cell.next()) {
            out.add(s);
        }
        return out;
    }

    private static List<Sample> take(SimulatedCell cell, int n) {
        List<Sample> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(cell.next());
        }
        return out;
    }

    private static Sample lastAtOrBefore(List<Sample> samples, double timeS) {
        Sample last = null;
        for (Sample s : samples) {
            if (s.timeS() > timeS) {
                break;
            }
            last = s;
        }
        return last;
    }

    /**
     * The first cycle that fails as DETECTION.md's charge rules see it: the charge never reaches the
     * cut-off, or CE falls below 0.9. {@code lastComplete} + 1 when none does.
     */
    private static int firstFailedCycle(CycleTotals totals, int lastComplete) {
        for (int n = 1; n <= lastComplete; n++) {
            CycleTotals.Cycle c = totals.cycle(n);
            if (c.maxChargeV < 4.2 - 0.020 || c.coulombicEfficiency() < 0.9) {
                return n;
            }
        }
        return lastComplete + 1;
    }

    /** Per half-cycle: the median |V| over the second half of the half-cycle (DETECTION.md's η). */
    private static List<Double> halfCycleOverpotentials(List<Sample> samples) {
        List<Double> out = new ArrayList<>();
        List<Double> current = new ArrayList<>();
        Sample previous = null;
        for (Sample s : samples) {
            boolean newHalf = previous != null && (!previous.stepIndex().equals(s.stepIndex())
                    || !previous.cycleIndex().equals(s.cycleIndex()));
            if (newHalf && !current.isEmpty()) {
                out.add(CycleTotals.median(current.subList(current.size() / 2, current.size())));
                current = new ArrayList<>();
            }
            if (s.currentA() != 0) {
                current.add(Math.abs(s.voltageV()));
            }
            previous = s;
        }
        return out;
    }

    private static void assertSameElectricalSignals(List<Sample> expected, List<Sample> actual) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            assertThat(actual.get(i).voltageV()).isEqualTo(expected.get(i).voltageV());
            assertThat(actual.get(i).currentA()).isEqualTo(expected.get(i).currentA());
            assertThat(actual.get(i).timeS()).isEqualTo(expected.get(i).timeS());
        }
    }
}
