package io.cellwatch.streams.analytics;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@code FILE.reference.csv} written by {@code shared/data/cyclers/reference.py}: per cycler cycle, the
 * capacities from the cycler's own counters and from trapezoid integration of its current.
 */
record ReferenceTable(Map<Integer, Row> cycles) {

    record Row(int cycle, long rows, double chargeAh, double dischargeAh, double chargeAhIntegrated,
            double dischargeAhIntegrated) {
    }

    static ReferenceTable read(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        List<String> header = Arrays.asList(lines.get(0).split(","));
        Map<Integer, Row> rows = new LinkedHashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            String[] v = line.split(",");
            Row r = new Row(Integer.parseInt(v[header.indexOf("cycle")]), Long.parseLong(v[header.indexOf("rows")]),
                    Double.parseDouble(v[header.indexOf("charge_ah")]),
                    Double.parseDouble(v[header.indexOf("discharge_ah")]),
                    Double.parseDouble(v[header.indexOf("charge_ah_integrated")]),
                    Double.parseDouble(v[header.indexOf("discharge_ah_integrated")]));
            rows.put(r.cycle(), r);
        }
        return new ReferenceTable(rows);
    }

    double totalChargeAhIntegrated() {
        return cycles.values().stream().mapToDouble(Row::chargeAhIntegrated).sum();
    }

    double totalDischargeAhIntegrated() {
        return cycles.values().stream().mapToDouble(Row::dischargeAhIntegrated).sum();
    }

    double totalChargeAh() {
        return cycles.values().stream().mapToDouble(Row::chargeAh).sum();
    }

    double totalDischargeAh() {
        return cycles.values().stream().mapToDouble(Row::dischargeAh).sum();
    }
}
