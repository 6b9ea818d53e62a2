package io.cellwatch.edge.reader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SignRulesTest {

    @Test
    void maccorStateGivesTheDirectionWhetherAmpsIsSignedOrNot() {
        // maccor_001.txt: unsigned
        assertThat(SignRules.maccorCurrent(0.50401, StepKind.DISCHARGE)).isEqualTo(-0.50401);
        assertThat(SignRules.maccorCurrent(1.50233, StepKind.CHARGE)).isEqualTo(1.50233);
        // xTESLADIAG: already negative on discharge
        assertThat(SignRules.maccorCurrent(-9.0750743877, StepKind.DISCHARGE)).isEqualTo(-9.0750743877);
        assertThat(SignRules.maccorCurrent(2.4232089723, StepKind.CHARGE)).isEqualTo(2.4232089723);
        // rest and other: as written
        assertThat(SignRules.maccorCurrent(0.0, StepKind.REST)).isEqualTo(0.0);
        assertThat(SignRules.maccorCurrent(0.001, StepKind.OTHER)).isEqualTo(0.001);
        assertPositiveZero(SignRules.maccorCurrent(0.0, StepKind.DISCHARGE));
    }

    @Test
    void fileConventionFlipsOnlyPositiveOnDischargeFiles() {
        // BattMo: +0.00605 A in a discharge step
        assertThat(SignRules.positiveOnCharge(0.00605515800906498, CurrentSign.POSITIVE_ON_DISCHARGE))
                .isEqualTo(-0.00605515800906498);
        assertThat(SignRules.positiveOnCharge(-0.00024859, CurrentSign.POSITIVE_ON_CHARGE)).isEqualTo(-0.00024859);
        assertPositiveZero(SignRules.positiveOnCharge(0.0, CurrentSign.POSITIVE_ON_DISCHARGE));
        assertThatThrownBy(() -> SignRules.positiveOnCharge(1.0, CurrentSign.AUTO))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** -0.0 == 0.0 for doubles, so compare the bits: a flipped rest row must not print as "-0.0". */
    private static void assertPositiveZero(double value) {
        assertThat(Double.doubleToRawLongBits(value)).as("%s is +0.0", value).isZero();
    }

    @Test
    void voteOfStepLabelsAgainstCurrentSigns() {
        SignRules.Vote batmo = new SignRules.Vote();
        batmo.add(StepKind.DISCHARGE, 0.00605);
        batmo.add(StepKind.CHARGE, -0.0605);
        batmo.add(StepKind.REST, 0.0);
        assertThat(batmo.decide(CurrentSign.POSITIVE_ON_CHARGE)).isEqualTo(CurrentSign.POSITIVE_ON_DISCHARGE);
        assertThat(batmo.decisiveRows()).isEqualTo(2);

        SignRules.Vote neware = new SignRules.Vote();
        neware.add(StepKind.DISCHARGE, -0.00024859);
        neware.add(StepKind.CHARGE, 0.00024861);
        neware.add(StepKind.CHARGE, -0.0000001); // one odd sample does not outvote the file
        assertThat(neware.decide(CurrentSign.POSITIVE_ON_DISCHARGE)).isEqualTo(CurrentSign.POSITIVE_ON_CHARGE);

        SignRules.Vote restOnly = new SignRules.Vote();
        restOnly.add(StepKind.REST, 0.0);
        restOnly.add(null, 1.0);
        restOnly.add(StepKind.OTHER, 1.0);
        assertThat(restOnly.decide(CurrentSign.POSITIVE_ON_CHARGE)).isEqualTo(CurrentSign.POSITIVE_ON_CHARGE);
    }

    @Test
    void stepLabelsOfTheVendors() {
        assertThat(StepKind.ofLabel("CC_DChg")).isEqualTo(StepKind.DISCHARGE);
        assertThat(StepKind.ofLabel("CC DChg")).isEqualTo(StepKind.DISCHARGE);
        assertThat(StepKind.ofLabel("CCCV_Chg")).isEqualTo(StepKind.CHARGE);
        assertThat(StepKind.ofLabel("discharge")).isEqualTo(StepKind.DISCHARGE);
        assertThat(StepKind.ofLabel("charge")).isEqualTo(StepKind.CHARGE);
        assertThat(StepKind.ofLabel("Rest")).isEqualTo(StepKind.REST);
        assertThat(StepKind.ofLabel("恒流放电")).isEqualTo(StepKind.DISCHARGE);
        assertThat(StepKind.ofLabel("恒流恒压充电")).isEqualTo(StepKind.CHARGE);
        assertThat(StepKind.ofLabel("Pulse")).isEqualTo(StepKind.OTHER);
        assertThat(StepKind.ofLabel(" ")).isNull();
        assertThat(StepKind.ofMaccorState("D")).isEqualTo(StepKind.DISCHARGE);
        assertThat(StepKind.ofMaccorState("C")).isEqualTo(StepKind.CHARGE);
        assertThat(StepKind.ofMaccorState("R")).isEqualTo(StepKind.REST);
        assertThat(StepKind.ofMaccorState("O")).isEqualTo(StepKind.OTHER);
    }
}
