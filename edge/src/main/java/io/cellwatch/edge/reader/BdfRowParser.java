package io.cellwatch.edge.reader;

import java.util.List;
import java.util.function.DoubleUnaryOperator;

/**
 * Battery Data Format CSV, label form ({@code Voltage / V}, {@code Test Time / h}) or machine form
 * ({@code voltage_volt}, {@code test_time_second}; renamed to labels by {@link BdfNames} before this
 * parser sees them).
 *
 * <p>Step column: {@code Step ID} (the program's step, BDF 1.3) is preferred, then {@code Step Count / 1}
 * (a never-repeating counter), then {@code Step Index / 1}. The BattMo export writes the program step
 * in {@code Step Index / 1} (restarting each cycle); BDF 1.3 redefines that name as a record counter
 * within the step, so a file from a newer writer may need {@code Step ID} to be meaningful.
 */
final class BdfRowParser implements RowParser {

    private final Column testTime;
    private final Column unixTime;
    private final Column current;
    private final Column voltage;
    private final Column cycle;
    private final Column step;
    private final Column stepType;
    private final Column charge;
    private final Column discharge;
    private final Column cellTemperature;
    private final Column chamberTemperature;
    private final double timeFactor;
    private final double unixFactor;
    private final double currentFactor;
    private final double voltageFactor;
    private final double chargeFactor;
    private final double dischargeFactor;
    private final DoubleUnaryOperator cellCelsius;
    private final DoubleUnaryOperator chamberCelsius;
    private final CurrentSign sign;
    private final List<String> notes;

    private BdfRowParser(ParserSetup setup, ColumnLookup cols) throws CyclerFileException {
        testTime = cols.optional("test time");
        unixTime = cols.optional("unix time");
        if (testTime == null && unixTime == null) {
            throw new CyclerFileException(setup.file() + ": no time column (looked for Test Time / s|ms|h,"
                    + " Unix Time / s|ms, test_time_second, unix_time_second)");
        }
        current = cols.required("current", "current");
        voltage = cols.required("voltage", "voltage");
        cycle = cols.optional("cycle count");
        step = cols.optional("step id", "step count", "step index");
        stepType = cols.optional("step type");
        charge = cols.optional("charging capacity", "charge capacity", "step charging capacity",
                "cycle charging capacity");
        discharge = cols.optional("discharging capacity", "discharge capacity", "step discharging capacity",
                "cycle discharging capacity");
        cellTemperature = cols.optional("temperature t1", "surface temperature", "surface temperature t1");
        chamberTemperature = cols.optional("ambient temperature");

        // Units: BDF puts the unit in every label and the writers differ (BattMo writes Test Time in
        // hours, the spec says seconds or ms), so every factor comes from the label's unit.
        // Sign: the spec says positive on charge, but the BattMo export is positive on discharge; the
        // reader decides per file from Step Type labels vs current signs (CyclerFileReader) and this
        // parser applies that decision.
        timeFactor = cols.factor(testTime, Units::timeFactor);
        unixFactor = cols.factor(unixTime, Units::timeFactor);
        currentFactor = cols.factor(current, Units::currentFactor);
        voltageFactor = cols.factor(voltage, Units::voltageFactor);
        chargeFactor = cols.factor(charge, Units::capacityFactor);
        dischargeFactor = cols.factor(discharge, Units::capacityFactor);
        cellCelsius = cols.celsius(cellTemperature);
        chamberCelsius = cols.celsius(chamberTemperature);
        sign = setup.currentSign();
        notes = List.of(ColumnLookup.columnsNote("voltage", voltage, "current", current, "test time", testTime,
                "unix time", unixTime, "cycle", cycle, "step", step, "step type", stepType,
                "charge counter", charge, "discharge counter", discharge, "cell temperature", cellTemperature,
                "chamber temperature", chamberTemperature));
    }

    static BdfRowParser create(Header header, ParserSetup setup) throws CyclerFileException {
        return new BdfRowParser(setup, new ColumnLookup(header, setup.file()));
    }

    @Override
    public Reading parse(Fields f) throws BadValueException {
        double v = f.number(voltage) * voltageFactor;
        double i = SignRules.positiveOnCharge(f.number(current) * currentFactor, sign);
        Double t = f.optionalSeconds(testTime, timeFactor);
        Double epoch = Fields.scaled(f.optionalNumber(unixTime), unixFactor);
        if (t == null && epoch == null) {
            throw new BadValueException(testTime != null ? testTime : unixTime, "",
                    "row has neither test time nor unix time");
        }
        Double cell = f.optionalNumber(cellTemperature);
        Double chamber = f.optionalNumber(chamberTemperature);
        String label = f.optionalText(stepType);
        return new Reading(v, i, t, epoch,
                cell == null ? null : cellCelsius.applyAsDouble(cell),
                chamber == null ? null : chamberCelsius.applyAsDouble(chamber),
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
