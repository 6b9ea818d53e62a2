package io.cellwatch.streams.analytics;

import io.cellwatch.telemetry.Sample;

/**
 * Charge and energy moved, split by direction. Capacities are magnitudes; energies are ∫V·|I| dt, so
 * positive for any cell at a positive voltage (a symmetric Li//Li cell on discharge sits at a negative
 * voltage, and its discharge energy is negative: Wh / Ah is then its mean voltage, as for any cell).
 *
 * <p>{@link #between} integrates one interval by the trapezoid rule over the cycler's time. When the
 * current changes sign inside the interval it is split at the interpolated zero crossing, so a direct
 * charge-to-discharge switch is not netted into a smaller figure of one sign.
 */
public record Throughput(double chargeAh, double dischargeAh, double chargeWh, double dischargeWh) {

    public static final Throughput ZERO = new Throughput(0, 0, 0, 0);

    private static final double SECONDS_PER_HOUR = 3600.0;

    public Throughput plus(Throughput o) {
        if (o == ZERO) {
            return this;
        }
        return new Throughput(chargeAh + o.chargeAh, dischargeAh + o.dischargeAh, chargeWh + o.chargeWh,
                dischargeWh + o.dischargeWh);
    }

    public Throughput chargePart() {
        return new Throughput(chargeAh, 0, chargeWh, 0);
    }

    public Throughput dischargePart() {
        return new Throughput(0, dischargeAh, 0, dischargeWh);
    }

    /** Ah in the given direction (+1 charge, −1 discharge, 0 none). */
    public double ah(int direction) {
        return direction > 0 ? chargeAh : direction < 0 ? dischargeAh : 0.0;
    }

    /** Wh in the given direction. */
    public double wh(int direction) {
        return direction > 0 ? chargeWh : direction < 0 ? dischargeWh : 0.0;
    }

    /** The interval from {@code a} to {@code b}; zero when time does not advance. */
    public static Throughput between(Sample a, Sample b) {
        Sums interval = new Sums();
        return interval.setBetween(a, b) ? interval.toRecord() : ZERO;
    }

    /**
     * The same four figures in mutable fields: the running sums of a step or cycle that takes sample after
     * sample in place, and a scratch interval that {@link CellAnalytics} reuses for every sample instead of
     * making a record per sample. Adding one to another is {@link #plus}, number for number.
     */
    static final class Sums {
        private double chargeAh;
        private double dischargeAh;
        private double chargeWh;
        private double dischargeWh;

        Sums() {
        }

        Sums(Throughput t) {
            chargeAh = t.chargeAh;
            dischargeAh = t.dischargeAh;
            chargeWh = t.chargeWh;
            dischargeWh = t.dischargeWh;
        }

        /** {@code t} as an interval to add: null for {@link #ZERO}, which {@link #plus} does not add. */
        static Sums interval(Throughput t) {
            return t == ZERO ? null : new Sums(t);
        }

        /** This plus {@code interval} (null: nothing, as plus(ZERO) leaves the sums as they are). */
        void add(Sums interval) {
            if (interval != null) {
                chargeAh += interval.chargeAh;
                dischargeAh += interval.dischargeAh;
                chargeWh += interval.chargeWh;
                dischargeWh += interval.dischargeWh;
            }
        }

        /**
         * Makes these the interval from {@code a} to {@code b} (trapezoid, split where the current crosses zero);
         * false, and nothing changed, when time does not advance (the interval is {@link #ZERO}).
         */
        boolean setBetween(Sample a, Sample b) {
            double dtH = (b.timeS() - a.timeS()) / SECONDS_PER_HOUR;
            if (!(dtH > 0)) {
                return false;
            }
            double i0 = a.currentA();
            double i1 = b.currentA();
            double p0 = a.voltageV() * i0;
            double p1 = b.voltageV() * i1;
            if (i0 * i1 >= 0) {
                setSigned((i0 + i1) / 2 * dtH, (p0 + p1) / 2 * dtH);
                return true;
            }
            // Linear current crosses zero at fraction f of the interval; power is zero there too.
            double f = i0 / (i0 - i1);
            setSigned(i0 / 2 * f * dtH, p0 / 2 * f * dtH);
            double c = chargeAh;
            double d = dischargeAh;
            double cw = chargeWh;
            double dw = dischargeWh;
            setSigned(i1 / 2 * (1 - f) * dtH, p1 / 2 * (1 - f) * dtH);
            chargeAh = c + chargeAh;
            dischargeAh = d + dischargeAh;
            chargeWh = cw + chargeWh;
            dischargeWh = dw + dischargeWh;
            return true;
        }

        /** Charge (ah ≥ 0) or discharge: the figures in the matching direction, zero in the other. */
        private void setSigned(double ah, double wh) {
            if (ah >= 0) {
                chargeAh = ah;
                dischargeAh = 0;
                chargeWh = wh;
                dischargeWh = 0;
            } else {
                chargeAh = 0;
                dischargeAh = -ah;
                chargeWh = 0;
                dischargeWh = -wh;
            }
        }

        double chargeAh() {
            return chargeAh;
        }

        double dischargeAh() {
            return dischargeAh;
        }

        Throughput toRecord() {
            return new Throughput(chargeAh, dischargeAh, chargeWh, dischargeWh);
        }
    }
}
