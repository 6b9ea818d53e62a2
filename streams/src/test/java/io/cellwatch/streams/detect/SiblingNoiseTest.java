package io.cellwatch.streams.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.smile.databind.SmileMapper;
import io.cellwatch.streams.topology.StateSerde;
import io.cellwatch.edge.sim.Preset;
import io.cellwatch.edge.sim.SimulatedCell;
import io.cellwatch.telemetry.CellMetadata;
import io.cellwatch.telemetry.CellType;
import io.cellwatch.telemetry.ChannelAddress;
import io.cellwatch.telemetry.Finding;
import io.cellwatch.telemetry.FindingType;
import io.cellwatch.telemetry.Sample;
import io.cellwatch.telemetry.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.DoublePredicate;
import org.junit.jupiter.api.Test;

/**
 * The soft-short rule "voltage noise against sibling cells in the same chamber": simulated cells of one chamber,
 * each through its own analytics and detectors, their samples thinned to the chamber as the topology's feed does
 * (one per cell per 60 s heartbeat), each with the cell's noise σ. The simulator's cells have 0.3 mV of voltage
 * noise; a cell noisy from its first sample is made by adding 3 mV of Gaussian noise to a healthy cell's voltage.
 */
class SiblingNoiseTest {

    private static final double START_S = SimulatedRun.START_S;
    private static final double HEARTBEAT_S = 60.0; // topology.ChamberFeed.DEFAULT's heartbeat
    private static final double NOISY_SIGMA_V = 0.003;

    /** The state stores' encoding. */
    private static final SmileMapper MAPPER = StateSerde.mapper();

    /** One cell of the chamber: simulator, its own analytics and detectors, and (for the noisy one) extra noise. */
    private static final class Member {
        final SimulatedCell cell;
        final SimulatedRun run;
        final Random extraNoise;
        double sentS = Double.NEGATIVE_INFINITY;
        boolean ownNoiseRuleEverHigh;

        Member(SimulatedCell cell, CellMetadata meta, Random extraNoise) {
            this.cell = cell;
            this.run = new SimulatedRun(meta, DetectionConfig.defaults(), false);
            this.extraNoise = extraNoise;
        }
    }

    /** A chamber of simulated cells run in step, every reading the chamber takes watched. */
    private static final class Chamber {
        final List<Member> members = new ArrayList<>();
        final ChamberDetectors detectors;
        final List<Finding> findings = new ArrayList<>();
        /** Highest σ / median of fresh same-type siblings seen for a healthy cell, and for the noisy one. */
        double maxHealthyRatio;
        double maxNoisyRatio;
        double t = START_S;

        Chamber(DetectionConfig config) {
            this.detectors = new ChamberDetectors("lab1", "oven1", 100.0, config);
        }

        Member add(String id, Preset preset, long seed, double periodS, boolean noisy) {
            SimulatedCell cell = new SimulatedCell(id, preset, seed, periodS, START_S);
            CellMetadata meta = cell.metadata(new ChannelAddress("lab1", "oven1", id));
            Member m = new Member(cell, meta, noisy ? new Random(seed * 31) : null);
            members.add(m);
            return m;
        }

        /**
         * Runs every cell on to {@code untilS}; a cell's sample goes to the chamber when its heartbeat is due and
         * {@code sends} says the cell is connected to the chamber at that time.
         */
        void runUntil(double untilS, java.util.function.BiPredicate<Member, Double> sends) {
            for (; t < untilS; t += HEARTBEAT_S) {
                for (Member m : members) {
                    for (Sample raw : m.cell.transmittedUntil(t)) {
                        Sample s = m.extraNoise == null ? raw
                                : new Sample(raw.cellId(), raw.seq(), raw.timeS(), raw.testTimeS(),
                                        raw.voltageV() + NOISY_SIGMA_V * m.extraNoise.nextGaussian(), raw.currentA(),
                                        raw.cellTemperatureC(), raw.chamberTemperatureC(), raw.stepIndex(),
                                        raw.cycleIndex());
                        m.run.feed(s, (long) (s.timeS() * 1000));
                        m.ownNoiseRuleEverHigh |= m.run.detectors.state().softShort().noiseHistory().high();
                        if (s.timeS() - m.sentS >= HEARTBEAT_S && sends.test(m, s.timeS())) {
                            m.sentS = s.timeS();
                            // the noise reading only: this test is about the noise rule
                            findings.addAll(detectors.onSample(s, new ChamberDetectors.CellReading(
                                    m.run.meta.cellType(), null, m.run.detectors.noiseSigmaV(), null, null)));
                            watch(m, s.timeS());
                        }
                    }
                }
            }
        }

        void runUntil(double untilS) {
            runUntil(untilS, (m, at) -> true);
        }

        /** The ratio the rule saw for {@code m}, recomputed from the chamber's readings (for the figures). */
        private void watch(Member m, double at) {
            SiblingNoiseDetector.State noise = detectors.state().siblingNoise();
            SiblingNoiseDetector.Reading mine = noise.reading(m.cell.cellId());
            if (mine == null) {
                return;
            }
            List<Double> siblings = new ArrayList<>();
            for (SiblingNoiseDetector.Reading r : noise.cells()) {
                if (!r.cellId().equals(mine.cellId()) && r.cellType() == mine.cellType() && at - r.timeS() <= 600.0) {
                    siblings.add(r.sigmaV());
                }
            }
            if (siblings.size() < 3) {
                return;
            }
            double ratio = mine.sigmaV() / Stats.median(siblings);
            if (m.extraNoise == null) {
                maxHealthyRatio = Math.max(maxHealthyRatio, ratio);
            } else {
                maxNoisyRatio = Math.max(maxNoisyRatio, ratio);
            }
        }

        List<Finding> raised() {
            return findings.stream().filter(f -> SiblingNoiseDetector.NAME.equals(f.detector()) && !f.cleared())
                    .toList();
        }
    }

    /** Four healthy core-shell cells at 100 °C (10 s samples) and, optionally, one noisy from its first sample. */
    private static Chamber coreShellChamber(int healthy, boolean withNoisy) {
        Chamber c = new Chamber(DetectionConfig.defaults());
        for (int i = 0; i < healthy; i++) {
            c.add("ok" + i, Preset.CORE_SHELL_100C, 100L + i, 10.0, false);
        }
        if (withNoisy) {
            c.add("noisy", Preset.CORE_SHELL_100C, 7L, 10.0, true);
        }
        return c;
    }

    @Test
    void aCellNoisyFromItsFirstSampleIsWarnedAboutByItsSiblingsWhileItsOwnHistoryStaysSilent() {
        Chamber c = coreShellChamber(4, true);
        Member noisy = c.members.get(4);

        c.runUntil(START_S + 3 * 24 * 3600.0); // three days, about 30 cycles

        List<Finding> raised = c.raised();
        System.out.printf("noisy cell: highest ratio %.1f; healthy siblings: highest ratio %.2f; first finding %s%n",
                c.maxNoisyRatio, c.maxHealthyRatio, raised.isEmpty() ? "none"
                        : String.format("after %.0f min (cycle %s): %s %s", (raised.get(0).timeS() - START_S) / 60,
                                raised.get(0).cycle(), raised.get(0).summary(), raised.get(0).evidence()));
        assertThat(raised).isNotEmpty().allSatisfy(f -> {
            assertThat(f.cellId()).isEqualTo("noisy");
            assertThat(f.key()).isEqualTo("noisy");
            assertThat(f.scope()).isEqualTo(Finding.Scope.CELL);
            assertThat(f.type()).isEqualTo(FindingType.SOFT_SHORT);
            assertThat(f.severity()).isEqualTo(Severity.WARNING);
            assertThat(f.window()).isNotEmpty().allSatisfy(s -> assertThat(s.cellId()).isEqualTo("noisy"));
        });
        Finding first = raised.get(0);
        assertThat(first.evidence()).containsKeys("noise_sigma_v", "sibling_median_noise_sigma_v", "siblings",
                "ratio");
        assertThat(first.evidence().get("siblings")).isEqualTo(4.0);
        assertThat(first.evidence().get("noise_sigma_v")).isGreaterThan(0.002);
        assertThat(first.evidence().get("ratio")).isGreaterThan(3.0);
        assertThat(first.cycle()).as("flagged in its first cycle").isEqualTo(1);
        // nothing ever clears: the cell stays noisy
        assertThat(c.findings).filteredOn(Finding::cleared).isEmpty();

        // why siblings matter: against its own (noisy) history the cell is normal
        assertThat(noisy.run.detectors.state().softShort().noiseHistory().samples())
                .as("the own-history rule was judging").isGreaterThan(
                        DetectionConfig.defaults().softShort().noiseBaselineSamples());
        assertThat(noisy.ownNoiseRuleEverHigh).as("own-history noise rule high").isFalse();
        assertThat(noisy.run.findings).filteredOn(f -> f.type() == FindingType.SOFT_SHORT).isEmpty();
        assertThat(c.maxHealthyRatio).isLessThan(3.0);
    }

    @Test
    void aHealthyChamberOfSeveralPresetsRaisesNothingInFiveDays() {
        Chamber c = new Chamber(DetectionConfig.defaults());
        c.add("cs10", Preset.CORE_SHELL_100C, 1L, 10.0, false);
        c.add("cs30", Preset.CORE_SHELL_100C, 2L, 30.0, false);
        c.add("cs60", Preset.CORE_SHELL_100C, 3L, 60.0, false);
        c.add("zif8a", Preset.ZIF8_100C, 8L, 30.0, false);
        c.add("zif8b", Preset.ZIF8_100C, 9L, 10.0, false);
        c.add("hkust1", Preset.HKUST1_100C, 11L, 10.0, false); // shorts in cycle 29: run to before that
        Member lili = c.add("lili", Preset.SYMMETRIC_CORE_SHELL, 5L, 60.0, false);

        // about 50 cycles; HKUST-1 leaves the chamber feed before its dendrite short
        c.runUntil(START_S + 5 * 24 * 3600.0, (m, at) -> !m.cell.cellId().equals("hkust1") || m.cell.cycle() < 27);

        System.out.printf("healthy chamber of 7 (to cycle %d): highest σ / sibling median %.2f, findings %d%n",
                c.members.get(0).cell.cycle(), c.maxHealthyRatio, c.raised().size());
        assertThat(c.raised()).isEmpty();
        assertThat(c.maxHealthyRatio).as("judged at all").isGreaterThan(0.0).isLessThan(3.0);
        // the Li//Li cell has no sibling of its type: it has a reading but is never judged
        assertThat(c.detectors.state().siblingNoise().reading("lili").cellType()).isEqualTo(CellType.SYMMETRIC);
        assertThat(c.detectors.state().siblingNoise().reading("lili").latch()).isEqualTo(Latch.IDLE);
        assertThat(lili.run.detectors.noiseSigmaV()).isNotNull();
    }

    @Test
    void fewerSiblingsThanTheMinimumJudgeNothingAndOneMoreDoes() {
        Chamber two = coreShellChamber(2, true);
        two.runUntil(START_S + 12 * 3600.0);
        Chamber three = coreShellChamber(3, true);
        three.runUntil(START_S + 12 * 3600.0);

        System.out.printf("noisy cell with 2 siblings: %d findings; with 3: %d (ratio up to %.1f)%n",
                two.raised().size(), three.raised().size(), three.maxNoisyRatio);
        assertThat(two.raised()).isEmpty();
        assertThat(three.raised()).isNotEmpty().allSatisfy(f -> assertThat(f.cellId()).isEqualTo("noisy"));
    }

    @Test
    void staleSiblingsAreIgnoredUntilTheyReportAgain() {
        Chamber c = coreShellChamber(4, true);
        double siblingsStopS = START_S + 3600.0;
        double noisyStartsS = siblingsStopS + 700.0; // past the 600 s freshness of the last sibling reading
        double siblingsBackS = START_S + 8 * 3600.0;
        DoublePredicate siblingConnected = at -> at < siblingsStopS || at >= siblingsBackS;
        java.util.function.BiPredicate<Member, Double> sends = (m, at) -> m.extraNoise == null
                ? siblingConnected.test(at) : at >= noisyStartsS;

        c.runUntil(siblingsBackS, sends);
        assertThat(c.raised()).as("only stale siblings").isEmpty();
        assertThat(c.detectors.state().siblingNoise().cells()).hasSize(5)
                .anySatisfy(r -> assertThat(r.cellId()).isEqualTo("noisy"));

        c.runUntil(siblingsBackS + 3600.0, sends);
        assertThat(c.raised()).as("siblings fresh again").isNotEmpty();
        assertThat(c.raised().get(0).timeS()).isGreaterThanOrEqualTo(siblingsBackS);
    }

    @Test
    void theFloorAndTheMultipleBothHoldBackAWarning() {
        SiblingNoiseDetector rule = new SiblingNoiseDetector(SiblingNoiseDetector.Config.defaults(), 1800.0);
        // siblings at 1 mV: 3× is 3 mV, above the 2 mV floor; 2.5 mV is not a warning, 3.5 mV is
        assertThat(judged(rule, 0.001, 0.0025)).isEmpty();
        assertThat(judged(rule, 0.001, 0.0035)).singleElement()
                .satisfies(f -> assertThat(f.evidence().get("ratio")).isCloseTo(3.5, org.assertj.core.data.Offset
                        .offset(1e-9)));
        // siblings at 0.3 mV: 3× is 0.9 mV, the 2 mV floor decides; 1.9 mV is not a warning, 2.1 mV is
        assertThat(judged(rule, 0.0003, 0.0019)).isEmpty();
        assertThat(judged(rule, 0.0003, 0.0021)).hasSize(1);
    }

    /** Four siblings with a median of {@code siblingV}, then readings of one cell at {@code cellV}; its findings. */
    private static List<Finding> judged(SiblingNoiseDetector rule, double siblingV, double cellV) {
        SiblingNoiseDetector.State st = SiblingNoiseDetector.State.INITIAL;
        double[] spread = {0.9, 1.0, 1.0, 1.1};
        for (int i = 0; i < spread.length; i++) {
            st = rule.onReading(st, sample("s" + i, START_S), siblingV * spread[i], CellType.FULL, context("s" + i))
                    .state();
        }
        List<Finding> out = new ArrayList<>();
        for (int k = 0; k < 20; k++) { // every 30 s: the siblings' readings stay fresh (600 s)
            SiblingNoiseDetector.Outcome o = rule.onReading(st, sample("x", START_S + 30 * k), cellV, CellType.FULL,
                    context("x"));
            st = o.state();
            out.addAll(o.findings());
        }
        return out.stream().filter(f -> !f.cleared()).toList();
    }

    private static Sample sample(String id, double t) {
        return new Sample(id, 1L, t, t - START_S, 3.4, 0.001, 100.0, 100.0, 1, 1);
    }

    private static FindingContext context(String id) {
        return new FindingContext(id, "lab1", "oven1", 1, List.of());
    }

    @Test
    void theChambersSiblingReadingsSurviveTheStoreEncodingAndAnOlderStateRestoresEmpty() throws Exception {
        Chamber c = coreShellChamber(4, true);
        c.runUntil(START_S + 4 * 3600.0);
        ChamberDetector.State st = c.detectors.state();
        assertThat(st.siblingNoise().cells()).hasSize(5);
        assertThat(st.siblingNoise().reading("noisy").latch().holding()).isTrue();

        byte[] bytes = MAPPER.writeValueAsBytes(st);
        assertThat(MAPPER.readValue(bytes, ChamberDetector.State.class)).isEqualTo(st);

        // a chamber state stored before the rule existed: no sibling_noise field
        ObjectNode old = MAPPER.valueToTree(st);
        old.remove("sibling_noise");
        ChamberDetector.State restored = MAPPER.readValue(MAPPER.writeValueAsBytes(old), ChamberDetector.State.class);
        assertThat(restored.siblingNoise()).isEqualTo(SiblingNoiseDetector.State.INITIAL);
        assertThat(restored.cells()).isEqualTo(st.cells());
    }
}
