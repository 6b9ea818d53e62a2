package io.cellwatch.edge.reader;

import java.util.ArrayList;
import java.util.List;

/**
 * Maccor tab-separated text exports: a preamble, then {@code Rec#  Cyc#  Step  TestTime ...}.
 * Test time is {@code TestTime} as {@code 1d 06:27:47.15} or {@code Test (Sec)} in seconds;
 * {@code Amps} is unsigned or signed depending on the export and {@code State} (C/D/R/O) gives the
 * direction; {@code Amp-hr} is one counter that resets each step; {@code DPt Time} is the local wall
 * clock to the second; {@code Aux #k} values are followed by a {@code Units} column.
 */
final class MaccorRowParser implements RowParser {

    /** An auxiliary channel: value column and the column that holds its unit text (" C  "). */
    private record AuxChannel(Column value, Column unit) {
    }

    private final Column testTime;
    private final Column date;
    private final Column current;
    private final Column voltage;
    private final Column cycle;
    private final Column step;
    private final Column state;
    private final Column ampHours;
    private final Column namedTemperature;
    private final List<AuxChannel> aux;
    private final double timeFactor;
    private final CurrentSign sign;
    private final DateTimes dates;
    private final List<String> notes = new ArrayList<>();

    private MaccorRowParser(ParserSetup setup, ColumnLookup cols) throws CyclerFileException {
        testTime = cols.optional("testtime", "test", "test time");
        date = cols.optional("dpt time");
        if (testTime == null && date == null) {
            throw new CyclerFileException(setup.file() + ": no time column (looked for TestTime, Test (Sec),"
                    + " DPt Time)");
        }
        current = cols.required("current", "amps", "current");
        voltage = cols.required("voltage", "volts", "voltage");
        cycle = cols.optional("cyc#", "cycle");
        step = cols.optional("step");
        state = cols.optional("state", "md");
        ampHours = cols.optional("amp-hr", "capacity");
        namedTemperature = cols.optional("temp 1", "temperature");
        aux = auxChannels(cols.header());

        // Units: Maccor writes V, A, Ah and seconds (or d hh:mm:ss text) and has no unit variants in
        // these columns; only "Test (Sec)" style headers carry a unit, honoured via timeFactor.
        // Sign: see SignRules.maccorCurrent - the State letter decides, because Amps is unsigned in some
        // exports. Without a State column the signed Amps is taken in the file's convention.
        timeFactor = cols.factor(testTime, Units::timeFactor);
        sign = setup.currentSign();
        dates = new DateTimes(setup.zone());
        notes.add(ColumnLookup.columnsNote("voltage", voltage, "current", current, "state", state,
                "test time", testTime, "wall clock", date, "cycle", cycle, "step", step,
                "step counter (charge on C rows, discharge on D rows)", ampHours));
        notes.add("cell temperature: " + (namedTemperature != null ? ColumnLookup.describe(namedTemperature)
                : "first Aux channel whose Units column is a temperature (" + aux.size() + " Aux channels)")
                + "; values are passed through as written, sensor faults included");
    }

    static MaccorRowParser create(Header header, ParserSetup setup) throws CyclerFileException {
        return new MaccorRowParser(setup, new ColumnLookup(header, setup.file()));
    }

    private static List<AuxChannel> auxChannels(Header header) {
        List<AuxChannel> out = new ArrayList<>();
        List<Column> cs = header.columns();
        for (int k = 0; k + 1 < cs.size(); k++) {
            if (cs.get(k).name().startsWith("aux #") && cs.get(k + 1).name().equals("units")) {
                out.add(new AuxChannel(cs.get(k), cs.get(k + 1)));
            }
        }
        return out;
    }

    @Override
    public Reading parse(Fields f) throws BadValueException {
        String stateText = f.optionalText(state);
        StepKind kind = StepKind.ofMaccorState(stateText);
        double v = f.number(voltage);
        double amps = f.number(current);
        double i = state != null ? SignRules.maccorCurrent(amps, kind) : SignRules.positiveOnCharge(amps, sign);
        Double t = f.optionalSeconds(testTime, timeFactor);
        Double epoch = f.optionalEpochSeconds(date, dates);
        if (t == null && epoch == null) {
            throw new BadValueException(testTime != null ? testTime : date, "", "row has neither test time nor date");
        }
        Double ah = f.optionalNumber(ampHours);
        Double ahAbs = ah == null ? null : Math.abs(ah);
        return new Reading(v, i, t, epoch, cellTemperature(f), null,
                f.optionalInteger(step), f.optionalInteger(cycle),
                kind == StepKind.CHARGE ? ahAbs : null,
                kind == StepKind.DISCHARGE ? ahAbs : null,
                stateText, kind);
    }

    private Double cellTemperature(Fields f) throws BadValueException {
        if (namedTemperature != null) {
            return f.optionalNumber(namedTemperature);
        }
        for (AuxChannel a : aux) {
            String unit = f.text(a.unit());
            if (unit != null && !unit.isBlank() && Units.isTemperature(unit.strip())) {
                Double value = f.optionalNumber(a.value());
                return value == null ? null : Units.toCelsius(unit.strip()).applyAsDouble(value);
            }
        }
        return null;
    }

    @Override
    public boolean signNeedsVote() {
        // The State letter gives each row's direction; there is no file-wide convention to vote on.
        return false;
    }

    @Override
    public List<String> notes() {
        return notes;
    }
}
