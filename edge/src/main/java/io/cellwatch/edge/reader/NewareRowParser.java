package io.cellwatch.edge.reader;

import java.util.List;

/**
 * Neware BTS CSV exports: {@code Cumulative Time} (or {@code Total Time}) as h:mm:ss past 24 h
 * ({@code 138:59:44}), {@code Current(A)} or {@code Current(mA)}, per-step counters
 * {@code Chg. Cap.(Ah)}/{@code DChg. Cap.(Ah)} (or mAh), a local {@code Date}, a {@code Step Type} label.
 */
final class NewareRowParser {

    private NewareRowParser() {
    }

    static RowParser create(Header header, ParserSetup setup) throws CyclerFileException {
        ColumnLookup cols = new ColumnLookup(header, setup.file());
        Column testTime = cols.optional("cumulative time", "total time", "test time");
        Column date = cols.optional("date", "realtime", "absolute time", "system time");
        if (testTime == null && date == null) {
            throw new CyclerFileException(setup.file() + ": no time column (looked for Cumulative Time, Total Time,"
                    + " Test Time, Date, Realtime)");
        }
        Column current = cols.required("current", "current", "cur");
        Column voltage = cols.required("voltage", "voltage");
        Column cycle = cols.optional("cycle index", "cycle id", "cycle");
        Column step = cols.optional("step index", "step id", "step");
        Column stepType = cols.optional("step type", "status");
        Column charge = cols.optional("chg. cap.", "charge capacity", "capacitance chg");
        Column discharge = cols.optional("dchg. cap.", "discharge capacity", "capacitance dchg");
        // First auxiliary temperature = the cell's (Neware's T1 is the probe on the cell).
        Column temperature = cols.optional("t1", "temperature", "aux. temperature", "temperature 1",
                "aux temperature");
        // Units: the header names them (Current(A) vs Current(mA), Chg. Cap.(Ah) vs (mAh)), and Neware
        // exports use both depending on the channel's range setting, so the header's unit always decides.
        // Sign: Neware writes discharge current negative (positive on charge, as Sample); the reader
        // confirms this against the Step Type labels before trusting it (CyclerFileReader).
        List<String> notes = List.of(ColumnLookup.columnsNote("voltage", voltage, "current", current,
                "test time", testTime,
                "wall clock", date, "cycle", cycle, "step", step, "step type", stepType, "charge counter", charge,
                "discharge counter", discharge, "cell temperature", temperature));
        return new CounterCsvRowParser(setup, cols, new CounterCsvRowParser.Columns(testTime, date, current, voltage,
                cycle, step, stepType, charge, discharge, temperature), notes);
    }
}
