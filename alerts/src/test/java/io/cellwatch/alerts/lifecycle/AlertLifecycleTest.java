package io.cellwatch.alerts.lifecycle;

import io.cellwatch.telemetry.Alert;
import io.cellwatch.telemetry.Command;
import io.cellwatch.telemetry.Finding;
import io.cellwatch.telemetry.FindingType;
import io.cellwatch.telemetry.Mute;
import io.cellwatch.telemetry.Severity;
import io.cellwatch.telemetry.json.Json;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.cellwatch.alerts.lifecycle.Findings.GROUP;
import static io.cellwatch.alerts.lifecycle.Findings.T0;
import static io.cellwatch.alerts.lifecycle.Findings.cell;
import static io.cellwatch.alerts.lifecycle.Findings.chamber;
import static io.cellwatch.alerts.lifecycle.Findings.chamberCleared;
import static io.cellwatch.alerts.lifecycle.Findings.cleared;
import static io.cellwatch.telemetry.FindingType.CAPACITY_FADE;
import static io.cellwatch.telemetry.FindingType.CHAMBER_TEMPERATURE;
import static io.cellwatch.telemetry.FindingType.HARD_SHORT;
import static io.cellwatch.telemetry.FindingType.SOFT_SHORT;
import static io.cellwatch.telemetry.FindingType.STALE_CHANNEL;
import static io.cellwatch.telemetry.FindingType.THERMAL;
import static io.cellwatch.telemetry.Severity.CRITICAL;
import static io.cellwatch.telemetry.Severity.INFO;
import static io.cellwatch.telemetry.Severity.WARNING;
import static org.assertj.core.api.Assertions.assertThat;

class AlertLifecycleTest {

    @Test
    void byDefaultAWarningOpensOnItsFirstFindingBecauseTheDetectorsAlreadyDebounced() {
        Run run = new Run(AlertPolicy.defaults(), InterlockPolicy.defaults());
        List<Alert> opened = run.finding(new Finding(io.cellwatch.telemetry.FindingType.STALE_CHANNEL, WARNING, null,
                "cell-1", "lab", "oven", 3, 1_000.0, "StaleChannelDetector", "silent", null, null, false));
        assertThat(opened).singleElement().satisfies(a -> assertThat(a.state()).isEqualTo(Alert.State.OPEN));
    }

    /**
     * The defaults with a 3-findings debounce, so the debounce itself is exercised (the shipped
     * default is 1: cellwatch's detectors debounce and latch before they report).
     */
    private static final AlertPolicy POLICY = AlertPolicy.defaults().withOpenAfterFindings(3);
    private static final double QUIET_S = POLICY.quietPeriod().toSeconds();

    /** Feeds inputs through one lifecycle and one book, keeping everything it published. */
    private static final class Run {
        final AlertLifecycle lifecycle;
        AlertBook book = AlertBook.empty(GROUP);
        final java.util.List<Alert> alerts = new java.util.ArrayList<>();
        final java.util.List<Command> commands = new java.util.ArrayList<>();

        Run(AlertPolicy policy, InterlockPolicy interlock) {
            lifecycle = new AlertLifecycle(policy, interlock);
        }

        Run() {
            this(POLICY, InterlockPolicy.defaults());
        }

        /** A finding arriving (wall clock) one second after its sample. */
        List<Alert> finding(Finding f) {
            return take(lifecycle.onFinding(book, f, "ch-" + f.cellId(), f.timeS() + 1));
        }

        List<Alert> tick(double nowS) {
            return take(lifecycle.tick(book, nowS));
        }

        List<Alert> mute(Mute m, double nowS) {
            return take(lifecycle.mute(book, m, nowS));
        }

        List<Alert> command(Command c, double nowS) {
            return take(lifecycle.onCommand(book, c, nowS));
        }

        private List<Alert> take(AlertStep step) {
            book = step.book();
            alerts.addAll(step.alerts());
            commands.addAll(step.commands());
            return step.alerts();
        }

        Alert active(String alertKey) {
            AlertState s = book.alerts().get(alertKey);
            return s == null ? null : s.toAlert();
        }
    }

    @Nested
    class Debounce {

        @Test
        void aWarningOpensOnlyOnTheThirdFindingInARow() {
            Run run = new Run();

            assertThat(run.finding(cell("c1", SOFT_SHORT, WARNING, T0))).isEmpty();
            assertThat(run.finding(cell("c1", SOFT_SHORT, WARNING, T0 + 10))).isEmpty();
            List<Alert> third = run.finding(cell("c1", SOFT_SHORT, WARNING, T0 + 20));

            assertThat(third).singleElement().satisfies(a -> {
                assertThat(a.state()).isEqualTo(Alert.State.OPEN);
                assertThat(a.alertKey()).isEqualTo("c1/soft_short");
                assertThat(a.alertId()).isEqualTo("c1/soft_short/" + Math.round((T0 + 20) * 1000));
                assertThat(a.findingCount()).isEqualTo(3);
                assertThat(a.openedAtS()).isEqualTo(T0 + 20);
                assertThat(a.channel()).isEqualTo("ch-c1");
                assertThat(a.paging()).isTrue();
            });
        }

        @Test
        void aSecondWarningAfterTheHoldTimeOpensWithoutWaitingForAThird() {
            Run run = new Run();
            double hold = POLICY.openAfterHold().toSeconds();

            run.finding(cell("c1", SOFT_SHORT, WARNING, T0));
            assertThat(run.finding(cell("c1", SOFT_SHORT, WARNING, T0 + hold - 1))).as("inside the hold").isEmpty();
            run.book = AlertBook.empty(GROUP);
            run.finding(cell("c1", SOFT_SHORT, WARNING, T0));

            assertThat(run.finding(cell("c1", SOFT_SHORT, WARNING, T0 + hold))).singleElement()
                    .extracting(Alert::state).isEqualTo(Alert.State.OPEN);
        }

        @Test
        void theFindingCountIsConfigurable() {
            Run run = new Run(POLICY.withOpenAfterFindings(1), InterlockPolicy.defaults());

            assertThat(run.finding(cell("c1", SOFT_SHORT, WARNING, T0))).hasSize(1);
        }

        @Test
        void aCriticalFindingOpensAtOnce() {
            Run run = new Run();

            assertThat(run.finding(cell("c1", THERMAL, CRITICAL, T0))).singleElement().satisfies(a -> {
                assertThat(a.state()).isEqualTo(Alert.State.OPEN);
                assertThat(a.severity()).isEqualTo(CRITICAL);
                assertThat(a.findingCount()).isEqualTo(1);
            });
        }

        @Test
        void aCriticalDuringTheDebounceOpensAtOnceAsCriticalNotAsEscalated() {
            Run run = new Run();
            run.finding(cell("c1", SOFT_SHORT, WARNING, T0));

            assertThat(run.finding(cell("c1", SOFT_SHORT, CRITICAL, T0 + 5))).singleElement().satisfies(a -> {
                assertThat(a.state()).isEqualTo(Alert.State.OPEN);
                assertThat(a.severity()).isEqualTo(CRITICAL);
                assertThat(a.findingCount()).isEqualTo(2);
            });
        }

        @Test
        void infoFindingsNeitherOpenNorCount() {
            Run run = new Run();
            for (int i = 0; i < 10; i++) {
                run.finding(cell("c1", SOFT_SHORT, INFO, T0 + i));
            }
            assertThat(run.alerts).isEmpty();
            assertThat(run.book.alerts()).isEmpty();
        }

        @Test
        void aClearedFindingDuringTheDebounceStartsItOver() {
            Run run = new Run();
            run.finding(cell("c1", SOFT_SHORT, WARNING, T0));
            run.finding(cell("c1", SOFT_SHORT, WARNING, T0 + 10));
            run.finding(cleared("c1", SOFT_SHORT, T0 + 20));

            assertThat(run.finding(cell("c1", SOFT_SHORT, WARNING, T0 + 30))).isEmpty();
            assertThat(run.finding(cell("c1", SOFT_SHORT, WARNING, T0 + 40))).isEmpty();
            assertThat(run.finding(cell("c1", SOFT_SHORT, WARNING, T0 + 50))).hasSize(1);
        }

        @Test
        void aDebounceThatGoesQuietIsForgotten() {
            Run run = new Run();
            run.finding(cell("c1", HARD_SHORT, WARNING, T0));
            run.finding(cell("c1", HARD_SHORT, WARNING, T0 + 10));

            run.tick(T0 + 11 + QUIET_S);

            assertThat(run.book.alerts()).isEmpty();
            assertThat(run.finding(cell("c1", HARD_SHORT, WARNING, T0 + QUIET_S + 20))).as("count restarted at 1").isEmpty();
        }

        @Test
        void eachCellAndTypeIsItsOwnCondition() {
            Run run = new Run();
            run.finding(cell("c1", SOFT_SHORT, WARNING, T0));
            run.finding(cell("c2", SOFT_SHORT, WARNING, T0 + 1));
            run.finding(cell("c1", THERMAL, WARNING, T0 + 2));
            run.finding(cell("c1", SOFT_SHORT, WARNING, T0 + 3));

            assertThat(run.alerts).isEmpty();
            assertThat(run.book.alerts()).containsOnlyKeys("c1/soft_short", "c2/soft_short", "c1/thermal");
        }
    }

    @Nested
    class DeduplicationAndEscalation {

        @Test
        void repeatsAreFoldedInSilentlyWithTheirCountAndLatestEvidence() {
            Run run = new Run();
            run.finding(cell("c1", THERMAL, CRITICAL, T0, Map.of("cell_temperature_c", 104.0)));

            assertThat(run.finding(cell("c1", THERMAL, CRITICAL, T0 + 10, Map.of("cell_temperature_c", 107.5)))).isEmpty();
            assertThat(run.finding(cell("c1", THERMAL, WARNING, T0 + 20, Map.of("cell_temperature_c", 109.0)))).isEmpty();

            Alert a = run.active("c1/thermal");
            assertThat(a.findingCount()).isEqualTo(3);
            assertThat(a.evidence()).containsEntry("cell_temperature_c", 109.0);
            assertThat(a.updatedAtS()).isEqualTo(T0 + 20);
            assertThat(a.openedAtS()).isEqualTo(T0);
            assertThat(a.severity()).as("alerts latch, never de-escalate").isEqualTo(CRITICAL);
            assertThat(run.alerts).hasSize(1);
        }

        @Test
        void aLateOlderFindingIsCountedButDoesNotOverwriteNewerEvidence() {
            Run run = new Run();
            run.finding(cell("c1", THERMAL, CRITICAL, T0 + 100, Map.of("cell_temperature_c", 110.0)));
            run.finding(cell("c1", THERMAL, CRITICAL, T0 + 50, Map.of("cell_temperature_c", 104.0)));

            Alert a = run.active("c1/thermal");
            assertThat(a.findingCount()).isEqualTo(2);
            assertThat(a.evidence()).containsEntry("cell_temperature_c", 110.0);
            assertThat(a.updatedAtS()).isEqualTo(T0 + 100);
        }

        @Test
        void aRiseInSeverityEscalatesAndIsPublished() {
            Run run = new Run();
            for (int i = 0; i < 3; i++) {
                run.finding(cell("c1", SOFT_SHORT, WARNING, T0 + i));
            }

            List<Alert> out = run.finding(cell("c1", SOFT_SHORT, CRITICAL, T0 + 10));

            assertThat(out).singleElement().satisfies(a -> {
                assertThat(a.state()).isEqualTo(Alert.State.ESCALATED);
                assertThat(a.severity()).isEqualTo(CRITICAL);
                assertThat(a.alertId()).isEqualTo(run.alerts.get(0).alertId());
                assertThat(a.paging()).isTrue();
            });
            assertThat(run.finding(cell("c1", SOFT_SHORT, CRITICAL, T0 + 20))).as("no re-publish at the same level").isEmpty();
        }
    }

    @Nested
    class Resolution {

        @Test
        void aClearedFindingResolvesAtItsEventTime() {
            Run run = new Run();
            run.finding(cell("c1", SOFT_SHORT, CRITICAL, T0));

            List<Alert> out = run.finding(cleared("c1", SOFT_SHORT, T0 + 300));

            assertThat(out).singleElement().satisfies(a -> {
                assertThat(a.state()).isEqualTo(Alert.State.RESOLVED);
                assertThat(a.resolvedAtS()).isEqualTo(T0 + 300);
                assertThat(a.paging()).isFalse();
            });
            assertThat(run.book.alerts()).isEmpty();
            assertThat(run.book.resolved()).as("no command to wait for").isEmpty();
        }

        @Test
        void twoRulesReportingOneConditionResolveItOnlyWhenBothHaveCleared() {
            // a soft short seen in the cell's own noise history and against its siblings: one alert,
            // and the first rule's clear must not resolve what the other still sees
            Run run = new Run(AlertPolicy.defaults(), InterlockPolicy.defaults());
            run.finding(softShortBy("SoftShortDetector", WARNING, false, T0));
            run.finding(softShortBy("SiblingNoiseDetector", WARNING, false, T0 + 60));
            assertThat(run.book.alerts()).containsOnlyKeys("c1/soft_short");

            List<Alert> afterFirstClear = run.finding(softShortBy("SoftShortDetector", INFO, true, T0 + 600));

            assertThat(afterFirstClear).as("nothing published: the alert is unchanged").isEmpty();
            assertThat(run.book.alerts().get("c1/soft_short").isActive()).isTrue();
            assertThat(run.book.alerts().get("c1/soft_short").raisedBy()).containsExactly("SiblingNoiseDetector");

            List<Alert> afterSecondClear = run.finding(softShortBy("SiblingNoiseDetector", INFO, true, T0 + 900));

            assertThat(afterSecondClear).singleElement().satisfies(a -> {
                assertThat(a.state()).isEqualTo(Alert.State.RESOLVED);
                assertThat(a.resolvedAtS()).isEqualTo(T0 + 900);
            });
            assertThat(run.book.alerts()).isEmpty();
        }

        @Test
        void aStateStoredBeforeRaisedByWasKeptCountsItsDetectorAsTheOneThatRaisedIt() throws Exception {
            Run run = new Run(AlertPolicy.defaults(), InterlockPolicy.defaults());
            run.finding(cell("c1", SOFT_SHORT, WARNING, T0));
            com.fasterxml.jackson.databind.node.ObjectNode stored = Json.mapper().valueToTree(run.book);
            ((com.fasterxml.jackson.databind.node.ObjectNode) stored.path("alerts").path("c1/soft_short"))
                    .remove("raised_by");

            AlertBook older = Json.mapper().treeToValue(stored, AlertBook.class);

            assertThat(older.alerts().get("c1/soft_short").raisedBy()).containsExactly(SOFT_SHORT + "Detector");
            run.book = older;
            assertThat(run.finding(cleared("c1", SOFT_SHORT, T0 + 300))).singleElement()
                    .satisfies(a -> assertThat(a.state()).isEqualTo(Alert.State.RESOLVED));
        }

        @Test
        void silenceResolvesOnlyAfterTheWholeQuietPeriodAndEachFindingRestartsIt() {
            Run run = new Run();
            run.finding(cell("c1", HARD_SHORT, WARNING, T0));
            run.finding(cell("c1", HARD_SHORT, WARNING, T0 + 10));
            run.finding(cell("c1", HARD_SHORT, WARNING, T0 + 20)); // opens; arrived at T0 + 21

            assertThat(run.tick(T0 + 21 + QUIET_S - 1)).as("one second short").isEmpty();
            run.finding(cell("c1", HARD_SHORT, WARNING, T0 + QUIET_S)); // arrives at T0 + QUIET_S + 1
            assertThat(run.tick(T0 + 21 + QUIET_S + 60)).as("the new finding restarted the period").isEmpty();

            List<Alert> out = run.tick(T0 + QUIET_S + 1 + QUIET_S);

            assertThat(out).singleElement().satisfies(a -> {
                assertThat(a.state()).isEqualTo(Alert.State.RESOLVED);
                assertThat(a.resolvedAtS()).isEqualTo(T0 + QUIET_S + 1 + QUIET_S);
            });
        }

        @Test
        void perCycleTypesWaitTheirLongerQuietPeriod() {
            Run run = new Run();
            run.finding(cell("c1", FindingType.CAPACITY_FADE, CRITICAL, T0));

            assertThat(run.tick(T0 + 1 + QUIET_S * 4)).isEmpty();
            assertThat(run.tick(T0 + 1 + POLICY.quietPeriodOf(FindingType.CAPACITY_FADE).toSeconds()))
                    .singleElement().extracting(Alert::state).isEqualTo(Alert.State.RESOLVED);
        }

        @Test
        void theQuietPeriodIsConfigurable() {
            Run run = new Run(POLICY.withQuietPeriod(Duration.ofMinutes(5)), InterlockPolicy.defaults());
            run.finding(cell("c1", SOFT_SHORT, CRITICAL, T0)); // SOFT_SHORT has its own override
            run.finding(cell("c1", STALE_CHANNEL, CRITICAL, T0));

            assertThat(run.tick(T0 + 1 + 300)).singleElement().extracting(Alert::type).isEqualTo(STALE_CHANNEL);
        }

        @Test
        void theNextEpisodeIsANewAlertThatMustBeDebouncedAgain() {
            Run run = new Run();
            for (int i = 0; i < 3; i++) {
                run.finding(cell("c1", SOFT_SHORT, WARNING, T0 + i));
            }
            run.finding(cleared("c1", SOFT_SHORT, T0 + 100));

            assertThat(run.finding(cell("c1", SOFT_SHORT, WARNING, T0 + 200))).isEmpty();
            run.finding(cell("c1", SOFT_SHORT, WARNING, T0 + 210));
            List<Alert> reopened = run.finding(cell("c1", SOFT_SHORT, WARNING, T0 + 220));

            assertThat(reopened).singleElement().satisfies(a -> {
                assertThat(a.state()).isEqualTo(Alert.State.OPEN);
                assertThat(a.alertId()).isNotEqualTo(run.alerts.get(0).alertId());
                assertThat(a.findingCount()).isEqualTo(3);
            });
        }

        @Test
        void aClearedFindingForAnUnknownConditionChangesNothing() {
            Run run = new Run();
            assertThat(run.finding(cleared("c1", THERMAL, T0))).isEmpty();
            assertThat(run.book.isEmpty()).isTrue();
        }
    }

    @Nested
    class Muting {

        private final Mute thermalOnC1 = new Mute("c1", null, null, THERMAL, T0 + 3600, "door opened", "ana");

        @Test
        void aMutedAlertIsRecordedAsMutedAndDoesNotPage() {
            Run run = new Run();
            run.finding(cell("c1", THERMAL, CRITICAL, T0));

            List<Alert> out = run.mute(thermalOnC1, T0 + 10);

            assertThat(out).singleElement().satisfies(a -> {
                assertThat(a.state()).isEqualTo(Alert.State.MUTED);
                assertThat(a.mutedUntilS()).isEqualTo(T0 + 3600);
                assertThat(a.paging()).isFalse();
            });
        }

        @Test
        void anAlertOpeningUnderAMuteOpensMutedAndComesBackWhenTheMuteExpires() {
            Run run = new Run();
            run.mute(thermalOnC1, T0);

            assertThat(run.finding(cell("c1", THERMAL, CRITICAL, T0 + 10))).singleElement()
                    .extracting(Alert::state).isEqualTo(Alert.State.MUTED);
            run.finding(cell("c1", THERMAL, CRITICAL, T0 + 3000));
            assertThat(run.tick(T0 + 3599)).isEmpty();

            assertThat(run.tick(T0 + 3600)).singleElement().satisfies(a -> {
                assertThat(a.state()).isEqualTo(Alert.State.OPEN);
                assertThat(a.mutedUntilS()).isNull();
            });
            assertThat(run.book.mutes()).isEmpty();
        }

        @Test
        void aMuteOnlyCoversItsCellAndType() {
            Run run = new Run();
            run.mute(thermalOnC1, T0);

            assertThat(run.finding(cell("c2", THERMAL, CRITICAL, T0 + 1))).singleElement()
                    .extracting(Alert::state).isEqualTo(Alert.State.OPEN);
            assertThat(run.finding(cell("c1", HARD_SHORT, CRITICAL, T0 + 2))).singleElement()
                    .extracting(Alert::state).isEqualTo(Alert.State.OPEN);
        }

        @Test
        void aChamberMuteCoversTheChamberAndEveryCellInIt() {
            Run run = new Run();
            run.mute(new Mute(null, Findings.LAB, Findings.CHAMBER, null, T0 + 600, "maintenance", "ana"), T0);

            run.finding(cell("c1", SOFT_SHORT, CRITICAL, T0 + 1));
            run.finding(chamber(CHAMBER_TEMPERATURE, CRITICAL, T0 + 2));

            assertThat(run.alerts).extracting(Alert::state).containsExactly(Alert.State.MUTED, Alert.State.MUTED);
        }

        @Test
        void aMuteWithATimeAlreadyPastLiftsTheEarlierMute() {
            Run run = new Run();
            run.finding(cell("c1", THERMAL, CRITICAL, T0));
            run.mute(thermalOnC1, T0 + 10);

            List<Alert> out = run.mute(new Mute("c1", null, null, THERMAL, T0, "done", "ana"), T0 + 20);

            assertThat(out).singleElement().extracting(Alert::state).isEqualTo(Alert.State.OPEN);
            assertThat(run.book.mutes()).isEmpty();
        }

        @Test
        void aMuteCanBeExtendedAndTheNewExpiryIsPublished() {
            Run run = new Run();
            run.finding(cell("c1", THERMAL, CRITICAL, T0));
            run.mute(thermalOnC1, T0 + 10);

            List<Alert> out = run.mute(new Mute("c1", null, null, THERMAL, T0 + 7200, "longer", "ana"), T0 + 20);

            assertThat(out).singleElement().extracting(Alert::mutedUntilS).isEqualTo(T0 + 7200);
            assertThat(run.book.mutes()).hasSize(1);
        }
    }

    @Nested
    class ChamberInhibition {

        @Test
        void anOpenChamberAlertInhibitsTheCellAlertsItExplainsButNotOthers() {
            Run run = new Run();
            run.finding(cell("c1", THERMAL, CRITICAL, T0));
            run.finding(cell("c2", SOFT_SHORT, CRITICAL, T0));
            run.alerts.clear();

            List<Alert> out = run.finding(chamber(CHAMBER_TEMPERATURE, CRITICAL, T0 + 5));

            Alert chamberAlert = run.active(GROUP + "/chamber_temperature");
            assertThat(chamberAlert.scope()).isEqualTo(Finding.Scope.CHAMBER);
            assertThat(chamberAlert.state()).isEqualTo(Alert.State.OPEN);
            assertThat(out).extracting(Alert::alertKey).containsExactlyInAnyOrder(GROUP + "/chamber_temperature", "c1/thermal");
            Alert thermal = run.active("c1/thermal");
            assertThat(thermal.state()).isEqualTo(Alert.State.INHIBITED);
            assertThat(thermal.inhibitedBy()).isEqualTo(chamberAlert.alertId());
            assertThat(thermal.paging()).isFalse();
            assertThat(run.active("c2/soft_short").state()).as("a short is never explained by the chamber")
                    .isEqualTo(Alert.State.OPEN);
        }

        @Test
        void aCellAlertOpeningUnderAChamberAlertStartsInhibitedAndPagesWhenTheChamberResolves() {
            Run run = new Run();
            run.finding(chamber(STALE_CHANNEL, CRITICAL, T0));

            assertThat(run.finding(cell("c3", STALE_CHANNEL, CRITICAL, T0 + 1))).singleElement()
                    .extracting(Alert::state).isEqualTo(Alert.State.INHIBITED);

            List<Alert> out = run.finding(chamberCleared(STALE_CHANNEL, T0 + 60));

            assertThat(out).extracting(Alert::alertKey, Alert::state).containsExactlyInAnyOrder(
                    org.assertj.core.groups.Tuple.tuple(GROUP + "/stale_channel", Alert.State.RESOLVED),
                    org.assertj.core.groups.Tuple.tuple("c3/stale_channel", Alert.State.OPEN));
            assertThat(run.active("c3/stale_channel").inhibitedBy()).isNull();
        }

        @Test
        void aChamberAlertStillDebouncingInhibitsNothing() {
            Run run = new Run();
            run.finding(chamber(THERMAL, WARNING, T0));

            assertThat(run.finding(cell("c1", THERMAL, CRITICAL, T0 + 1))).singleElement()
                    .extracting(Alert::state).isEqualTo(Alert.State.OPEN);
        }

        @Test
        void aChamberAlertOfATypeThatExplainsNothingInhibitsNothing() {
            Run run = new Run();
            run.finding(new Finding(FindingType.SENSOR_FAULT, CRITICAL, Finding.Scope.CHAMBER, null, Findings.LAB,
                    Findings.CHAMBER, null, T0, "x", "chamber sensor", Map.of(), List.of(), false));

            assertThat(run.finding(cell("c1", THERMAL, CRITICAL, T0 + 1))).singleElement()
                    .extracting(Alert::state).isEqualTo(Alert.State.OPEN);
        }
    }

    @Nested
    class CellInhibition {

        private void openFadeWarning(Run run, String cellId, double t) {
            for (int i = 0; i < 3; i++) {
                run.finding(cell(cellId, CAPACITY_FADE, WARNING, t + i));
            }
        }

        @Test
        void aCriticalAlertOfACellInhibitsItsWarningsWhichPageAgainWhenItResolves() {
            Run run = new Run();
            openFadeWarning(run, "c1", T0);
            assertThat(run.active("c1/capacity_fade").state()).isEqualTo(Alert.State.OPEN);

            List<Alert> out = run.finding(cell("c1", HARD_SHORT, CRITICAL, T0 + 10));

            Alert shortAlert = run.active("c1/hard_short");
            assertThat(out).extracting(Alert::alertKey).containsExactlyInAnyOrder("c1/hard_short", "c1/capacity_fade");
            Alert fade = run.active("c1/capacity_fade");
            assertThat(fade.state()).isEqualTo(Alert.State.INHIBITED);
            assertThat(fade.inhibitedBy()).isEqualTo(shortAlert.alertId());
            assertThat(fade.paging()).isFalse();

            out = run.finding(cleared("c1", HARD_SHORT, T0 + 100));

            assertThat(out).extracting(Alert::alertKey, Alert::state).containsExactlyInAnyOrder(
                    org.assertj.core.groups.Tuple.tuple("c1/hard_short", Alert.State.RESOLVED),
                    org.assertj.core.groups.Tuple.tuple("c1/capacity_fade", Alert.State.OPEN));
        }

        @Test
        void aWarningOpeningWhileItsCellHasACriticalOpensInhibited() {
            Run run = new Run();
            run.finding(cell("c1", HARD_SHORT, CRITICAL, T0));
            run.alerts.clear();

            openFadeWarning(run, "c1", T0 + 60);

            assertThat(run.alerts).singleElement().extracting(Alert::alertKey, Alert::state)
                    .containsExactly("c1/capacity_fade", Alert.State.INHIBITED);
        }

        @Test
        void otherCellsWarningsAndTheCellsOtherCriticalsStillPage() {
            Run run = new Run();
            run.finding(cell("c1", HARD_SHORT, CRITICAL, T0));
            openFadeWarning(run, "c2", T0 + 1);
            run.finding(cell("c1", THERMAL, CRITICAL, T0 + 5));

            assertThat(run.active("c2/capacity_fade").state()).isEqualTo(Alert.State.OPEN);
            assertThat(run.active("c1/thermal").state()).isEqualTo(Alert.State.OPEN);
            assertThat(run.active("c1/hard_short").state()).isEqualTo(Alert.State.OPEN);
        }

        @Test
        void aPolicyWithoutTheRuleLeavesWarningsPaging() {
            Run run = new Run(POLICY.withCriticalInhibitingCellWarnings(false), InterlockPolicy.defaults());
            openFadeWarning(run, "c1", T0);
            run.finding(cell("c1", HARD_SHORT, CRITICAL, T0 + 10));

            assertThat(run.active("c1/capacity_fade").state()).isEqualTo(Alert.State.OPEN);
        }

        /** As in the demo: the cycles between the short and the pause read CE 0 %, the soft-short rule goes critical. */
        @Test
        void aHardShortInhibitsItsCellsSoftShortEvenCriticalAndOnlyItsOwnCells() {
            Run run = new Run();
            run.finding(cell("c1", SOFT_SHORT, WARNING, T0));
            run.finding(cell("c1", SOFT_SHORT, WARNING, T0 + 61));
            assertThat(run.active("c1/soft_short").state()).isEqualTo(Alert.State.OPEN);
            run.finding(cell("c2", SOFT_SHORT, CRITICAL, T0 + 62));

            run.finding(cell("c1", HARD_SHORT, CRITICAL, T0 + 100));
            run.finding(cell("c1", SOFT_SHORT, CRITICAL, T0 + 110));

            Alert soft = run.active("c1/soft_short");
            assertThat(soft.severity()).isEqualTo(CRITICAL);
            assertThat(soft.state()).isEqualTo(Alert.State.INHIBITED);
            assertThat(soft.inhibitedBy()).isEqualTo(run.active("c1/hard_short").alertId());
            assertThat(soft.paging()).isFalse();
            assertThat(run.active("c2/soft_short").state()).as("another cell's").isEqualTo(Alert.State.OPEN);

            run.finding(cleared("c1", HARD_SHORT, T0 + 200));
            assertThat(run.active("c1/soft_short").state()).as("pages again without the hard short")
                    .isEqualTo(Alert.State.ESCALATED);
        }

        @Test
        void aPolicyWithoutTheHardShortRuleLeavesTheSoftShortPaging() {
            Run run = new Run(POLICY.withHardShortInhibitingSoftShort(false), InterlockPolicy.defaults());
            run.finding(cell("c1", HARD_SHORT, CRITICAL, T0));
            run.finding(cell("c1", SOFT_SHORT, CRITICAL, T0 + 10));

            assertThat(run.active("c1/soft_short").state()).isEqualTo(Alert.State.OPEN);
        }
    }

    @Nested
    class Interlock {

        @Test
        void aCriticalHardShortPausesItsChannelOnceAndTheAlertRecordsIt() {
            Run run = new Run();

            List<Alert> out = run.finding(cell("c1", HARD_SHORT, CRITICAL, T0));
            run.finding(cell("c1", HARD_SHORT, CRITICAL, T0 + 10));
            run.finding(cell("c1", HARD_SHORT, CRITICAL, T0 + 20));

            assertThat(run.commands).singleElement().satisfies(c -> {
                assertThat(c.action()).isEqualTo(Command.Action.PAUSE);
                assertThat(c.cellId()).isEqualTo("c1");
                assertThat(c.commandId()).isEqualTo(out.get(0).alertId() + "/pause");
                assertThat(c.alertId()).isEqualTo(out.get(0).alertId());
                assertThat(c.lab()).isEqualTo(Findings.LAB);
                assertThat(c.chamber()).isEqualTo(Findings.CHAMBER);
                assertThat(c.channel()).isEqualTo("ch-c1");
                assertThat(c.issuedAtS()).isEqualTo(T0 + 1);
                assertThat(c.isAcknowledgement()).as("no ack field: the relay forwards only requests").isFalse();
                assertThat(c.ack()).isNull();
                assertThat(c.reason()).contains("hard_short");
            });
            assertThat(out).singleElement().satisfies(a -> {
                assertThat(a.commandId()).isEqualTo(run.commands.get(0).commandId());
                assertThat(a.commandAction()).isEqualTo(Command.Action.PAUSE);
                assertThat(a.commandIssuedAtS()).isEqualTo(T0 + 1);
                assertThat(a.commandAckedAtS()).isNull();
            });
        }

        @Test
        void anEscalationToCriticalPausesAtThatMoment() {
            Run run = new Run();
            for (int i = 0; i < 3; i++) {
                run.finding(cell("c1", THERMAL, WARNING, T0 + i));
            }
            assertThat(run.commands).isEmpty();

            List<Alert> out = run.finding(cell("c1", THERMAL, CRITICAL, T0 + 30));

            assertThat(run.commands).hasSize(1);
            assertThat(out).singleElement().satisfies(a -> {
                assertThat(a.state()).isEqualTo(Alert.State.ESCALATED);
                assertThat(a.commandId()).isNotNull();
            });
        }

        @Test
        void softShortsAndChamberAlertsNeverPause() {
            Run run = new Run();
            run.finding(cell("c1", SOFT_SHORT, CRITICAL, T0));
            run.finding(chamber(THERMAL, CRITICAL, T0));
            run.finding(cell("c2", STALE_CHANNEL, CRITICAL, T0));

            assertThat(run.commands).isEmpty();
        }

        @Test
        void aLabThatOptedOutGetsTheAlertButNoPause() {
            Run run = new Run(POLICY, InterlockPolicy.defaults().withLab(Findings.LAB, false));

            assertThat(run.finding(cell("c1", HARD_SHORT, CRITICAL, T0))).singleElement()
                    .extracting(Alert::commandId).isNull();
            assertThat(run.commands).isEmpty();

            Run elsewhere = new Run(POLICY, InterlockPolicy.defaults().withLab("lab9", false));
            elsewhere.finding(cell("c1", HARD_SHORT, CRITICAL, T0));
            assertThat(elsewhere.commands).as("only the named lab opted out").hasSize(1);
        }

        @Test
        void aLabCanOptInWhenTheDefaultIsOff() {
            Run run = new Run(POLICY, InterlockPolicy.disabled().withLab(Findings.LAB, true));
            run.finding(cell("c1", HARD_SHORT, CRITICAL, T0));
            assertThat(run.commands).hasSize(1);

            Run off = new Run(POLICY, InterlockPolicy.disabled());
            off.finding(cell("c1", HARD_SHORT, CRITICAL, T0));
            assertThat(off.commands).isEmpty();
        }

        @Test
        void muteAndInhibitionSilencePeopleNotTheInterlock() {
            Run run = new Run();
            run.mute(new Mute("c1", null, null, null, T0 + 3600, "abuse test", "ana"), T0);
            run.finding(chamber(CHAMBER_TEMPERATURE, CRITICAL, T0));

            run.finding(cell("c1", HARD_SHORT, CRITICAL, T0 + 1));
            run.finding(cell("c2", THERMAL, CRITICAL, T0 + 1));

            assertThat(run.commands).extracting(Command::cellId).containsExactly("c1", "c2");
            assertThat(run.active("c2/thermal").state()).isEqualTo(Alert.State.INHIBITED);
        }

        @Test
        void aNewEpisodePausesAgainWithANewCommandId() {
            Run run = new Run();
            run.finding(cell("c1", HARD_SHORT, CRITICAL, T0));
            run.finding(cleared("c1", HARD_SHORT, T0 + 600));
            run.finding(cell("c1", HARD_SHORT, CRITICAL, T0 + 7200));

            assertThat(run.commands).hasSize(2);
            assertThat(run.commands.get(0).commandId()).isNotEqualTo(run.commands.get(1).commandId());
        }
    }

    @Nested
    class Acknowledgement {

        @Test
        void theEdgesAckIsRecordedOnTheAlertAndPublishedOnce() {
            Run run = new Run();
            run.finding(cell("c1", HARD_SHORT, CRITICAL, T0));
            Command pause = run.commands.get(0);

            assertThat(run.command(pause, T0 + 2)).as("our own request echoed back").isEmpty();
            List<Alert> out = run.command(pause.acknowledged(T0 + 3.5), T0 + 4);

            assertThat(out).singleElement().satisfies(a -> {
                assertThat(a.commandAckedAtS()).isEqualTo(T0 + 3.5);
                assertThat(a.commandDone()).isTrue();
                assertThat(a.commandRefusal()).isNull();
                assertThat(a.state()).isEqualTo(Alert.State.OPEN);
            });
            assertThat(run.command(pause.acknowledged(T0 + 9), T0 + 10)).as("a redelivered ack").isEmpty();
            assertThat(run.active("c1/hard_short").commandAckedAtS()).isEqualTo(T0 + 3.5);
        }

        @Test
        void aRefusalIsRecordedWithItsReasonSoOnCallKnowsTheChannelIsStillRunning() {
            Run run = new Run();
            run.finding(cell("c1", THERMAL, CRITICAL, T0));
            Command pause = run.commands.get(0);

            List<Alert> out = run.command(pause.acknowledged(false, "channel not found on cycler", T0 + 2), T0 + 3);

            assertThat(out).singleElement().satisfies(a -> {
                assertThat(a.commandDone()).isFalse();
                assertThat(a.commandRefusal()).isEqualTo("channel not found on cycler");
                assertThat(a.commandAckedAtS()).isEqualTo(T0 + 2);
                assertThat(a.paging()).isTrue();
            });
            assertThat(run.command(pause.acknowledged(T0 + 5), T0 + 6)).as("the first answer stands").isEmpty();
            assertThat(run.commands).as("no automatic retry").hasSize(1);
        }

        @Test
        void anAckForAnotherCommandChangesNothing() {
            Run run = new Run();
            run.finding(cell("c1", HARD_SHORT, CRITICAL, T0));
            Command other = new Command("someone-else", "c1", Command.Action.PAUSE, null, T0, true, T0 + 1, null, null, null, null);

            assertThat(run.command(other, T0 + 2)).isEmpty();
        }

        @Test
        void anAckArrivingAfterResolutionIsStillRecordedThenTheEpisodeIsForgotten() {
            Run run = new Run();
            run.finding(cell("c1", HARD_SHORT, CRITICAL, T0));
            Command pause = run.commands.get(0);
            run.finding(cleared("c1", HARD_SHORT, T0 + 30));
            assertThat(run.book.resolved()).hasSize(1);

            List<Alert> out = run.command(pause.acknowledged(T0 + 40), T0 + 41);

            assertThat(out).singleElement().satisfies(a -> {
                assertThat(a.state()).isEqualTo(Alert.State.RESOLVED);
                assertThat(a.commandAckedAtS()).isEqualTo(T0 + 40);
            });
            assertThat(run.book.resolved()).isEmpty();
        }

        @Test
        void anAckThatNeverComesIsWaitedForOnlyForTheAckWait() {
            Run run = new Run();
            run.finding(cell("c1", HARD_SHORT, CRITICAL, T0));
            run.finding(cleared("c1", HARD_SHORT, T0 + 30)); // arrives T0 + 31

            run.tick(T0 + 31 + POLICY.ackWaitAfterResolve().toSeconds() - 1);
            assertThat(run.book.resolved()).hasSize(1);
            assertThat(run.tick(T0 + 31 + POLICY.ackWaitAfterResolve().toSeconds())).isEmpty();
            assertThat(run.book.isEmpty()).isTrue();
        }
    }

    @Test
    void theBookSurvivesTheStateStoresJsonUnchanged() throws Exception {
        Run run = new Run();
        run.mute(new Mute("c9", null, null, THERMAL, T0 + 3600, "x", "ana"), T0);
        run.finding(cell("c1", HARD_SHORT, CRITICAL, T0, Map.of("charge_throughput_ah", 0.0012)));
        run.finding(cell("c2", SOFT_SHORT, WARNING, T0));
        run.finding(chamber(CHAMBER_TEMPERATURE, CRITICAL, T0));
        run.finding(cleared("c1", HARD_SHORT, T0 + 30));

        byte[] json = Json.mapper().writeValueAsBytes(run.book);
        AlertBook back = Json.mapper().readValue(json, AlertBook.class);

        assertThat(back).isEqualTo(run.book);
        assertThat(back.resolved()).hasSize(1);
        assertThat(back.alerts()).containsOnlyKeys("c2/soft_short", GROUP + "/chamber_temperature");
    }

    private static Finding softShortBy(String detector, Severity severity, boolean cleared, double timeS) {
        return new Finding(SOFT_SHORT, severity, Finding.Scope.CELL, "c1", Findings.LAB, Findings.CHAMBER, 7, timeS,
                detector, "soft short by " + detector, Map.of(), List.of(), cleared);
    }
}
