package io.cellwatch.streams.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.cellwatch.edge.reader.CyclerRow;
import org.assertj.core.api.recursive.comparison.RecursiveComparisonConfiguration;
import io.cellwatch.streams.replay.CycleCsv;
import io.cellwatch.streams.replay.CycleCsvWriter;
import io.cellwatch.streams.replay.FileReplay;
import io.cellwatch.streams.replay.ReplayListener;
import io.cellwatch.telemetry.CellMetadata;
import io.cellwatch.telemetry.CellType;
import io.cellwatch.telemetry.CycleResult;
import io.cellwatch.telemetry.CycleResult.EfficiencyConvention;
import io.cellwatch.telemetry.CycleResult.Rule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The shared real cycler files ({@code /work/shared/data/cyclers}; tests run in the module folder, hence
 * {@code ../../shared/data/cyclers}) and a run of the analytics over one of them through {@link FileReplay}
 * (the edge reader and {@code CellAnalytics}), in memory or through the cycle CSV.
 */
final class RealCyclerFiles {

    private RealCyclerFiles() {
    }

    /** -0.0 equals 0.0 (Double.equals and Double.compare tell them apart). */
    private static final Comparator<Double> NUMERICALLY = (a, b) -> a.doubleValue() == b.doubleValue() ? 0
            : Double.compare(a, b);

    /** What the cycler's own counters said on one row. */
    record CounterRow(double timeS, Integer stepIndex, Double chargeAh, Double dischargeAh) {
    }

    /** The analytics' results over one file, and the cycler's counters row by row. */
    record Run(List<CycleResult> cycles, List<CounterRow> counters) {

        double firstChargeCounterAh() {
            return counters.stream().filter(r -> r.chargeAh() != null).findFirst().orElseThrow().chargeAh();
        }

        double lastChargeCounterAh() {
            return counters.stream().filter(r -> r.chargeAh() != null).reduce((a, b) -> b).orElseThrow().chargeAh();
        }

        /**
         * Σ over the step runs between two times of each run's largest counter value: the capacity of those
         * steps by the cycler's own count, for counters that restart every step (Maccor, Neware, BattMo).
         */
        double[] stepCounterRise(double fromS, double toS) {
            double charge = 0;
            double discharge = 0;
            Integer step = null;
            double stepCharge = 0;
            double stepDischarge = 0;
            for (CounterRow r : counters) {
                if (r.timeS() < fromS || r.timeS() > toS) {
                    continue;
                }
                if (!r.stepIndex().equals(step)) {
                    charge += stepCharge;
                    discharge += stepDischarge;
                    stepCharge = 0;
                    stepDischarge = 0;
                    step = r.stepIndex();
                }
                stepCharge = Math.max(stepCharge, r.chargeAh() == null ? 0 : r.chargeAh());
                stepDischarge = Math.max(stepDischarge, r.dischargeAh() == null ? 0 : r.dischargeAh());
            }
            return new double[] {charge + stepCharge, discharge + stepDischarge};
        }

        /** The analytics over the file through {@link FileReplay}, the code behind {@code cellwatch replay}. */
        static Run of(Path file, CellType type, double nominalAh) throws IOException {
            List<CycleResult> cycles = new ArrayList<>();
            List<CounterRow> counters = new ArrayList<>();
            replay(file, type, nominalAh, new CountersAnd(counters, cycles::add));
            return new Run(cycles, counters);
        }

        /**
         * The same replay written to a {@link CycleCsv} file in {@code csvDir}, and the cycles read back from
         * that file: what a user of {@code cellwatch replay --cycles} gets. The CSV must carry every scalar
         * figure of every cycle exactly; only the step and DCIR lists are left out of it.
         */
        static Run throughCsv(Path file, CellType type, double nominalAh, Path csvDir) throws IOException {
            Path csv = csvDir.resolve(file.getFileName() + ".cycles.csv");
            List<CycleResult> inMemory = new ArrayList<>();
            List<CounterRow> counters = new ArrayList<>();
            try (CycleCsvWriter writer = CycleCsvWriter.create(csv)) {
                replay(file, type, nominalAh, ReplayListener.of(List.of(writer, new CountersAnd(counters, inMemory::add))));
            }
            List<String> lines = Files.readAllLines(csv);
            assertThat(lines.get(0)).as(csv + " header").isEqualTo(CycleCsv.header())
                    .startsWith("cycle,charge_ah,discharge_ah,coulombic_efficiency");
            assertThat(String.join("\n", lines)).as(csv + ": no null or NaN text").doesNotContain("null")
                    .doesNotContain("NaN");
            List<String> header = List.of(lines.get(0).split(",", -1));
            List<CycleResult> fromCsv = lines.subList(1, lines.size()).stream()
                    .map(line -> parse(header, line.split(",", -1))).toList();
            // Numerically equal: the CSV writes a fade rate of -0.0 as 0.0, on purpose.
            assertThat(fromCsv).as(csv + ": every scalar figure of every cycle, read back")
                    .usingRecursiveFieldByFieldElementComparator(RecursiveComparisonConfiguration.builder()
                            .withComparatorForType(NUMERICALLY, Double.class)
                            .build())
                    .containsExactlyElementsOf(inMemory.stream().map(Run::scalarsOnly).toList());
            return new Run(fromCsv, counters);
        }

        private static void replay(Path file, CellType type, double nominalAh, ReplayListener listener)
                throws IOException {
            CellMetadata meta = new CellMetadata("real-1", "lab", "chamber", "ch", type, null, nominalAh,
                    null, null, null, null, null, null, null);
            FileReplay.of(meta, AnalyticsOptions.defaults()).run(file, listener);
        }

        /** Collects the cycler's counters row by row and hands on each cycle. */
        private record CountersAnd(List<CounterRow> counters, Consumer<CycleResult> cycles) implements ReplayListener {
            @Override
            public void row(CyclerRow row) {
                counters.add(new CounterRow(row.sample().timeS(), row.sample().stepIndex(), row.chargeCapacityAh(),
                        row.dischargeCapacityAh()));
            }

            @Override
            public void cycle(CycleResult cycle) {
                cycles.accept(cycle);
            }
        }

        /** What the CSV carries of a cycle: everything but the lists and the provisional flag (always false). */
        private static CycleResult scalarsOnly(CycleResult c) {
            return new CycleResult(c.cellId(), c.cycle(), c.rule(), null, c.complete(), c.startTimeS(), c.endTimeS(),
                    c.durationS(), c.samples(), c.startVoltageV(), c.endVoltageV(), c.chargeAh(), c.dischargeAh(),
                    c.chargeWh(), c.dischargeWh(), c.specificChargeMahPerG(), c.specificDischargeMahPerG(),
                    c.efficiencyConvention(), c.coulombicEfficiency(), c.energyEfficiency(), c.deliveredAh(),
                    c.referenceAh(), c.retention(), c.fadeRatePerCycle(), c.projectedEndOfLifeCycle(),
                    c.meanChargeVoltageV(), c.meanDischargeVoltageV(), c.polarizationV(), c.midCapacityGapV(),
                    c.chargeOverpotentialV(), c.dischargeOverpotentialV(), c.meanTemperatureC(), c.maxTemperatureC(),
                    c.implausibleTemperatures(), null, null, null);
        }

        private static CycleResult parse(List<String> header, String[] fields) {
            assertThat(fields).as("fields of a CSV row").hasSameSizeAs(header);
            Function<String, String> f = name -> {
                assertThat(header).as("CSV columns").contains(name);
                String v = fields[header.indexOf(name)];
                return v.isEmpty() ? null : v;
            };
            Function<String, Double> d = name -> f.apply(name) == null ? null : Double.valueOf(f.apply(name));
            Function<String, Long> l = name -> f.apply(name) == null ? null : Long.valueOf(f.apply(name));
            Function<String, Integer> i = name -> f.apply(name) == null ? null : Integer.valueOf(f.apply(name));
            return new CycleResult(f.apply("cell_id"), i.apply("cycle"),
                    Rule.valueOf(f.apply("rule").toUpperCase(Locale.ROOT)), null,
                    Boolean.valueOf(f.apply("complete")), d.apply("start_time_s"), d.apply("end_time_s"),
                    d.apply("duration_s"), l.apply("samples"), d.apply("start_voltage_v"), d.apply("end_voltage_v"),
                    d.apply("charge_ah"), d.apply("discharge_ah"), d.apply("charge_energy_wh"),
                    d.apply("discharge_energy_wh"), d.apply("specific_charge_capacity_mah_g"),
                    d.apply("specific_discharge_capacity_mah_g"),
                    EfficiencyConvention.valueOf(f.apply("efficiency_convention").toUpperCase(Locale.ROOT)),
                    d.apply("coulombic_efficiency"), d.apply("energy_efficiency"), d.apply("delivered_ah"),
                    d.apply("reference_ah"), d.apply("retention_ratio"), d.apply("fade_rate_per_cycle"),
                    i.apply("projected_end_of_life_cycle"), d.apply("mean_charge_voltage_v"),
                    d.apply("mean_discharge_voltage_v"), d.apply("polarization_v"), d.apply("mid_capacity_gap_v"),
                    d.apply("charge_overpotential_v"), d.apply("discharge_overpotential_v"),
                    d.apply("mean_temperature_c"), d.apply("max_temperature_c"), l.apply("implausible_temperatures"),
                    null, null, null);
        }
    }

    static Path dir() {
        Path dir = Path.of("../../shared/data/cyclers").toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            fail("cycler data folder not found at " + dir + " (the streams module expects ../../shared/data/cyclers,"
                    + " i.e. /work/shared/data/cyclers next to the checkout)");
        }
        return dir;
    }

    static List<Path> dataFiles() throws IOException {
        try (Stream<Path> files = Files.walk(dir())) {
            return files.filter(Files::isRegularFile).filter(p -> {
                String n = p.getFileName().toString();
                return !n.endsWith(".reference.csv") && !n.startsWith("LICENSE") && !n.equals("README.md")
                        && !n.endsWith(".py");
            }).sorted().toList();
        }
    }

    static String relative(Path p) {
        return dir().relativize(p).toString().replace('\\', '/');
    }
}
