package io.cellwatch.streams.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.cellwatch.telemetry.CycleResult;
import io.cellwatch.telemetry.Finding;
import io.cellwatch.telemetry.FindingType;
import io.cellwatch.telemetry.Severity;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShortDetectorsTest {

    private static final double I = 0.001;  // 1 mA on the 1 mAh cell: 1C

    @Test
    void shortIsFlaggedWhenVoltageStallsBelowCutoffWhileChargeRunsPastCapacity() {
        Synthetic cell = new Synthetic();
        // 2 h at 1C with the voltage stuck on the plateau: 2 × nominal, never near 4.2 V.
        for (int i = 0; i < 720; i++) {
            cell.sample(3.40 - 1e-5 * i, I, 100.0, 100.0);
        }
        List<Finding> hard = cell.of(FindingType.HARD_SHORT);
        assertThat(hard).isNotEmpty();
        assertThat(hard.get(0).severity()).isEqualTo(Severity.CRITICAL);
        double ratio = hard.get(0).evidence().get("charge_ratio");
        assertThat(ratio).as("critical beyond 1.2 × Q_ref with a stalled voltage").isBetween(1.2, 1.25);
        assertThat(hard.get(0).summary()).contains("mAh").contains("3.39")
                .containsPattern("delivered lately, and the voltage is still 3\\.39\\d V, no voltage rise for \\d+ min:");
        // the condition still holds in the rest after it (the interlock's pause): repeated without a voltage clause
        for (int i = 0; i < 200; i++) {
            cell.sample(3.30, 0.0, 100.0, 100.0);
        }
        List<Finding> repeated = cell.of(FindingType.HARD_SHORT).stream()
                .filter(f -> f.timeS() > hard.get(hard.size() - 1).timeS()).toList();
        assertThat(repeated).as("reported again after 30 min").isNotEmpty();
        assertThat(repeated).extracting(Finding::summary).allSatisfy(text -> assertThat(text)
                .contains("delivered lately: charge leaking").doesNotContain(",:").doesNotContain(",,"));
    }

    @Test
    void aHealthyChargeToTheCutoffRaisesNothing() {
        Synthetic cell = new Synthetic();
        for (int i = 0; i < 330; i++) {                          // 55 min, voltage rising to 4.2 V
            cell.sample(3.40 + 0.8 * Math.pow(i / 330.0, 8), I, 100.0, 100.0);
        }
        for (int i = 0; i < 60; i++) {
            cell.sample(3.45, 0.0, 100.0, 100.0);
        }
        assertThat(cell.findings).isEmpty();
    }

    @Test
    void chargeBeyondOneAndAHalfCapacitiesIsCriticalEvenWhileTheVoltageStillCreeps() {
        Synthetic cell = new Synthetic();
        for (int i = 0; i < 720; i++) {
            cell.sample(3.40 + 2e-4 * i, I, 100.0, 100.0);       // rises 1.2 mV per minute: never stalls
        }
        Finding first = cell.of(FindingType.HARD_SHORT).get(0);
        assertThat(first.severity()).isEqualTo(Severity.WARNING);
        assertThat(cell.of(FindingType.HARD_SHORT)).anySatisfy(f -> {
            assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(f.evidence().get("charge_ratio")).isGreaterThan(1.5);
        });
        assertThat(cell.of(FindingType.HARD_SHORT)).extracting(Finding::summary)
                .allSatisfy(text -> assertThat(text).doesNotContain(",:").doesNotContain(",,"));
    }

    @Test
    void collapsedCoulombicEfficiencyOfAFinishedCycleIsCritical() {
        Synthetic cell = new Synthetic();
        List<Finding> first = cell.detectors.onCycle(cycle(1, 0.00100, 0.00060));   // formation: not judged
        List<Finding> second = cell.detectors.onCycle(cycle(2, 0.00100, 0.00080));

        assertThat(first).filteredOn(f -> f.type() == FindingType.HARD_SHORT).isEmpty();
        assertThat(second).filteredOn(f -> f.type() == FindingType.HARD_SHORT).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(f.evidence().get("coulombic_efficiency")).isEqualTo(0.8);
            assertThat(f.cycle()).isEqualTo(2);
        });
    }

    @Test
    void chargePersistentlyAboveDischargeIsASoftShortAfterThreeCycles() {
        Synthetic cell = new Synthetic();
        List<Finding> findings = new java.util.ArrayList<>();
        for (int n = 2; n <= 5; n++) {
            findings.addAll(cell.detectors.onCycle(cycle(n, 0.00100, 0.00095)));
        }
        List<Finding> soft = findings.stream().filter(f -> f.type() == FindingType.SOFT_SHORT).toList();
        assertThat(soft).as("raised at the third judged cycle, repeated at the next (cycles are 8000 s apart)")
                .extracting(Finding::cycle).containsExactly(4, 5);
        assertThat(soft).allSatisfy(f -> {
            assertThat(f.severity()).isEqualTo(Severity.WARNING);
            assertThat(f.evidence().get("median_coulombic_efficiency")).isEqualTo(0.95);
            assertThat(f.evidence().get("median_leak_c_rate")).isCloseTo(0.0225, org.assertj.core.data.Offset.offset(1e-9));
        });
    }

    @Test
    void aSuddenDropDuringConstantCurrentChargeIsASoftShortAndThreeInOneChargeAreCritical() {
        Synthetic cell = new Synthetic();
        double v = 3.40;
        int drops = 0;
        for (int i = 0; i < 300; i++) {
            v += 1e-4;
            double shown = v + (i % 2 == 0 ? 0.0002 : -0.0002);  // ±0.2 mV noise
            if (i == 100 || i == 150 || i == 200) {
                shown -= 0.030;
                drops++;
            }
            cell.sample(shown, I, 100.0, 100.0);
        }
        List<Finding> soft = cell.of(FindingType.SOFT_SHORT);
        assertThat(drops).isEqualTo(3);
        assertThat(soft).extracting(Finding::severity).containsExactly(Severity.WARNING, Severity.CRITICAL);
        assertThat(soft.get(0).evidence().get("drop_v")).isCloseTo(-0.030, org.assertj.core.data.Offset.offset(0.001));
        assertThat(soft.get(0).window()).last().extracting(s -> s.voltageV()).isEqualTo(soft.get(0).window()
                .get(soft.get(0).window().size() - 1).voltageV());
    }

    @Test
    void aCurrentStepIsNotASuddenDrop() {
        Synthetic cell = new Synthetic();
        for (int i = 0; i < 100; i++) {
            cell.sample(3.45, I, 100.0, 100.0);
        }
        for (int i = 0; i < 100; i++) {
            cell.sample(3.42, I / 2, 100.0, 100.0);              // 2C→1C-style step: −30 mV with the current
        }
        assertThat(cell.of(FindingType.SOFT_SHORT)).isEmpty();
    }

    /** A complete charge-first cycle with just the figures the detectors read. */
    static CycleResult cycle(int n, double chargeAh, double dischargeAh) {
        double start = Synthetic.T0 + n * 8000.0;
        return new CycleResult("syn", n, CycleResult.Rule.CYCLER_COUNTER, false, true, start, start + 8000.0, 8000.0,
                800L, 3.0, 3.0, chargeAh, dischargeAh, chargeAh * 3.45, dischargeAh * 3.35, null, null,
                CycleResult.EfficiencyConvention.DISCHARGE_OVER_CHARGE, dischargeAh / chargeAh, null, dischargeAh,
                0.001, dischargeAh / 0.001, null, null, 3.45, 3.35, 0.1, 0.1, null, null, 100.0, 100.5, 0L, List.of(),
                List.of(), 0);
    }
}
