package io.cellwatch.edge.reader;

import java.util.List;
import java.util.function.DoubleUnaryOperator;

/**
 * Neware BTS CSV exports: {@code Cumulative Time} (or {@code Total Time}) as h:mm:ss past 24 h
 * ({@code 138:59:44}), {@code Current(A)} or {@code Current(mA)}, per-step counters
 * {@code Chg. Cap.(Ah)}/{@code DChg. Cap.(Ah)} (or mAh), a local {@code Date}, a {@code Step Type} label.
 */
final class NewareRowParser implements RowParser {

    private final Column testTime;
    private final Column date;
    private final Column current;
    private final Column voltage;
    private final Column cycle;
    private final Column step;
    private final Column stepType;
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
    private final List<String> notes;

    private NewareRowParser(ParserSetup setup, ColumnLookup cols) throws CyclerFileException {
        testTime = cols.optional("cumulative time", "total time", "test time");
        date = cols.optional("date", "realtime", "absolute time", "system time");
        if (testTime == null && date == null) {
            throw new CyclerFileException(setup.file() + ": no time column (looked for Cumulative Time, Total Time,"
                    + " Test Time, Date, Realtime)");
        }
        current = cols.required("current", "current", "cur");
        voltage = cols.required("voltage", "voltage");
        cycle = cols.optional("cycle index", "cycle id", "cycle");
        step = cols.optional("step index", "step id", "step");
        stepType = cols.optional("step type", "status");
        charge = cols.optional("chg. cap.", "charge capacity", "capacitance chg");
        discharge = cols.optional("dchg. cap.", "discharge capacity", "capacitance dchg");
        // First auxiliary temperature = the cell's (Neware's T1 is the probe on the cell).
        temperature = cols.optional("t1", "temperature", "aux. temperature", "temperature 1", "aux temperature");

        // Units: the header names them (Current(A) vs Current(mA), Chg. Cap.(Ah) vs (mAh)), and Neware
        // exports use both depending on the channel's range setting, so the header's unit always decides.
        // Sign: Neware writes discharge current negative (positive on charge, as Sample); the reader
        // confirms this against the Step Type labels before trusting it (CyclerFileReader).
        timeFactor = cols.factor(testTime, Units::timeFactor);
        currentFactor = cols.factor(current, Units::currentFactor);
        voltageFactor = cols.factor(voltage, Units::voltageFactor);
        chargeFactor = cols.factor(charge, Units::capacityFactor);
        dischargeFactor = cols.factor(discharge, Units::capacityFactor);
        celsius = cols.celsius(temperature);
        sign = setup.currentSign();
        dates = new DateTimes(setup.zone());
        notes = List.of(ColumnLookup.columnsNote("voltage", voltage, "current", current, "test time", testTime,
                "wall clock", date, "cycle", cycle, "step", step, "step type", stepType, "charge counter", charge,
                "discharge counter", discharge, "cell temperature", temperature));
    }

    static NewareRowParser create(Header header, ParserSetup setup) throws CyclerFileException {
        return new NewareRowParser(setup, new ColumnLookup(header, setup.file()));
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
        String label = f.optionalText(stepType);
        return new Reading(v, i, t, epoch,
                temp == null ? null : celsius.applyAsDouble(temp), null,
                f.optionalInteger(step), f.optionalInteger(cycle),
                Fields.scaled(f.optionalNumber(charge), chargeFactor),
                Fields.scaled(f.optionalNumber(discharge), dischargeFactor),
                label, StepKind.ofLabel(label));
    }

    @Override
    public boolean signNeedsVote() {
        return stepType != null;
    }

    @Override
    public List<String> notes() {
        return notes;
    }
}
