package io.cellwatch.streams.metrics;

import io.cellwatch.telemetry.CellMetadata;
import io.cellwatch.telemetry.CellType;
import io.cellwatch.telemetry.CycleResult;
import io.cellwatch.telemetry.Finding;
import io.cellwatch.telemetry.FindingType;
import io.cellwatch.telemetry.MetricNames;
import io.cellwatch.telemetry.Sample;
import io.cellwatch.telemetry.Severity;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class CellGaugesTest {

    private static final CellMetadata CELL = new CellMetadata("lab1.oven.ch001", "lab1", "oven", "ch001", CellType.FULL,
            "LFP", 0.00078, null, null, 2.0, 4.2, 1.0, 100.0, 10.0);

    private final AtomicLong wallMs = new AtomicLong(1_000_000);
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final CellGauges gauges = new CellGauges(registry, wallMs::get);

    @Test
    void latestSampleValuesAreExportedPerCellWithHardwareLabels() {
        gauges.onSample(CELL, new Sample("lab1.oven.ch001", 1L, 1.0, 1.0, 3.412, -0.00078, 101.5, 100.0, 3, 7),
                wallMs.get() - 250);

        String scrape = registry.scrape();
        String labels = "{cell=\"lab1.oven.ch001\",chamber=\"oven\",channel=\"ch001\",lab=\"lab1\"}";
        assertThat(scrape)
                .contains(MetricNames.prometheus(MetricNames.CELL_VOLTAGE, false) + labels + " 3.412")
                .contains(MetricNames.prometheus(MetricNames.CELL_CURRENT, false) + labels + " -7.8E-4")
                .contains(MetricNames.prometheus(MetricNames.CELL_TEMPERATURE, false) + labels + " 101.5")
                .contains(MetricNames.prometheus(MetricNames.CHAMBER_TEMPERATURE, false) + labels + " 100.0")
                .contains(MetricNames.prometheus(MetricNames.CELL_CYCLE, false) + labels + " 7.0")
                .contains(MetricNames.prometheus(MetricNames.STREAMS_LAG, false) + " 0.25")
                .contains(MetricNames.prometheus(MetricNames.STREAMS_SAMPLES_PROCESSED, true) + " 1.0")
                // no cycle finished yet: a gap, not a false zero
                .contains(MetricNames.prometheus(MetricNames.CELL_DISCHARGE_CAPACITY, false) + labels + " NaN");

        wallMs.addAndGet(30_000);
        assertThat(registry.scrape()).contains(MetricNames.prometheus(MetricNames.CELL_LAST_SAMPLE_AGE, false) + labels + " 30.0");
    }

    @Test
    void finishedCyclesUpdateCapacityEfficiencyAndPolarizationButProvisionalOnesDoNot() {
        gauges.onCycle(CELL, cycle(4, false, 0.00070, 0.995, 0.12));
        gauges.onCycle(CELL, cycle(5, true, 0.00001, 0.5, 0.9));

        String scrape = registry.scrape();
        assertThat(scrape)
                .contains(MetricNames.prometheus(MetricNames.CELL_DISCHARGE_CAPACITY, false)
                        + "{cell=\"lab1.oven.ch001\",chamber=\"oven\",channel=\"ch001\",lab=\"lab1\"} 7.0E-4")
                .contains(MetricNames.prometheus(MetricNames.CELL_COULOMBIC_EFFICIENCY, false)
                        + "{cell=\"lab1.oven.ch001\",chamber=\"oven\",channel=\"ch001\",lab=\"lab1\"} 0.995")
                .contains(MetricNames.prometheus(MetricNames.CELL_POLARIZATION, false)
                        + "{cell=\"lab1.oven.ch001\",chamber=\"oven\",channel=\"ch001\",lab=\"lab1\"} 0.12")
                .contains(MetricNames.prometheus(MetricNames.STREAMS_CYCLES_COMPLETED, true) + " 1.0");
    }

    @Test
    void findingsAndDropsAreCountedByBoundedTags() {
        gauges.onFinding(new Finding(FindingType.THERMAL, Severity.WARNING, null, "c1", "lab1", "oven", 3, 1.0,
                "ThermalDetector", "hot", null, null, false));
        gauges.onDropped("c1", "duplicate");
        gauges.onDropped("c1", "duplicate");

        assertThat(registry.scrape())
                .contains(MetricNames.prometheus(MetricNames.STREAMS_FINDINGS, true) + "{severity=\"warning\",type=\"thermal\"} 1.0")
                .contains(MetricNames.prometheus(MetricNames.STREAMS_SAMPLES_DROPPED, true) + "{reason=\"duplicate\"} 2.0");
    }

    private static CycleResult cycle(int n, boolean provisional, double dischargeAh, double ce, double polarizationV) {
        return new CycleResult("lab1.oven.ch001", n, null, provisional, !provisional, 0.0, 1.0, 1.0, 10L, 3.0, 3.0,
                dischargeAh / ce, dischargeAh, null, null, null, null, null, ce, null, null, null, 0.98, null, null,
                null, null, polarizationV, null, null, null, null, null, null, null, null, null);
    }
}
