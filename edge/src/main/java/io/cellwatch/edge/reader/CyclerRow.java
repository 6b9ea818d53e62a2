package io.cellwatch.edge.reader;

import io.cellwatch.telemetry.Sample;

/**
 * One data row of a cycler file: the wire {@link Sample} plus what the cycler itself said that the wire
 * record does not carry.
 *
 * <p>The capacity counters are the cycler's own, converted to Ah, exactly as reported otherwise: they
 * reset per step in Neware, Maccor and the BattMo BDF export, run per cycle or for the whole test in
 * Arbin and in the BDF spec. Use their rises, not their values. Maccor has one {@code Amp-hr} counter;
 * it is given as the charge counter on charge rows and the discharge counter on discharge rows (null
 * on the other), because its {@code State} says which it is.
 *
 * @param sample              the sample (current positive on charge, SI units)
 * @param lineNumber          1-based line in the file, for tracing a value back to its source
 * @param chargeCapacityAh    the cycler's charge counter in Ah, or null when absent/empty
 * @param dischargeCapacityAh the cycler's discharge counter in Ah, or null when absent/empty
 * @param stepType            the cycler's step type or state as written ({@code CC_DChg}, {@code D}), or null
 * @param stepKind            what that label means, or null when there is no label
 */
public record CyclerRow(
        Sample sample,
        long lineNumber,
        Double chargeCapacityAh,
        Double dischargeCapacityAh,
        String stepType,
        StepKind stepKind) {
}
