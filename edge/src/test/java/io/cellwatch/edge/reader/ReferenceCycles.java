package io.cellwatch.edge.reader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A {@code FILE.reference.csv} made by {@code reference.py}: per cycler cycle, counters and integration. */
record ReferenceCycles(Map<Integer, Row> cycles) {

    record Row(int cycle, long rows, double chargeAh, double dischargeAh, double chargeAhIntegrated,
            double dischargeAhIntegrated) {
    }

    static ReferenceCycles read(Path referenceCsv) throws IOException {
        List<String> lines = Files.readAllLines(referenceCsv);
        List<String> header = Arrays.asList(lines.get(0).split(","));
        Map<Integer, Row> out = new LinkedHashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            String[] v = line.split(",");
            Row r = new Row(
                    Integer.parseInt(v[header.indexOf("cycle")]),
                    Long.parseLong(v[header.indexOf("rows")]),
                    Double.parseDouble(v[header.indexOf("charge_ah")]),
                    Double.parseDouble(v[header.indexOf("discharge_ah")]),
                    Double.parseDouble(v[header.indexOf("charge_ah_integrated")]),
                    Double.parseDouble(v[header.indexOf("discharge_ah_integrated")]));
            out.put(r.cycle(), r);
        }
        return new ReferenceCycles(out);
    }

    long totalRows() {
        return cycles.values().stream().mapToLong(Row::rows).sum();
    }
}
