package io.cellwatch.streams.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.cellwatch.edge.sim.Preset;
import io.cellwatch.edge.sim.SimulatedCell;
import io.cellwatch.telemetry.CellType;
import io.cellwatch.telemetry.Finding;
import io.cellwatch.telemetry.FindingType;
import io.cellwatch.telemetry.Sample;
import io.cellwatch.telemetry.Severity;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The soft-short rule "Coulombic efficiency against sibling cells in the same chamber": a {@link SimulatedChamber},
 * and the rule on its own with made-up efficiencies.
 */
class SiblingEfficiencyTest {

    private static final double START_S = SimulatedChamber.START_S;

    /**
     * 1.2 % of the charge lost: Coulombic efficiency ≈ 98.4 % and a leak of ≈ 0.006 C, inside the own rule's
     * limits (97 %, 0.01 C), 1.2 points below the siblings.
     */
    private static final double LEAK = 0.012;

    /** From {@code cycle} on, the discharge current scaled by 1 − LEAK: a leak without the simulator's drops. */
    private static UnaryOperator<Sample> leakingFrom(int cycle) {
        return s -> s.cycleIndex() == null || s.cycleIndex() < cycle || s.currentA() >= 0 ? s
                : new Sample(s.cellId(), s.seq(), s.timeS(), s.testTimeS(), s.voltageV(), s.currentA() * (1 - LEAK),
                        s.cellTemperatureC(), s.chamberTemperatureC(), s.stepIndex(), s.cycleIndex());
    }

    @Test
    void aCellLeakingOnePercentAmongHealthySiblingsIsWarnedAboutWhileItsOwnRulesStaySilent() {
        SimulatedChamber c = new SimulatedChamber();
        for (int i = 0; i < 4; i++) {
            c.add("ok" + i, Preset.CORE_SHELL_100C, 100L + i);
        }
        SimulatedChamber.Member leaky = c.add("leaky", Preset.CORE_SHELL_100C, 7L, leakingFrom(6));

        c.runUntilCycle(16);

        List<Finding> raised = c.raised(SiblingEfficiencyDetector.NAME);
        List<String> efficiencies = leaky.run.cycles.stream()
                .filter(r -> r.coulombicEfficiency() != null && !Boolean.TRUE.equals(r.provisional()))
                .map(r -> String.format("%d:%.2f", r.cycle(), r.coulombicEfficiency() * 100)).toList();
        System.out.printf("leaky cell CE by cycle %s; sibling rule first %s; the cell's own findings %d%n",
                efficiencies, raised.isEmpty() ? "none" : "cycle " + raised.get(0).cycle() + ": "
                        + raised.get(0).summary(), leaky.run.findings.size());

        assertThat(raised).isNotEmpty().allSatisfy(f -> {
            assertThat(f.cellId()).isEqualTo("leaky");
            assertThat(f.key()).isEqualTo("leaky");
            assertThat(f.scope()).isEqualTo(Finding.Scope.CELL);
            assertThat(f.type()).isEqualTo(FindingType.SOFT_SHORT);
            assertThat(f.severity()).isEqualTo(Severity.WARNING);
            assertThat(f.window()).allSatisfy(s -> assertThat(s.cellId()).isEqualTo("leaky"));
        });
        Finding first = raised.get(0);
        assertThat(first.evidence()).containsKeys("coulombic_efficiency", "sibling_median_coulombic_efficiency",
                "sibling_mad_coulombic_efficiency", "threshold_coulombic_efficiency", "siblings");
        assertThat(first.evidence().get("siblings")).isEqualTo(4.0);
        assertThat(first.evidence().get("coulombic_efficiency")).isGreaterThan(0.97)
                .isLessThan(first.evidence().get("threshold_coulombic_efficiency"));
        assertThat(first.cycle()).as("leaking from cycle 6, two cycles to confirm").isEqualTo(7);
        assertThat(leaky.run.findings.stream().map(Finding::summary).toList())
                .as("its own rules (97 %, leak rate, drops, noise) see nothing wrong").isEmpty();
    }

    @Test
    void aHealthyChamberOfSeveralPresetsRaisesNothingUntilHkust1sShort() {
        SimulatedChamber c = new SimulatedChamber();
        for (int i = 0; i < 4; i++) {
            c.add("cs" + i, Preset.CORE_SHELL_100C, 10L + i);
        }
        c.add("zif8a", Preset.ZIF8_100C, 8L);
        c.add("zif8b", Preset.ZIF8_100C, 9L);
        c.add("hkust1", Preset.HKUST1_100C, 11L); // its dendrite shorts it in cycle 29: run to before that

        c.runUntilCycle(27);

        List<Finding> raised = c.raised(SiblingEfficiencyDetector.NAME);
        System.out.printf("healthy chamber of 7 to cycle 27: %d sibling-efficiency findings%n", raised.size());
        assertThat(raised.stream().map(Finding::summary).toList()).isEmpty();
        assertThat(c.detectors.state().siblingEfficiency().cells()).as("every cell was read").hasSize(7);
    }

    // ---- the rule on its own --------------------------------------------------------------------------------

    private final SiblingEfficiencyDetector rule = new SiblingEfficiencyDetector(
            SiblingEfficiencyDetector.Config.defaults(), 1800.0);

    /** Four siblings at 99.5–99.7 % in cycle {@code cycle}, then {@code cell} with {@code ce}. */
    private SiblingEfficiencyDetector.Outcome judge(SiblingEfficiencyDetector.State st, int cycle, double ce,
            String chemistryOfSiblings, double atS) {
        double[] siblings = {0.995, 0.996, 0.996, 0.997};
        for (int i = 0; i < siblings.length; i++) {
            st = rule.onReading(st, sample("s" + i, atS), new SiblingEfficiencyDetector.CycleEfficiency(cycle,
                    siblings[i]), CellType.FULL, chemistryOfSiblings, context("s" + i)).state();
        }
        return rule.onReading(st, sample("cell", atS), new SiblingEfficiencyDetector.CycleEfficiency(cycle, ce),
                CellType.FULL, "Li||LFP", new FindingContext("cell", "lab1", "oven1", cycle, List.of()));
    }

    @Test
    void twoCyclesBelowTheSiblingsRaiseOneWarningAndTwoCyclesBackInLineClearIt() {
        SiblingEfficiencyDetector.State st = SiblingEfficiencyDetector.State.INITIAL;
        SiblingEfficiencyDetector.Outcome o = judge(st, 5, 0.985, "Li||LFP", 1000);
        assertThat(o.findings()).as("one cycle is not enough (2 of 2)").isEmpty();
        o = judge(o.state(), 6, 0.984, "Li||LFP", 2000);
        assertThat(o.findings()).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.WARNING);
            assertThat(f.cycle()).isEqualTo(6);
            assertThat(f.evidence().get("sibling_median_coulombic_efficiency")).isEqualTo(0.996);
            assertThat(f.evidence().get("threshold_coulombic_efficiency")).isCloseTo(0.991, org.assertj.core.data.Offset.offset(1e-9));
            assertThat(f.summary()).contains("98.40 %").contains("cycle 6").contains("4 sibling cells");
        });
        // the same cycle again (every reading of the cell carries it): judged once
        assertThat(rule.onReading(o.state(), sample("cell", 2060), new SiblingEfficiencyDetector.CycleEfficiency(6,
                0.984), CellType.FULL, "Li||LFP", context("cell")).findings()).isEmpty();
        o = judge(o.state(), 7, 0.995, "Li||LFP", 3000);
        assertThat(o.findings()).isEmpty();
        o = judge(o.state(), 8, 0.996, "Li||LFP", 4000);
        assertThat(o.findings()).singleElement().satisfies(f -> assertThat(f.cleared()).isTrue());
    }

    @Test
    void withinHalfAPointOfTheSiblingsIsNormalEvenWhenTheyAgreeClosely() {
        SiblingEfficiencyDetector.State st = SiblingEfficiencyDetector.State.INITIAL;
        for (int cycle = 2; cycle < 10; cycle++) {
            SiblingEfficiencyDetector.Outcome o = judge(st, cycle, 0.9915, "Li||LFP", 1000.0 * cycle);
            assertThat(o.findings()).isEmpty();
            st = o.state();
        }
    }

    @Test
    void cellsOfAnotherChemistryStaleSiblingsAndDistantCyclesAreNotSiblings() {
        // other chemistry: no sibling, nothing judged
        SiblingEfficiencyDetector.Outcome o = judge(SiblingEfficiencyDetector.State.INITIAL, 5, 0.95,
                "Li||NMC", 1000);
        o = judge(o.state(), 6, 0.95, "Li||NMC", 2000);
        assertThat(o.findings()).isEmpty();

        // same chemistry, but the siblings last reported 20 minutes before the cell's readings
        SiblingEfficiencyDetector.State st = judge(SiblingEfficiencyDetector.State.INITIAL, 5, 0.996, "Li||LFP", 1000)
                .state();
        st = rule.onReading(st, sample("cell", 2200), new SiblingEfficiencyDetector.CycleEfficiency(6, 0.95),
                CellType.FULL, "Li||LFP", context("cell")).state();
        assertThat(rule.onReading(st, sample("cell", 2300), new SiblingEfficiencyDetector.CycleEfficiency(7, 0.95),
                CellType.FULL, "Li||LFP", context("cell")).findings()).isEmpty();

        // siblings fresh, but 10 cycles ahead of the cell
        st = judge(SiblingEfficiencyDetector.State.INITIAL, 15, 0.996, "Li||LFP", 1000).state();
        st = rule.onReading(st, sample("cell", 1010), new SiblingEfficiencyDetector.CycleEfficiency(5, 0.95),
                CellType.FULL, "Li||LFP", context("cell")).state();
        assertThat(rule.onReading(st, sample("cell", 1020), new SiblingEfficiencyDetector.CycleEfficiency(6, 0.95),
                CellType.FULL, "Li||LFP", context("cell")).findings()).isEmpty();
    }

    @Test
    void onlyFinalCompleteCyclesPastFormationOfCellsWithAnEfficiencyAreJudged() {
        int formation = DetectionConfig.defaults().softShort().formationCycles();
        assertThat(SiblingEfficiencyDetector.CycleEfficiency.of(null, CellType.FULL, formation)).isNull();
        SimulatedRun run = SimulatedRun.of(new SimulatedCell("c", Preset.CORE_SHELL_100C, 1L, 10.0, START_S), 4);
        var first = run.cycles.stream().filter(r -> r.cycle() == 1 && !Boolean.TRUE.equals(r.provisional()))
                .findFirst().orElseThrow();
        var third = run.cycles.stream().filter(r -> r.cycle() == 3 && !Boolean.TRUE.equals(r.provisional()))
                .findFirst().orElseThrow();
        assertThat(SiblingEfficiencyDetector.CycleEfficiency.of(first, CellType.FULL, formation)).as("formation").isNull();
        assertThat(SiblingEfficiencyDetector.CycleEfficiency.of(third, CellType.FULL, formation))
                .isEqualTo(new SiblingEfficiencyDetector.CycleEfficiency(3, third.coulombicEfficiency()));
        assertThat(SiblingEfficiencyDetector.CycleEfficiency.of(third, CellType.SYMMETRIC, formation)).isNull();
        assertThat(run.detectors.lastEfficiency()).as("the cell's detectors keep the last one for the chamber")
                .isEqualTo(new SiblingEfficiencyDetector.CycleEfficiency(3, third.coulombicEfficiency()));
    }

    private static Sample sample(String cellId, double timeS) {
        return new Sample(cellId, (long) timeS, timeS, null, 3.4, 0.0008, 100.2, 100.0, 1, 1);
    }

    private static FindingContext context(String cellId) {
        return new FindingContext(cellId, "lab1", "oven1", null, List.of());
    }
}
