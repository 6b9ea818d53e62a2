package io.cellwatch.streams.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.cellwatch.edge.sim.Preset;
import io.cellwatch.telemetry.CellType;
import io.cellwatch.telemetry.Finding;
import io.cellwatch.telemetry.FindingType;
import io.cellwatch.telemetry.Sample;
import io.cellwatch.telemetry.Severity;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The soft-short rule "rest voltage decay against sibling cells in the same chamber": a {@link SimulatedChamber}
 * with a cell that self-discharges from its first rest (its own rule then learns the fast decay as its usual),
 * and the rule on its own with made-up rests.
 */
class SiblingRestDecayTest {

    /** 30 min rests after each step, so the relaxed part (from 15 min) can be fitted. */
    private static final double REST_S = 1800.0;

    /** Extra fall of the rest voltage after a charge, V/h: a leak of a few µA through a soft short. */
    private static final double EXTRA_DECAY_V_PER_H = 0.004;

    /** The rest voltage after every charge falls {@link #EXTRA_DECAY_V_PER_H} faster. */
    private static UnaryOperator<Sample> selfDischarging() {
        double[] restStartS = {Double.NaN};
        boolean[] charged = {false};
        return s -> {
            if (s.currentA() > 0) {
                charged[0] = true;
                restStartS[0] = Double.NaN;
                return s;
            }
            if (s.currentA() < 0) {
                charged[0] = false;
                restStartS[0] = Double.NaN;
                return s;
            }
            if (!charged[0]) {
                return s;
            }
            if (Double.isNaN(restStartS[0])) {
                restStartS[0] = s.timeS();
            }
            double fallV = EXTRA_DECAY_V_PER_H * (s.timeS() - restStartS[0]) / 3600;
            return new Sample(s.cellId(), s.seq(), s.timeS(), s.testTimeS(), s.voltageV() - fallV, s.currentA(),
                    s.cellTemperatureC(), s.chamberTemperatureC(), s.stepIndex(), s.cycleIndex());
        };
    }

    @Test
    void aCellSelfDischargingFromItsFirstRestIsWarnedAboutByItsSiblingsWhileItsOwnRuleLearnsItAsUsual() {
        SimulatedChamber c = new SimulatedChamber(REST_S);
        for (int i = 0; i < 4; i++) {
            c.add("ok" + i, Preset.CORE_SHELL_100C, 200L + i);
        }
        SimulatedChamber.Member leaky = c.add("leaky", Preset.CORE_SHELL_100C, 9L, selfDischarging());

        c.runUntilCycle(8);

        List<Finding> raised = c.raised(SiblingRestDecayDetector.NAME);
        SiblingRestDecayDetector.RestDecay own = leaky.run.detectors.lastRestDecay();
        System.out.printf("self-discharging cell: latest rest decay %.2f mV/h, siblings' %s; sibling rule first %s;"
                        + " its own findings %d%n", own == null ? Double.NaN : own.decayVPerH() * 1000,
                c.members.subList(0, 4).stream().map(m -> m.run.detectors.lastRestDecay())
                        .map(r -> r == null ? "none" : String.format("%.2f", r.decayVPerH() * 1000)).toList(),
                raised.isEmpty() ? "none" : "cycle " + raised.get(0).cycle() + ": " + raised.get(0).summary(),
                leaky.run.findings.size());

        assertThat(raised).isNotEmpty().allSatisfy(f -> {
            assertThat(f.cellId()).isEqualTo("leaky");
            assertThat(f.scope()).isEqualTo(Finding.Scope.CELL);
            assertThat(f.type()).isEqualTo(FindingType.SOFT_SHORT);
            assertThat(f.severity()).isEqualTo(Severity.WARNING);
        });
        Finding first = raised.get(0);
        assertThat(first.evidence()).containsKeys("rest_decay_v_per_h", "sibling_median_rest_decay_v_per_h",
                "siblings", "threshold_rest_decay_v_per_h");
        assertThat(first.evidence().get("siblings")).isEqualTo(4.0);
        assertThat(first.cycle()).as("the second rest, two to confirm").isEqualTo(2);
        assertThat(leaky.run.findings.stream().map(Finding::summary).toList())
                .as("its own rest rule compares with its own (equally fast) earlier rests").isEmpty();
    }

    @Test
    void aHealthyChamberOfSeveralPresetsRaisesNothing() {
        SimulatedChamber c = new SimulatedChamber(REST_S);
        for (int i = 0; i < 4; i++) {
            c.add("cs" + i, Preset.CORE_SHELL_100C, 20L + i);
        }
        c.add("zif8a", Preset.ZIF8_100C, 18L);
        c.add("zif8b", Preset.ZIF8_100C, 19L);
        c.add("hkust1", Preset.HKUST1_100C, 21L);

        c.runUntilCycle(20);

        List<Finding> raised = c.raised(SiblingRestDecayDetector.NAME);
        System.out.printf("healthy chamber of 7 to cycle 20: %d sibling rest-decay findings%n", raised.size());
        assertThat(raised.stream().map(Finding::summary).toList()).isEmpty();
        assertThat(c.detectors.state().siblingRestDecay().cells()).as("every cell was read").hasSize(7);
    }

    // ---- the rule on its own --------------------------------------------------------------------------------

    private final SiblingRestDecayDetector rule = new SiblingRestDecayDetector(
            SiblingRestDecayDetector.Config.defaults(), 1800.0);

    /** Four siblings' rests ending at {@code restEndS} (0.4–0.6 mV/h), then {@code cell}'s with {@code decay}. */
    private List<Finding> judge(Siblings.Live<SiblingRestDecayDetector.Reading> live, double restEndS, double decay, String chemistry,
            double atS) {
        double[] siblings = {0.0004, 0.0005, 0.0005, 0.0006};
        for (int i = 0; i < siblings.length; i++) {
            String id = "s" + i;
            rule.onReading(live, sample(id, atS), new SiblingRestDecayDetector.RestDecay(restEndS, siblings[i]),
                    CellType.FULL, chemistry, () -> context(id));
        }
        return rule.onReading(live, sample("cell", atS), new SiblingRestDecayDetector.RestDecay(restEndS, decay),
                CellType.FULL, "Li||LFP", () -> context("cell"));
    }

    @Test
    void twoFastRestsRaiseAWarningOnceEachAndTwoUsualRestsClearIt() {
        Siblings.Live<SiblingRestDecayDetector.Reading> live = new Siblings.Live<>(List.of());
        assertThat(judge(live, 1000, 0.003, "Li||LFP", 1100)).as("one rest is not enough").isEmpty();
        List<Finding> second = judge(live, 10_000, 0.003, "Li||LFP", 10_100);
        assertThat(second).singleElement().satisfies(f -> {
            assertThat(f.evidence().get("sibling_median_rest_decay_v_per_h")).isEqualTo(0.0005);
            assertThat(f.evidence().get("threshold_rest_decay_v_per_h")).isEqualTo(0.0015);
            assertThat(f.summary()).contains("3.00 mV/h").contains("0.50 mV/h").contains("4 sibling cells");
        });
        // the same rest again (every reading of the cell carries it): judged once
        assertThat(rule.onReading(live, sample("cell", 10_160), new SiblingRestDecayDetector.RestDecay(10_000, 0.003),
                CellType.FULL, "Li||LFP", () -> context("cell"))).isEmpty();
        assertThat(judge(live, 20_000, 0.0005, "Li||LFP", 20_100)).isEmpty();
        assertThat(judge(live, 30_000, 0.0005, "Li||LFP", 30_100)).singleElement()
                .satisfies(f -> assertThat(f.cleared()).isTrue());
    }

    @Test
    void belowTheAbsoluteFloorOrAmongOtherChemistriesNothingIsRaised() {
        Siblings.Live<SiblingRestDecayDetector.Reading> live = new Siblings.Live<>(List.of());
        // 3× the siblings' median but under 1 mV/h: within a healthy cell's relaxation
        judge(live, 1000, 0.0009, "Li||LFP", 1100);
        assertThat(judge(live, 10_000, 0.0009, "Li||LFP", 10_100)).isEmpty();

        Siblings.Live<SiblingRestDecayDetector.Reading> mixed = new Siblings.Live<>(List.of());
        judge(mixed, 1000, 0.005, "Li||NMC", 1100);
        assertThat(judge(mixed, 10_000, 0.005, "Li||NMC", 10_100)).as("siblings of another chemistry").isEmpty();
    }

    private static Sample sample(String cellId, double timeS) {
        return new Sample(cellId, (long) timeS, timeS, null, 3.4, 0.0, 100.2, 100.0, 2, 1);
    }

    private static FindingContext context(String cellId) {
        return new FindingContext(cellId, "lab1", "oven1", 1, List.of());
    }
}
