package io.cellwatch.streams.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.dataformat.smile.databind.SmileMapper;
import io.cellwatch.streams.topology.StateSerde;
import io.cellwatch.edge.sim.Fault;
import io.cellwatch.edge.sim.Preset;
import io.cellwatch.edge.sim.SimulatedCell;
import io.cellwatch.telemetry.Finding;
import io.cellwatch.telemetry.FindingType;
import io.cellwatch.telemetry.Sample;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The soft-short rule "voltage noise against the cell's own history": the simulator doubles a cell's voltage noise
 * while a soft short flickers (FaultPhysics.SOFT_SHORT_NOISE_FACTOR); healthy cells keep theirs.
 */
class SoftShortNoiseTest {

    private static final double START_S = SimulatedRun.START_S;

    /** The state stores' encoding. */
    private static final SmileMapper MAPPER = StateSerde.mapper();

    /** A run watched sample by sample: the highest noise ratio and the first cycle the noise rule was high. */
    private static final class Watched {
        final SimulatedRun run;
        double maxRatio;
        int maxRatioCycle;
        Integer firstHighCycle;
        String where = "";
        int cycles;

        Watched(SimulatedCell cell, int cycles, DetectionConfig config) {
            this.run = new SimulatedRun(cell.metadata(SimulatedRun.ADDRESS), config, false);
            this.cycles = cycles;
            while (true) {
                Optional<Sample> next = cell.nextIfTransmitting();
                if (next.isEmpty()) {
                    continue;
                }
                Sample s = next.get();
                if (s.cycleIndex() > cycles) {
                    break;
                }
                run.feed(s, (long) (s.timeS() * 1000));
                SoftShortDetector.NoiseHistory h = run.detectors.state().softShort().noiseHistory();
                if (h.samples() > config.softShort().noiseBaselineSamples() && h.shortV() != null) {
                    double ratio = h.shortV() / h.baselineV();
                    if (ratio > maxRatio) {
                        maxRatio = ratio;
                        maxRatioCycle = s.cycleIndex();
                        where = String.format("step %s, %.4f V, %.6f A, t in test %.0f s", s.stepIndex(),
                                s.voltageV(), s.currentA(), s.testTimeS());
                    }
                }
                if (h.high() && firstHighCycle == null) {
                    firstHighCycle = s.cycleIndex();
                }
            }
        }

        List<Finding> noiseFindings() {
            return run.findings.stream().filter(f -> f.type() == FindingType.SOFT_SHORT && !f.cleared()
                    && f.summary().startsWith("Voltage noise")).toList();
        }

        String line(String name) {
            return String.format("%s: %d cycles, highest noise ratio %.2f (cycle %d, %s), noise rule high from"
                    + " cycle %s",
                    name, cycles, maxRatio, maxRatioCycle, where, firstHighCycle);
        }
    }

    /** Defaults with every other soft-short rule out of reach, so a soft-short finding is the noise rule's. */
    private static DetectionConfig noiseOnly() {
        DetectionConfig d = DetectionConfig.defaults();
        SoftShortDetector.Config c = d.softShort();
        SoftShortDetector.Config only = new SoftShortDetector.Config(1e9, c.eventNoiseMultiple(), 1e9,
                c.dropsForWarning(), c.dropsForCritical(), c.dropMemoryS(), c.constantCurrentTolerance(),
                c.skipStepSamples(), c.noiseSmoothing(), 0.0, 1e9, 1e9, c.persistenceCycles(), c.formationCycles(),
                c.restRelaxS(), c.restMinFitS(), 1e9, c.restDecayOwnMultiple(), c.restBaselineRests(),
                c.restHistoryRests(), 1.0, c.symmetricHistoryCycles(), c.clearAfterSamples(),
                c.noiseShortSmoothing(), c.noiseBaselineSamples(), c.noiseBaselineSmoothing(), c.noiseRatioWarning(),
                c.noiseMinSigmaV(), c.noiseClipMultiple(), c.noiseDebounceSamples());
        return d.withSoftShort(only);
    }

    @Test
    void aFlickeringSoftShortRaisesTheNoiseWarningAfterItsOnsetAndNotBefore() {
        for (long seed : new long[] {21L, 22L}) {
            SimulatedCell cell = new SimulatedCell("soft" + seed, Preset.CORE_SHELL_100C, seed, 10.0, START_S)
                    .withFault(new Fault.SoftShort(8));
            Watched w = new Watched(cell, 10, noiseOnly());
            System.out.println(w.line("soft short from cycle 8, seed " + seed));

            assertThat(w.firstHighCycle).as("noise rule high").isNotNull();
            assertThat(w.firstHighCycle).isEqualTo(8);
            List<Finding> noise = w.noiseFindings();
            assertThat(noise).as(w.run.describe()).isNotEmpty();
            Finding first = noise.get(0);
            System.out.printf("  first noise finding in cycle %d: %s %s%n", first.cycle(), first.summary(),
                    first.evidence());
            assertThat(first.cycle()).isEqualTo(8);
            assertThat(first.severity().wireName()).isEqualTo("warning");
            assertThat(first.evidence()).containsKeys("noise_sigma_v", "baseline_noise_sigma_v", "noise_ratio");
            assertThat(first.evidence().get("noise_ratio")).isGreaterThan(1.5);
            assertThat(w.run.findings).as("nothing before the onset").filteredOn(f -> f.cycle() < 8).isEmpty();
        }
    }

    @Test
    void healthyPresetsKeepTheirNoiseFor100Cycles() {
        record Case(String name, Preset preset, long seed, double periodS, int cycles) {
        }
        List<Case> cases = List.of(
                new Case("core-shell 100 °C, 60 s", Preset.CORE_SHELL_100C, 1L, 60.0, 100),
                new Case("core-shell 100 °C, 10 s", Preset.CORE_SHELL_100C, 2L, 10.0, 100),
                new Case("core-shell RT, 30 s", Preset.CORE_SHELL_RT, 3L, 30.0, 100),
                new Case("GF+LE RT, 30 s", Preset.GF_LE_RT, 6L, 30.0, 100),
                new Case("pouch core-shell RT, 30 s", Preset.POUCH_CORE_SHELL, 4L, 30.0, 100),
                new Case("ZIF-8 100 °C, 30 s", Preset.ZIF8_100C, 8L, 30.0, 100),
                new Case("HKUST-1 100 °C before its short, 10 s", Preset.HKUST1_100C, 11L, 10.0, 27),
                new Case("Li//Li core-shell, 60 s", Preset.SYMMETRIC_CORE_SHELL, 5L, 60.0, 100));
        List<String> report = new ArrayList<>();
        for (Case c : cases) {
            Watched w = new Watched(new SimulatedCell("ok" + c.seed(), c.preset(), c.seed(), c.periodS(), START_S),
                    c.cycles(), noiseOnly());
            report.add(w.line(c.name()));
            System.out.println(w.line(c.name()));
            assertThat(w.firstHighCycle).as(w.line(c.name())).isNull();
            assertThat(w.noiseFindings()).as(c.name()).isEmpty();
        }
    }

    @Test
    void theNoiseHistoryRoundTripsThroughTheStoreEncoding() throws Exception {
        SimulatedCell cell = new SimulatedCell("soft", Preset.CORE_SHELL_100C, 21L, 10.0, START_S)
                .withFault(new Fault.SoftShort(3));
        Watched w = new Watched(cell, 3, DetectionConfig.defaults());
        SoftShortDetector.State st = w.run.detectors.state().softShort();
        assertThat(st.noiseHistory().baselineV()).isNotNull();
        assertThat(st.noiseHistory().shortV()).isNotNull();

        byte[] bytes = MAPPER.writeValueAsBytes(st);
        SoftShortDetector.State back = MAPPER.readValue(bytes, SoftShortDetector.State.class);
        assertThat(back).isEqualTo(st);
        assertThat(MAPPER.readValue(MAPPER.writeValueAsBytes(st.noiseHistory()),
                SoftShortDetector.NoiseHistory.class)).isEqualTo(st.noiseHistory());
        String json = new com.fasterxml.jackson.databind.ObjectMapper()
                .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).writeValueAsString(st.noiseHistory());
        assertThat(json).contains("\"baseline_v\"", "\"short_v\"", "\"last_dv_v\"");
        // a state stored before the rule existed restores with an empty noise memory
        SoftShortDetector.State old = new SoftShortDetector.State(0, null, List.of(), 0, 0, null, null, List.of(),
                null, null, List.of(), List.of(), List.of(), null, null, Latch.IDLE, null, null);
        assertThat(old.noiseHistory()).isEqualTo(SoftShortDetector.NoiseHistory.INITIAL);
    }
}
