package io.cellwatch.edge.reader;

import java.util.List;
import java.util.function.DoubleUnaryOperator;

/**
 * The row layout Arbin and Neware CSV exports share: voltage, current, test time and/or wall clock,
 * cycle and step indices, per-step charge and discharge counters, one cell temperature, and (Neware)
 * a step-type label. The vendor classes only say which header names mean what; units always come
 * from the header, and the sign is the options' (positive on charge unless told otherwise).
 */
final class CounterCsvRowParser implements RowParser {

    /** The columns a vendor's header names resolved to; any but current and voltage may be null. */
    record Columns(Column testTime, Column date, Column current, Column voltage, Column cycle, Column step,
                   Column stepType, Column charge, Column discharge, Column temperature) {
    }

    private final Columns c;
    private final double timeFactor;
    private final double currentFactor;
    private final double voltageFactor;
    private final double chargeFactor;
    private final double dischargeFactor;
    private final DoubleUnaryOperator celsius;
    private final CurrentSign sign;
    private final DateTimes dates;
    private final List<String> notes;

    CounterCsvRowParser(ParserSetup setup, ColumnLookup cols, Columns c, List<String> notes)
            throws CyclerFileException {
        this.c = c;
        timeFactor = cols.factor(c.testTime(), Units::timeFactor);
        currentFactor = cols.factor(c.current(), Units::currentFactor);
        voltageFactor = cols.factor(c.voltage(), Units::voltageFactor);
        chargeFactor = cols.factor(c.charge(), Units::capacityFactor);
        dischargeFactor = cols.factor(c.discharge(), Units::capacityFactor);
        celsius = cols.celsius(c.temperature());
        sign = setup.currentSign();
        dates = new DateTimes(setup.zone());
        this.notes = List.copyOf(notes);
    }

    @Override
    public Reading parse(Fields f) throws BadValueException {
        double v = f.number(c.voltage()) * voltageFactor;
        double i = SignRules.positiveOnCharge(f.number(c.current()) * currentFactor, sign);
        Double t = f.optionalSeconds(c.testTime(), timeFactor);
        Double epoch = f.optionalEpochSeconds(c.date(), dates);
        if (t == null && epoch == null) {
            throw new BadValueException(c.testTime() != null ? c.testTime() : c.date(), "",
                    "row has neither test time nor date");
        }
        Double temp = f.optionalNumber(c.temperature());
        String label = c.stepType() == null ? null : f.optionalText(c.stepType());
        return new Reading(v, i, t, epoch,
                temp == null ? null : celsius.applyAsDouble(temp), null,
                f.optionalInteger(c.step()), f.optionalInteger(c.cycle()),
                Fields.scaled(f.optionalNumber(c.charge()), chargeFactor),
                Fields.scaled(f.optionalNumber(c.discharge()), dischargeFactor),
                label, StepKind.ofLabel(label));
    }

    /** Only a step-type label can confirm or overturn the current's sign (CyclerFileReader). */
    @Override
    public boolean signNeedsVote() {
        return c.stepType() != null;
    }

    @Override
    public List<String> notes() {
        return notes;
    }
}
