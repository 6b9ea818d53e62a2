package io.cellwatch.streams.analytics;

/**
 * Every threshold of the cycle analytics, with its default and the reason for it. C-rates are relative to
 * the cell's nominal capacity ({@code CellMetadata.nominalCapacityAh}); when that is unknown only the
 * absolute floors apply.
 *
 * @param restToleranceCRate          |I| at or below this (× nominal capacity) is rest. Default 0.005 C
 *                                    (C/200): below every CV cut-off used in practice (C/20–C/100), and
 *                                    far above cycler offsets at rest (Arbin: 0.15 mA on a 1.1 Ah cell =
 *                                    0.00014 C)
 * @param restToleranceFloorA         the tolerance never goes below this, and is this alone when the
 *                                    nominal capacity is unknown. Default 1 µA: coin-cell ranges resolve
 *                                    0.1 µA and coin cells are cycled at ≥ 20 µA
 * @param cvCurrentDropFraction       a polarized sample is constant-voltage once |I| has fallen this
 *                                    fraction below the run's peak at a flat voltage. Default 0.02: CC
 *                                    regulation noise in the shared files is ≤ 0.2 % (Maccor 1.4998–1.5023 A)
 * @param cvVoltageBandV              "flat": |ΔV| from the previous sample to enter CV, and from the voltage
 *                                    where CV began to stay in it. Default 5 mV: cyclers hold CV within
 *                                    ~1 mV (Maccor ±0.16 mV), and a CC step still rising leaves the band
 * @param cvOnsetSamples              a step that turns CV within its first this-many samples was a CV step
 *                                    from the start (the first sample of a cycler's CV step still carries
 *                                    the CC current): it is relabelled, not split. Default 2
 * @param cycleOrder                  charge or discharge first; null = by cell type ({@link CycleOrder#defaultFor})
 * @param minHalfCycleCRate           in step order, the second half of a cycle must have moved this
 *                                    capacity (× nominal) before the next first-half step starts a new
 *                                    cycle, so a short pulse (HPPC, DCIR) does not split a cycle. Default
 *                                    0.05 C·h (5 % of nominal); without a nominal capacity any step counts
 * @param referenceFirstCycle         first cycle (by number) of the retention reference. Default 1
 * @param referenceCycleCount         cycles in the reference; reference = max delivered capacity among
 *                                    them (DETECTION.md: "retention vs max discharge of cycles 1–3"). Default 3
 * @param fadeWindowCycles            fade rate = least-squares slope over the last this-many complete
 *                                    cycles. Default 20 (DETECTION.md: projection on the last 20–50 cycles)
 * @param fadeMinCycles               no fade rate before this many cycles are in the window. Default 5:
 *                                    a slope through fewer points is mostly noise
 * @param endOfLifeRetention          retention that defines end of life for the projection. Default 0.80
 * @param dcirMinCurrentStepCRate     a current step is a DCIR measurement when |ΔI| exceeds this (× nominal).
 *                                    Default 0.1 C (DETECTION.md, DCIR)
 * @param dcirMinCurrentStepFloorA    the threshold instead, when the nominal capacity is unknown.
 *                                    Default 1 mA, so noise on a rest step is never a "step"
 * @param dcirMaxDeltaTS              no DCIR when the samples around the change are further apart than
 *                                    this. Default 30 s: IEC 61960 reads at 1 s and 10 s; beyond tens of
 *                                    seconds diffusion dominates and the figure is no longer comparable
 * @param curvePoints                 points kept per voltage curve (charge and discharge curve of a cycle,
 *                                    |V| of a symmetric half-cycle); older points are thinned 2:1 when full.
 *                                    Default 128: the mid-capacity voltage is interpolated between points
 *                                    < 1.6 % of capacity apart (≪ 1 mV on a plateau); ~3 KB of JSON state each
 * @param maxStepsPerCycle            steps listed per cycle result; later steps are counted in every total
 *                                    but not listed. Default 500 (a diagnostic cycle of the shared Maccor
 *                                    file has ~190 steps)
 * @param temperatureMinPlausibleC    a cell temperature below this is a sensor fault, left out. Default −40 °C
 * @param temperatureMaxPlausibleC    above this likewise. Default 200 °C (DETECTION.md, sensor plausibility)
 */
public record AnalyticsOptions(
        double restToleranceCRate,
        double restToleranceFloorA,
        double cvCurrentDropFraction,
        double cvVoltageBandV,
        int cvOnsetSamples,
        CycleOrder cycleOrder,
        double minHalfCycleCRate,
        int referenceFirstCycle,
        int referenceCycleCount,
        int fadeWindowCycles,
        int fadeMinCycles,
        double endOfLifeRetention,
        double dcirMinCurrentStepCRate,
        double dcirMinCurrentStepFloorA,
        double dcirMaxDeltaTS,
        int curvePoints,
        int maxStepsPerCycle,
        double temperatureMinPlausibleC,
        double temperatureMaxPlausibleC) {

    public AnalyticsOptions {
        if (restToleranceCRate < 0 || restToleranceFloorA < 0 || cvVoltageBandV < 0 || minHalfCycleCRate < 0
                || dcirMinCurrentStepCRate < 0 || dcirMinCurrentStepFloorA < 0 || dcirMaxDeltaTS < 0) {
            throw new IllegalArgumentException("tolerances must be >= 0");
        }
        if (cvCurrentDropFraction <= 0 || cvCurrentDropFraction >= 1) {
            throw new IllegalArgumentException("cvCurrentDropFraction must be in (0, 1)");
        }
        if (referenceCycleCount < 1 || fadeWindowCycles < 2 || fadeMinCycles < 2 || curvePoints < 4
                || maxStepsPerCycle < 0 || cvOnsetSamples < 0) {
            throw new IllegalArgumentException("referenceCycleCount >= 1, fade windows >= 2, curvePoints >= 4,"
                    + " counts >= 0");
        }
        if (temperatureMinPlausibleC >= temperatureMaxPlausibleC) {
            throw new IllegalArgumentException("temperature plausibility range is empty");
        }
    }

    public static AnalyticsOptions defaults() {
        return new AnalyticsOptions(0.005, 1e-6, 0.02, 0.005, 2, null, 0.05, 1, 3, 20, 5, 0.80,
                0.1, 1e-3, 30.0, 128, 500, -40.0, 200.0);
    }

    public AnalyticsOptions withCycleOrder(CycleOrder order) {
        return new AnalyticsOptions(restToleranceCRate, restToleranceFloorA, cvCurrentDropFraction, cvVoltageBandV,
                cvOnsetSamples, order, minHalfCycleCRate, referenceFirstCycle, referenceCycleCount,
                fadeWindowCycles, fadeMinCycles, endOfLifeRetention, dcirMinCurrentStepCRate,
                dcirMinCurrentStepFloorA, dcirMaxDeltaTS, curvePoints, maxStepsPerCycle,
                temperatureMinPlausibleC, temperatureMaxPlausibleC);
    }

    public AnalyticsOptions withReference(int firstCycle, int cycleCount) {
        return new AnalyticsOptions(restToleranceCRate, restToleranceFloorA, cvCurrentDropFraction, cvVoltageBandV,
                cvOnsetSamples, cycleOrder, minHalfCycleCRate, firstCycle, cycleCount, fadeWindowCycles,
                fadeMinCycles, endOfLifeRetention, dcirMinCurrentStepCRate, dcirMinCurrentStepFloorA,
                dcirMaxDeltaTS, curvePoints, maxStepsPerCycle, temperatureMinPlausibleC, temperatureMaxPlausibleC);
    }

    public AnalyticsOptions withFadeWindow(int windowCycles, int minCycles) {
        return new AnalyticsOptions(restToleranceCRate, restToleranceFloorA, cvCurrentDropFraction, cvVoltageBandV,
                cvOnsetSamples, cycleOrder, minHalfCycleCRate, referenceFirstCycle, referenceCycleCount,
                windowCycles, minCycles, endOfLifeRetention, dcirMinCurrentStepCRate, dcirMinCurrentStepFloorA,
                dcirMaxDeltaTS, curvePoints, maxStepsPerCycle, temperatureMinPlausibleC, temperatureMaxPlausibleC);
    }
}
