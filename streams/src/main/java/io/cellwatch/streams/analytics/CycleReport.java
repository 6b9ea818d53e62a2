package io.cellwatch.streams.analytics;

import io.cellwatch.telemetry.CycleResult;
import io.cellwatch.telemetry.CycleResult.EfficiencyConvention;

/**
 * Turns an ended (or running) cycle into the wire record: efficiency by the cell's convention, retention,
 * polarization, specific capacity.
 *
 * <p>Efficiency is Q of the second half / Q of the first half of the cycle: discharge / charge for
 * charge-first cells (full cells), charge / discharge = delithiation / lithiation for discharge-first
 * (anode half) cells; undefined for symmetric cells.
 *
 * <p>Efficiency and retention need a cycle with both halves: a rest-only cycle, the leading discharge of a
 * charge-first cell, or a charge cut off by the end of the data has a null efficiency (never NaN, never a
 * misleading 0), and no retention. Retention is measured on the second half ("delivered").
 *
 * <p>Polarization, both kinds reported: {@code polarizationV} = capacity-weighted mean charge voltage
 * (Wh/Ah) minus the same on discharge; {@code midCapacityGapV} = voltage at half the cycle's charge
 * capacity minus voltage at half its discharge capacity. Symmetric cells also get the overpotential of
 * their largest charge and discharge half-cycle (median |V| over its last half).
 */
final class CycleReport {

    private final String cellId;
    private final CellThresholds limits;

    CycleReport(String cellId, CellThresholds limits) {
        this.cellId = cellId;
        this.limits = limits;
    }

    /**
     * The capacity retention is measured on; null unless the cycle has both halves (a leading discharge
     * before the first charge, or a charge cut off by the end of the data, measures no cycle) and for
     * symmetric cells.
     */
    Double deliveredAh(CycleAssembler.Closed closed) {
        int lead = closed.leadingDirection();
        return limits.symmetric() || !bothHalves(closed) ? null : closed.cycle().throughput().ah(-lead);
    }

    private static boolean bothHalves(CycleAssembler.Closed closed) {
        int lead = closed.leadingDirection();
        return lead != 0 && closed.cycle().saw(lead) && closed.cycle().saw(-lead);
    }

    CycleResult of(CycleAssembler.Closed closed, CapacityTrend.Figures trend, boolean provisional) {
        CycleAccumulator c = closed.cycle();
        Throughput q = c.throughput();
        int lead = closed.leadingDirection();
        EfficiencyConvention convention = limits.symmetric() || lead == 0 ? EfficiencyConvention.UNDEFINED
                : lead > 0 ? EfficiencyConvention.DISCHARGE_OVER_CHARGE : EfficiencyConvention.CHARGE_OVER_DISCHARGE;
        Double ce = null;
        Double energyEfficiency = null;
        if (convention != EfficiencyConvention.UNDEFINED && bothHalves(closed)) {
            ce = ratio(q.ah(-lead), q.ah(lead));
            energyEfficiency = ratio(q.wh(-lead), q.wh(lead));
        }
        Double meanCharge = ratio(q.chargeWh(), q.chargeAh());
        Double meanDischarge = ratio(q.dischargeWh(), q.dischargeAh());
        CycleAccumulator.HalfCycles half = c.halfCycles();
        return new CycleResult(cellId, c.number(), closed.rule(), provisional, closed.complete(),
                c.span().startTimeS(), c.span().endTimeS(), c.span().durationS(), c.span().samples(),
                c.span().startVoltageV(), c.span().endVoltageV(),
                q.chargeAh(), q.dischargeAh(), q.chargeWh(), q.dischargeWh(),
                limits.specificMahPerG(q.chargeAh()), limits.specificMahPerG(q.dischargeAh()),
                convention, ce, energyEfficiency,
                deliveredAh(closed), trend.referenceAh(), trend.retention(), trend.fadeRatePerCycle(),
                trend.projectedEndOfLifeCycle(),
                meanCharge, meanDischarge, difference(meanCharge, meanDischarge), midCapacityGap(c),
                half.chargeOverpotentialV(), half.dischargeOverpotentialV(),
                c.temperature().meanC(), c.temperature().maxC(), c.temperature().implausible(),
                c.dcir(), c.steps(), c.stepsOmitted());
    }

    private static Double midCapacityGap(CycleAccumulator c) {
        Throughput q = c.throughput();
        if (q.chargeAh() <= 0 || q.dischargeAh() <= 0) {
            return null;
        }
        return difference(c.chargeCurve().interpolate(q.chargeAh() / 2),
                c.dischargeCurve().interpolate(q.dischargeAh() / 2));
    }

    /** a / b, or null when b is zero (nothing to divide by) — never NaN or infinite. */
    private static Double ratio(double a, double b) {
        return b > 0 ? a / b : null;
    }

    private static Double difference(Double a, Double b) {
        return a == null || b == null ? null : a - b;
    }
}
