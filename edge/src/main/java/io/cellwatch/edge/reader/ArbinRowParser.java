package io.cellwatch.edge.reader;

import java.util.List;

/**
 * Arbin CSV exports: MITS Pro underscore headers ({@code Test_Time}, {@code Charge_Capacity},
 * {@code DateTime} as Unix seconds) and the newer style with units in the names ({@code Test Time (s)},
 * {@code Current (A)}, {@code Date Time} as {@code \t09/20/2024 08:32:34.558}, {@code Aux_Temperature_1 (C)}).
 * Cycle and step columns may be empty on every row (→ null).
 */
final class ArbinRowParser {

    private ArbinRowParser() {
    }

    static RowParser create(Header header, ParserSetup setup) throws CyclerFileException {
        ColumnLookup cols = new ColumnLookup(header, setup.file());
        Column testTime = cols.optional("test time");
        Column date = cols.optional("datetime", "date time");
        if (testTime == null && date == null) {
            throw new CyclerFileException(setup.file() + ": no time column (looked for Test_Time, Test Time (s),"
                    + " DateTime, Date Time)");
        }
        Column current = cols.required("current", "current");
        Column voltage = cols.required("voltage", "voltage");
        Column cycle = cols.optional("cycle index");
        Column step = cols.optional("step index");
        Column charge = cols.optional("charge capacity");
        Column discharge = cols.optional("discharge capacity");
        // The first temperature channel is taken as the cell's: Arbin puts thermocouples on cells; a
        // chamber temperature would come from the chamber controller, not this export.
        Column temperature = cols.optional("temperature", "aux temperature 1", "temperature 1", "aux temperature");

        // Units: Arbin writes V, A, Ah, s and °C; the newer exports say so in the header and some labs
        // switch to mA/mAh there, so the factor always comes from the header's unit when it has one.
        // Sign: Arbin's current is positive on charge (its Charge_Capacity rises while it is positive),
        // the same as Sample, so it is flipped only if the options say the file is the other way.
        List<String> notes = List.of(ColumnLookup.columnsNote("voltage", voltage, "current", current,
                "test time", testTime,
                "wall clock", date, "cycle", cycle, "step", step, "charge counter", charge,
                "discharge counter", discharge, "cell temperature", temperature));
        return new CounterCsvRowParser(setup, cols, new CounterCsvRowParser.Columns(testTime, date, current, voltage,
                cycle, step, null, charge, discharge, temperature), notes);
    }
}
