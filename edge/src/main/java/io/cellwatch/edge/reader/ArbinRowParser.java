package io.cellwatch.edge.reader;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleUnaryOperator;

/**
 * Arbin CSV exports: MITS Pro underscore headers ({@code Test_Time}, {@code Charge_Capacity},
 * {@code DateTime} as Unix seconds) and the newer style with units in the names ({@code Test Time (s)},
 * {@code Current (A)}, {@code Date Time} as {@code \t09/20/2024 08:32:34.558}, {@code Aux_Temperature_1 (C)}).
 * Cycle and step columns may be empty on every row (→ null).
 */
final class ArbinRowParser implements RowParser {

    private final Column testTime;
    private final Column date;
    private final Column current;
    private final Column voltage;
    private final Column cycle;
    private final Column step;
    private final Column charge;
    private final Column discharge;
    private final Column temperature;
    private final double timeFactor;
    private final double currentFactor;
    private final double voltageFactor;
    private final double chargeFactor;
    private final double dischargeFactor;
    private final DoubleUnaryOperator celsius;
    private final CurrentSign sign;
    private final DateTimes dates;
    private final List<String> notes = new ArrayList<>();

    private ArbinRowParser(ParserSetup setup, ColumnLookup cols) throws CyclerFileException {
        testTime = cols.optional("test time");
        date = cols.optional("datetime", "date time");
        if (testTime == null && date == null) {
            throw new CyclerFileException(setup.file() + ": no time column (looked for Test_Time, Test Time (s),"
                    + " DateTime, Date Time)");
        }
        current = cols.required("current", "current");
        voltage = cols.required("voltage", "voltage");
        cycle = cols.optional("cycle index");
        step = cols.optional("step index");
        charge = cols.optional("charge capacity");
        discharge = cols.optional("discharge capacity");
        // The first temperature channel is taken as the cell's: Arbin puts thermocouples on cells; a
        // chamber temperature would come from the chamber controller, not this export.
        temperature = cols.optional("temperature", "aux temperature 1", "temperature 1", "aux temperature");

        // Units: Arbin writes V, A, Ah, s and °C; the newer exports say so in the header and some labs
        // switch to mA/mAh there, so the factor always comes from the header's unit when it has one.
        // Sign: Arbin's current is positive on charge (its Charge_Capacity rises while it is positive),
        // the same as Sample, so it is flipped only if the options say the file is the other way.
        timeFactor = cols.factor(testTime, Units::timeFactor);
        currentFactor = cols.factor(current, Units::currentFactor);
        voltageFactor = cols.factor(voltage, Units::voltageFactor);
        chargeFactor = cols.factor(charge, Units::capacityFactor);
        dischargeFactor = cols.factor(discharge, Units::capacityFactor);
        celsius = cols.celsius(temperature);
        sign = setup.currentSign();
        dates = new DateTimes(setup.zone());

        notes.add(ColumnLookup.columnsNote("voltage", voltage, "current", current, "test time", testTime,
                "wall clock", date, "cycle", cycle, "step", step, "charge counter", charge,
                "discharge counter", discharge, "cell temperature", temperature));
    }

    static ArbinRowParser create(Header header, ParserSetup setup) throws CyclerFileException {
        return new ArbinRowParser(setup, new ColumnLookup(header, setup.file()));
    }

    @Override
    public Reading parse(Fields f) throws BadValueException {
        double v = f.number(voltage) * voltageFactor;
        double i = SignRules.positiveOnCharge(f.number(current) * currentFactor, sign);
        Double t = f.optionalSeconds(testTime, timeFactor);
        Double epoch = f.optionalEpochSeconds(date, dates);
        if (t == null && epoch == null) {
            throw new BadValueException(testTime != null ? testTime : date, "", "row has neither test time nor date");
        }
        Double temp = f.optionalNumber(temperature);
        return new Reading(v, i, t, epoch,
                temp == null ? null : celsius.applyAsDouble(temp), null,
                f.optionalInteger(step), f.optionalInteger(cycle),
                Fields.scaled(f.optionalNumber(charge), chargeFactor),
                Fields.scaled(f.optionalNumber(discharge), dischargeFactor),
                null, null);
    }

    @Override
    public boolean signNeedsVote() {
        return false;
    }

    @Override
    public List<String> notes() {
        return notes;
    }
}
