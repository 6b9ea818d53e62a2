package io.cellwatch.streams.analytics;

import static org.assertj.core.api.Assertions.fail;

import io.cellwatch.edge.reader.CyclerFileReader;
import io.cellwatch.edge.reader.CyclerRow;
import io.cellwatch.edge.reader.CyclerRows;
import io.cellwatch.edge.reader.ReaderOptions;
import io.cellwatch.telemetry.CellMetadata;
import io.cellwatch.telemetry.CellType;
import io.cellwatch.telemetry.CycleResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The shared real cycler files ({@code /work/shared/data/cyclers}; tests run in the module folder, hence
 * {@code ../../shared/data/cyclers}) and a run of the analytics over one of them through the edge reader.
 */
final class RealCyclerFiles {

    private RealCyclerFiles() {
    }

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

        static Run of(Path file, CellType type, double nominalAh) throws IOException {
            CellMetadata meta = new CellMetadata("real-1", "lab", "chamber", "ch", type, null, nominalAh,
                    null, null, null, null, null, null, null);
            CellAnalytics analytics = new CellAnalytics(meta, AnalyticsOptions.defaults());
            List<CycleResult> cycles = new ArrayList<>();
            List<CounterRow> counters = new ArrayList<>();
            try (CyclerRows rows = CyclerFileReader.open(file, ReaderOptions.forCell("real-1"))) {
                for (CyclerRow row : rows) {
                    cycles.addAll(analytics.accept(row.sample()));
                    counters.add(new CounterRow(row.sample().timeS(), row.sample().stepIndex(), row.chargeCapacityAh(),
                            row.dischargeCapacityAh()));
                }
            }
            cycles.addAll(analytics.finish());
            return new Run(cycles, counters);
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
