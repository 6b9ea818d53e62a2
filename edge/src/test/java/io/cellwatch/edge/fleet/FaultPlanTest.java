package io.cellwatch.edge.fleet;

import io.cellwatch.edge.sim.Fault;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FaultPlanTest {

    private static final double START = 1_000_000.0;

    @Test
    void everyKindParsesToItsFaultWithTimesAfterTheFleetStart() {
        assertThat(FaultPlan.parse("ch003:hard-short@29").factory().at(START)).isEqualTo(new Fault.HardShort(29));
        assertThat(FaultPlan.parse("ch004:soft-short@10").factory().at(START)).isEqualTo(new Fault.SoftShort(10));
        assertThat(FaultPlan.parse("ch005:thermal-runaway@2h").factory().at(START))
                .isEqualTo(new Fault.ThermalRunaway(START + 7200));
        assertThat(FaultPlan.parse("ch006:stuck-sensor@90s").factory().at(START))
                .isEqualTo(new Fault.StuckTemperatureSensor(START + 90));
        assertThat(FaultPlan.parse("ch008:silence@1h/30m").factory().at(START))
                .isEqualTo(new Fault.ChannelSilence(START + 3600, 1800));
        FaultPlan hot = FaultPlan.parse("oven-100c:chamber-hot@3h/15K");
        assertThat(hot.chamberWide()).isTrue();
        assertThat(hot.target()).isEqualTo("oven-100c");
        assertThat(hot.factory().at(START)).isEqualTo(new Fault.ChamberOverTemperature(START + 10800, 15.0));
    }

    @Test
    void mistakesAreExplainedWithAnExample() {
        assertThatThrownBy(() -> FaultPlan.parse("ch003 hard short")).hasMessageContaining("ch003:hard-short@29");
        assertThatThrownBy(() -> FaultPlan.parse("ch003:meltdown@2h")).hasMessageContaining("unknown kind 'meltdown'");
        assertThatThrownBy(() -> FaultPlan.parse("ch003:thermal-runaway@2")).hasMessageContaining("needs a unit");
        assertThatThrownBy(() -> FaultPlan.parse("ch003:hard-short@2h")).hasMessageContaining("cycle number");
        assertThatThrownBy(() -> FaultPlan.parse("ch008:silence@1h")).hasMessageContaining("duration");
        assertThatThrownBy(() -> FaultPlan.parse("oven:chamber-hot@1h/15m")).hasMessageContaining("K unit");
    }
}
