package io.cellwatch.streams.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.cellwatch.telemetry.CycleResult;
import io.cellwatch.telemetry.CycleResult.EfficiencyConvention;
import io.cellwatch.telemetry.CycleResult.Rule;
import java.io.IOException;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class CycleCsvTest {

    @Test
    void headerStartsWithTheFourColumnsScriptsRelyOnAndNamesEveryUnit() {
        assertThat(CycleCsv.header()).startsWith("cycle,charge_ah,discharge_ah,coulombic_efficiency,");
        assertThat(CycleCsv.columns()).contains("charge_energy_wh", "discharge_energy_wh",
                "specific_discharge_capacity_mah_g", "retention_ratio", "mean_charge_voltage_v", "polarization_v",
                "duration_s", "max_temperature_c", "complete").doesNotHaveDuplicates();
    }

    @Test
    void unknownFiguresAreEmptyFieldsNeverNullOrNaNText() {
        String row = CycleCsv.row(cycle("cell-1", 3, 0.00025, null, Double.NaN));
        String[] fields = row.split(",", -1);

        assertThat(fields).hasSize(CycleCsv.columns().size());
        assertThat(fields[0]).isEqualTo("3");
        assertThat(fields[1]).isEqualTo("0.00025");
        assertThat(fields[2]).isEmpty();
        assertThat(fields[3]).isEmpty();
        assertThat(row).doesNotContain("null").doesNotContain("NaN");
    }

    @Test
    void numbersAreWrittenInPlainDecimalsThatParseBackToTheSameDouble() {
        double tiny = 1.2345678901234567e-7;
        String field = CycleCsv.row(cycle("c", 1, tiny, 1e6, 0.99871234)).split(",", -1)[1];

        assertThat(field).doesNotContain("E");
        assertThat(Double.parseDouble(field)).isEqualTo(tiny);
    }

    @Test
    void aCellIdWithACommaIsQuoted() {
        String row = CycleCsv.row(cycle("rack 1, ch \"7\"", 1, 1.0, 1.0, 1.0));

        assertThat(row).endsWith(",\"rack 1, ch \"\"7\"\"\"");
    }

    @Test
    void theWriterPutsTheHeaderFirstAndOneLinePerCycle() throws IOException {
        StringWriter out = new StringWriter();
        try (CycleCsvWriter writer = new CycleCsvWriter(out)) {
            writer.cycle(cycle("c", 1, 1.0, 0.99, 0.99));
            writer.cycle(cycle("c", 2, 1.0, 0.98, 0.98));
        }

        List<String> lines = out.toString().lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).isEqualTo(CycleCsv.header());
        assertThat(lines.get(2)).startsWith("2,1.0,0.98,0.98,");
    }

    private static CycleResult cycle(String cellId, int n, Double chargeAh, Double dischargeAh, Double ce) {
        return new CycleResult(cellId, n, Rule.CYCLER_COUNTER, false, true, 0.0, 3600.0, 3600.0, 360L, 3.0, 3.0,
                chargeAh, dischargeAh, null, null, null, null, EfficiencyConvention.DISCHARGE_OVER_CHARGE, ce, null,
                null, null, null, null, null, null, null, null, null, null, null, null, null, 0L, List.of(), List.of(),
                0);
    }
}
