package io.cellwatch.streams.analytics;

import static io.cellwatch.streams.analytics.SyntheticCell.ONE_C_A;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.cellwatch.streams.analytics.SyntheticCell.CycleIndex;
import io.cellwatch.telemetry.CellType;
import io.cellwatch.telemetry.CycleResult;
import io.cellwatch.telemetry.CycleResult.StepKind;
import io.cellwatch.telemetry.Sample;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StepSegmenterTest {

    /** The coin cell's tolerance: 0.005 C of 0.78 mAh = 3.9 µA. */
    private final StepSegmenter segmenter = new StepSegmenter(3.9e-6, 0.02, 0.005, 2);

    private static Sample sample(long seq, double v, double i, Integer step) {
        return new Sample("cell-07", seq, 1_700_000_000.0 + 10 * seq, null, v, i, null, null, step, 1);
    }

    private List<StepSegmenter.Segment> segment(Sample... samples) {
        List<StepSegmenter.Segment> out = new ArrayList<>();
        StepSegmenter.State state = null;
        for (Sample s : samples) {
            StepSegmenter.Segment seg = segmenter.next(state, s);
            out.add(seg);
            state = seg.state();
        }
        return out;
    }

    @Test
    void kindFollowsTheSignOfTheCurrentBeyondTheRestTolerance() {
        List<StepSegmenter.Segment> segs = segment(sample(1, 3.3, 2e-6, 1), sample(2, 3.3, -3e-6, 1),
                sample(3, 3.4, 0.00078, 2), sample(4, 3.3, -0.00078, 3));

        assertThat(segs).extracting(StepSegmenter.Segment::kind)
                .containsExactly(StepKind.REST, StepKind.REST, StepKind.CHARGE, StepKind.DISCHARGE);
        assertThat(segs).extracting(StepSegmenter.Segment::newStep).containsExactly(true, false, true, true);
    }

    @Test
    void restToleranceIsAFractionOfNominalCapacityWithAnAbsoluteFloor() {
        AnalyticsOptions o = AnalyticsOptions.defaults();

        assertThat(CellThresholds.of(SyntheticCell.metadata(CellType.FULL, 0.00078, null), o).restToleranceA())
                .isCloseTo(3.9e-6, within(1e-12));
        assertThat(CellThresholds.of(SyntheticCell.metadata(CellType.FULL, 5.0, null), o).restToleranceA())
                .isCloseTo(0.025, within(1e-12));
        assertThat(CellThresholds.of(SyntheticCell.metadata(CellType.FULL, null, null), o).restToleranceA())
                .isEqualTo(1e-6);
    }

    @Test
    void theSameStepNumberAfterAnotherIsANewStep() {
        // Looped protocols repeat step numbers: 7, 8, 7 is three steps, not two.
        List<StepSegmenter.Segment> segs = segment(sample(1, 3.3, 0, 7), sample(2, 3.3, 0, 7),
                sample(3, 3.3, 0, 8), sample(4, 3.3, 0, 7), sample(5, 3.3, 0, 7));

        assertThat(segs).extracting(StepSegmenter.Segment::newStep).containsExactly(true, false, true, true, false);
        assertThat(segs).extracting(StepSegmenter.Segment::indexChanged)
                .containsExactly(false, false, true, true, false);
    }

    @Test
    void stepsOfALoopedProtocolAreListedOnceForEachRun() {
        // cycle 1 of a diagnostic protocol: steps 7 (charge), 8 (discharge), 9 (rest), looped twice
        SyntheticCell cell = SyntheticCell.coinCell().rest(60).nextCycle();
        for (int loop = 0; loop < 2; loop++) {
            cell.stepIndex(7).pulse(ONE_C_A, 600).stepIndex(8).pulse(-ONE_C_A, 600).stepIndex(9).rest(300);
        }
        cell.stepIndex(null).nextCycle().rest(60);

        List<CycleResult> cycles = SyntheticCell.analyse(CellType.FULL, cell.samples());

        CycleResult loops = cycles.get(1);
        assertThat(loops.cycle()).isEqualTo(2);
        assertThat(loops.steps()).extracting(CycleResult.Step::stepIndex).containsExactly(7, 8, 9, 7, 8, 9);
        assertThat(loops.steps()).extracting(CycleResult.Step::kind).containsExactly(StepKind.CHARGE,
                StepKind.DISCHARGE, StepKind.REST, StepKind.CHARGE, StepKind.DISCHARGE, StepKind.REST);
        assertThat(loops.chargeAh()).isCloseTo(2 * ONE_C_A * 600 / 3600, within(1e-12));
    }

    @Test
    void aConstantVoltageTailInsideOneCyclerStepIsItsOwnStep() {
        SyntheticCell cell = SyntheticCell.coinCell().stepIndex(2).constantCurrent(ONE_C_A, 4.2)
                .constantVoltage(ONE_C_A, 900, ONE_C_A / 20).stepIndex(3).rest(600);

        CycleResult c = SyntheticCell.analyse(CellType.FULL, cell.samples()).get(0);

        assertThat(c.steps()).extracting(CycleResult.Step::kind)
                .containsExactly(StepKind.CHARGE, StepKind.CV_CHARGE, StepKind.REST);
        assertThat(c.steps()).extracting(CycleResult.Step::stepIndex).containsExactly(2, 2, 3);
        assertThat(c.steps().get(1).endVoltageV()).isCloseTo(4.2, within(1e-6));
    }

    @Test
    void aCyclersOwnCvStepIsRelabelledNotSplitWhenItsFirstSampleStillCarriesTheCcCurrent() {
        SyntheticCell cell = SyntheticCell.coinCell().constantCurrent(ONE_C_A, 4.2)
                .constantVoltage(ONE_C_A, 900, ONE_C_A / 20).rest(600);

        CycleResult c = SyntheticCell.analyse(CellType.FULL, cell.samples()).get(0);

        assertThat(c.steps()).extracting(CycleResult.Step::stepIndex).containsExactly(1, 2, 3);
        assertThat(c.steps()).extracting(CycleResult.Step::kind)
                .containsExactly(StepKind.CHARGE, StepKind.CV_CHARGE, StepKind.REST);
    }

    @Test
    void aChargeOnThePlateauIsNotMistakenForConstantVoltage() {
        // LFP's plateau moves < 5 mV per 10 s sample, but the current does not fall: still constant current.
        SyntheticCell cell = SyntheticCell.coinCell().constantCurrent(ONE_C_A, 4.2);

        CycleResult c = SyntheticCell.analyse(CellType.FULL, cell.samples()).get(0);

        assertThat(c.steps()).extracting(CycleResult.Step::kind).containsExactly(StepKind.CHARGE);
    }

    @Test
    void aLowerConstantCurrentThatLetsTheVoltageRiseAgainLeavesConstantVoltage() {
        List<StepSegmenter.Segment> segs = segment(sample(1, 3.50, 0.00078, 4), sample(2, 3.501, 0.00039, 4),
                sample(3, 3.502, 0.00039, 4), sample(4, 3.504, 0.00039, 4), sample(5, 3.520, 0.00039, 4));

        // sample 2 looks like a CV onset (current halved, voltage flat); when the voltage leaves the band,
        // constant current again, in a new step
        assertThat(segs).extracting(StepSegmenter.Segment::kind).containsExactly(StepKind.CHARGE,
                StepKind.CV_CHARGE, StepKind.CV_CHARGE, StepKind.CV_CHARGE, StepKind.CHARGE);
        assertThat(segs.get(4).newStep()).isTrue();
    }

    @Test
    void aMissingStepIndexIsNoChange() {
        List<StepSegmenter.Segment> segs = segment(sample(1, 3.3, 0, 4), sample(2, 3.3, 0, null),
                sample(3, 3.3, 0, 4));

        assertThat(segs).extracting(StepSegmenter.Segment::newStep).containsExactly(true, false, false);
    }

    @Test
    void cyclerWithoutStepIndexStillGetsStepsFromTheCurrent() {
        SyntheticCell cell = new SyntheticCell(SyntheticCell.COIN_CELL_AH, 10, false, CycleIndex.ABSENT)
                .rest(600).oneCCycle();

        CycleResult c = SyntheticCell.analyse(CellType.FULL, cell.samples()).get(0);

        assertThat(c.steps()).extracting(CycleResult.Step::kind).containsExactly(StepKind.REST, StepKind.CHARGE,
                StepKind.REST, StepKind.DISCHARGE, StepKind.REST);
        assertThat(c.steps()).extracting(CycleResult.Step::stepIndex).containsOnlyNulls();
    }
}
