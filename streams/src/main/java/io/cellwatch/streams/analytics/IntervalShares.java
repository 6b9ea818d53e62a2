package io.cellwatch.streams.analytics;

/**
 * Who gets the charge of the interval before a sample. Inside a step, the step. When the sample starts a
 * new step (a change of kind seen in the current, the cycler's index unchanged or absent), the switch
 * happened somewhere inside the interval: its charge part goes to whichever of the two steps is a charge
 * step (the new one first), its discharge part likewise, so a rest-to-charge interval is charge of the new
 * step and a charge-to-rest interval stays with the charge that ended.
 *
 * @param earlier the share of the step that ends before this sample
 * @param later   the share of the step this sample belongs to
 */
record IntervalShares(Throughput earlier, Throughput later) {

    static IntervalShares of(Throughput interval, StepSegmenter.Segment seg) {
        Throughput earlier = Throughput.ZERO;
        Throughput later = interval;
        if (seg.newStep() && interval != Throughput.ZERO) {
            int before = StepSegmenter.direction(seg.previousKind());
            int now = StepSegmenter.direction(seg.kind());
            boolean chargeEarlier = now <= 0 && before > 0;
            boolean dischargeEarlier = now >= 0 && before < 0;
            Throughput c = interval.chargePart();
            Throughput d = interval.dischargePart();
            earlier = (chargeEarlier ? c : Throughput.ZERO).plus(dischargeEarlier ? d : Throughput.ZERO);
            later = (chargeEarlier ? Throughput.ZERO : c).plus(dischargeEarlier ? Throughput.ZERO : d);
        }
        // One allocation site, so the JIT can keep the pair in registers (it is taken apart at once).
        return new IntervalShares(earlier, later);
    }
}
