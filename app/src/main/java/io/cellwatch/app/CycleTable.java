package io.cellwatch.app;

import io.cellwatch.streams.replay.ReplayListener;
import io.cellwatch.telemetry.CycleResult;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * Cycles as a table for a person at a terminal, a line per cycle as each one finishes: capacities in mAh and
 * ratios in percent (the CSV and JSON keep Ah and fractions). An unknown figure is {@code -}.
 */
final class CycleTable implements ReplayListener {

    static final String HEADER = String.format(Locale.ROOT, "%6s %14s %14s %9s %11s %15s %12s %11s  %s",
            "cycle", "charge mAh", "discharge mAh", "CE %", "retention %", "polarization mV", "max temp °C",
            "duration h", "complete");

    private final PrintWriter out;
    private boolean headerPrinted;

    CycleTable(PrintWriter out) {
        this.out = out;
    }

    @Override
    public void cycle(CycleResult c) {
        if (!headerPrinted) {
            out.println(HEADER);
            headerPrinted = true;
        }
        out.println(row(c));
        out.flush();
    }

    static String row(CycleResult c) {
        return String.format(Locale.ROOT, "%6s %14s %14s %9s %11s %15s %12s %11s  %s",
                c.cycle() == null ? "-" : c.cycle().toString(),
                milli(c.chargeAh()), milli(c.dischargeAh()),
                number(c.coulombicEfficiency(), 100, "%.3f"), number(c.retention(), 100, "%.2f"),
                number(c.polarizationV(), 1000, "%.1f"), number(c.maxTemperatureC(), 1, "%.1f"),
                number(c.durationS(), 1 / 3600.0, "%.2f"),
                Boolean.TRUE.equals(c.complete()) ? "yes" : "no (data ended)");
    }

    /** Ah as mAh with four significant decimals for coin cells (0.2512 mAh) and fewer for large ones. */
    private static String milli(Double ah) {
        if (ah == null || !Double.isFinite(ah)) {
            return "-";
        }
        double mah = ah * 1000;
        return String.format(Locale.ROOT, Math.abs(mah) < 10 ? "%.4f" : Math.abs(mah) < 1000 ? "%.3f" : "%.1f", mah);
    }

    private static String number(Double value, double scale, String format) {
        return value == null || !Double.isFinite(value) ? "-" : String.format(Locale.ROOT, format, value * scale);
    }
}
