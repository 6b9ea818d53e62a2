package io.cellwatch.edge.reader;

import java.nio.file.Path;
import java.util.function.DoubleUnaryOperator;
import java.util.function.ToDoubleFunction;

/** Header lookups that fail with a file-level message naming what was looked for. */
final class ColumnLookup {

    private final Header header;
    private final Path file;

    ColumnLookup(Header header, Path file) {
        this.header = header;
        this.file = file;
    }

    Column required(String what, String... names) throws CyclerFileException {
        return header.find(names).orElseThrow(() -> new CyclerFileException(
                file + ": no " + what + " column (looked for " + String.join(", ", names) + ")"));
    }

    /** The first matching column, or null. */
    Column optional(String... names) {
        return header.find(names).orElse(null);
    }

    /** The factor of {@code c}'s unit (1 for no column), or a file-level error for an unknown unit. */
    double factor(Column c, ToDoubleFunction<String> unitFactor) throws CyclerFileException {
        if (c == null) {
            return 1.0;
        }
        try {
            return unitFactor.applyAsDouble(c.unit());
        } catch (IllegalArgumentException e) {
            throw new CyclerFileException(file + ": column '" + c.label() + "': " + e.getMessage());
        }
    }

    /** The conversion of {@code c}'s temperature unit to °C (identity for no column). */
    DoubleUnaryOperator celsius(Column c) throws CyclerFileException {
        if (c == null) {
            return DoubleUnaryOperator.identity();
        }
        try {
            return Units.toCelsius(c.unit());
        } catch (IllegalArgumentException e) {
            throw new CyclerFileException(file + ": column '" + c.label() + "': " + e.getMessage());
        }
    }

    Header header() {
        return header;
    }

    /** {@code 'Current(A)'} or {@code none}, for notes. */
    static String describe(Column c) {
        return c == null ? "none" : "'" + c.label() + "'";
    }

    /** {@code "columns: voltage 'Voltage(V)', current 'Current(A)', ..."} from alternating names and columns. */
    static String columnsNote(Object... whatAndColumn) {
        StringBuilder sb = new StringBuilder("columns:");
        for (int k = 0; k + 1 < whatAndColumn.length; k += 2) {
            sb.append(k == 0 ? " " : ", ").append(whatAndColumn[k]).append(' ')
                    .append(describe((Column) whatAndColumn[k + 1]));
        }
        return sb.toString();
    }
}
