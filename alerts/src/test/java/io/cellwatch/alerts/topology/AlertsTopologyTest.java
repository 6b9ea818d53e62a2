package io.cellwatch.alerts.topology;

import io.cellwatch.alerts.lifecycle.AlertPolicy;
import io.cellwatch.telemetry.Alert;
import io.cellwatch.telemetry.CellMetadata;
import io.cellwatch.telemetry.CellStatus;
import io.cellwatch.telemetry.CellType;
import io.cellwatch.telemetry.Command;
import io.cellwatch.telemetry.Finding;
import io.cellwatch.telemetry.FindingType;
import io.cellwatch.telemetry.Mute;
import io.cellwatch.telemetry.Severity;
import io.cellwatch.telemetry.Topics;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AlertsTopologyTest {

    /** Wall clock at the start of each test; findings are stamped a second or so before they arrive. */
    private static final double T0 = 1_767_225_600.0;

    @TempDir
    Path stateDir;
    private TopologyTestDriver driver;
    private TestInputTopic<String, Finding> findings;
    private TestInputTopic<String, Command> commandsIn;
    private TestInputTopic<String, CellStatus> cells;
    private TestInputTopic<String, Mute> mutes;
    private TestOutputTopic<String, Alert> alerts;
    private TestOutputTopic<String, Command> commandsOut;
    private final List<Alert> heard = new ArrayList<>();
    private final List<Command> heardCommands = new ArrayList<>();

    @BeforeEach
    void start() {
        AlertsOptions options = AlertsOptions.of("unused:9092", stateDir).withApplicationId("alerts-topology-test");
        AlertListener listener = new AlertListener() {
            @Override
            public void onAlert(Alert alert, Double causeTimeS, double nowS) {
                heard.add(alert);
            }

            @Override
            public void onCommand(Command command) {
                heardCommands.add(command);
            }
        };
        driver = new TopologyTestDriver(AlertsTopology.build(options, listener), options.toProperties(),
                Instant.ofEpochSecond((long) T0));
        findings = input(Topics.FINDINGS);
        commandsIn = input(Topics.COMMANDS);
        cells = input(Topics.CELLS);
        mutes = input(Topics.MUTES);
        alerts = driver.createOutputTopic(Topics.ALERTS.name(), Topics.ALERTS.keySerde().deserializer(),
                Topics.ALERTS.valueSerde().deserializer());
        commandsOut = driver.createOutputTopic(Topics.COMMANDS.name(), Topics.COMMANDS.keySerde().deserializer(),
                Topics.COMMANDS.valueSerde().deserializer());
        cells.pipeInput("coin-1", CellStatus.online(metadata("coin-1", "ch-01"), T0 - 3600));
        cells.pipeInput("coin-2", CellStatus.online(metadata("coin-2", "ch-02"), T0 - 3600));
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void aCriticalHardShortPublishesAnOpenAlertAndOnePauseAddressedFromTheRegistry() {
        // given: a finding that does not know its lab and chamber; the registry does
        Finding shortFinding = cellFinding("coin-1", FindingType.HARD_SHORT, Severity.CRITICAL, T0 - 1, null, null);

        // when
        findings.pipeInput("coin-1", shortFinding);
        findings.pipeInput("coin-1", cellFinding("coin-1", FindingType.HARD_SHORT, Severity.CRITICAL, T0, null, null));

        // then
        List<KeyValue<String, Alert>> out = alerts.readKeyValuesToList();
        assertThat(out).singleElement().satisfies(kv -> {
            assertThat(kv.key).isEqualTo("coin-1/hard_short");
            assertThat(kv.value.state()).isEqualTo(Alert.State.OPEN);
            assertThat(kv.value.lab()).isEqualTo("lab1");
            assertThat(kv.value.chamber()).isEqualTo("oven-2");
            assertThat(kv.value.channel()).isEqualTo("ch-01");
            assertThat(kv.value.commandId()).isEqualTo(kv.value.alertId() + "/pause");
        });
        List<KeyValue<String, Command>> pauses = commandsOut.readKeyValuesToList();
        assertThat(pauses).singleElement().satisfies(kv -> {
            assertThat(kv.key).isEqualTo("coin-1");
            assertThat(kv.value.action()).isEqualTo(Command.Action.PAUSE);
            assertThat(kv.value.address()).hasValueSatisfying(a -> {
                assertThat(a.lab()).isEqualTo("lab1");
                assertThat(a.chamber()).isEqualTo("oven-2");
                assertThat(a.channel()).isEqualTo("ch-01");
            });
            assertThat(kv.value.issuedAtS()).isEqualTo(T0);
            assertThat(kv.value.isAcknowledgement()).as("a request, so the relay forwards it").isFalse();
        });
        assertThat(heard).hasSize(1);
        assertThat(heardCommands).hasSize(1);
    }

    @Test
    void theEdgesAckComesBackOnTheCommandsTopicAndIsRecordedOnTheAlert() {
        findings.pipeInput("coin-1", cellFinding("coin-1", FindingType.THERMAL, Severity.CRITICAL, T0, "lab1", "oven-2"));
        Command pause = commandsOut.readValue();
        alerts.readValuesToList();

        commandsIn.pipeInput("coin-1", pause); // our own request seen on the topic: nothing happens
        assertThat(alerts.isEmpty()).isTrue();
        commandsIn.pipeInput("coin-1", pause.acknowledged(T0 + 2.25));

        assertThat(alerts.readKeyValuesToList()).singleElement().satisfies(kv -> {
            assertThat(kv.key).isEqualTo("coin-1/thermal");
            assertThat(kv.value.commandAckedAtS()).isEqualTo(T0 + 2.25);
            assertThat(kv.value.state()).isEqualTo(Alert.State.OPEN);
        });
        assertThat(commandsOut.isEmpty()).as("no second pause").isTrue();
    }

    @Test
    void aRefusalFromTheRelayIsRecordedOnTheAlert() {
        findings.pipeInput("coin-2", cellFinding("coin-2", FindingType.HARD_SHORT, Severity.CRITICAL, T0, null, null));
        Command pause = commandsOut.readValue();
        alerts.readValuesToList();

        commandsIn.pipeInput("coin-2", pause.acknowledged(false, "cell coin-2 never announced its channel", T0 + 1));

        assertThat(alerts.readValuesToList()).singleElement().satisfies(a -> {
            assertThat(a.commandDone()).isFalse();
            assertThat(a.commandRefusal()).contains("never announced");
        });
    }

    @Test
    void theWallClockResolvesAnAlertThatWentQuiet() {
        for (int i = 0; i < 3; i++) {
            findings.pipeInput("coin-2", cellFinding("coin-2", FindingType.SENSOR_FAULT, Severity.WARNING, T0 - 10 + i, "lab1", "oven-2"));
        }
        assertThat(alerts.readValuesToList()).extracting(Alert::state).containsExactly(Alert.State.OPEN);

        Duration quiet = AlertPolicy.defaults().quietPeriodOf(FindingType.SENSOR_FAULT);
        driver.advanceWallClockTime(quiet.minusSeconds(30));
        assertThat(alerts.isEmpty()).as("still inside the quiet period").isTrue();
        driver.advanceWallClockTime(Duration.ofSeconds(30).plus(AlertsOptions.DEFAULT_TICK_INTERVAL));

        assertThat(alerts.readValuesToList()).singleElement().satisfies(a -> {
            assertThat(a.state()).isEqualTo(Alert.State.RESOLVED);
            assertThat(a.resolvedAtS()).isGreaterThanOrEqualTo(T0 + quiet.toSeconds());
        });
        assertThat(commandsOut.isEmpty()).isTrue();
    }

    @Test
    void aChamberFindingKeyedByChamberInhibitsCellAlertsKeyedByCell() {
        findings.pipeInput("coin-1", cellFinding("coin-1", FindingType.THERMAL, Severity.CRITICAL, T0, null, null));
        findings.pipeInput("coin-2", cellFinding("coin-2", FindingType.HARD_SHORT, Severity.CRITICAL, T0, null, null));
        alerts.readValuesToList();

        Finding chamberHot = new Finding(FindingType.CHAMBER_TEMPERATURE, Severity.CRITICAL, Finding.Scope.CHAMBER, null,
                "lab1", "oven-2", null, T0 + 1, "ChamberDetector", "oven-2 at 112 °C, setpoint 100 °C",
                Map.of("chamber_temperature_c", 112.0), List.of(), false);
        findings.pipeInput(chamberHot.key(), chamberHot);

        Map<String, Alert> latest = alerts.readKeyValuesToMap();
        assertThat(latest).containsOnlyKeys("lab1/oven-2/chamber_temperature", "coin-1/thermal");
        assertThat(latest.get("coin-1/thermal").state()).isEqualTo(Alert.State.INHIBITED);
        assertThat(latest.get("coin-1/thermal").inhibitedBy()).isEqualTo(latest.get("lab1/oven-2/chamber_temperature").alertId());
    }

    @Test
    void aMuteOnTheMutesTopicMutesUntilTheWallClockPassesIt() {
        findings.pipeInput("coin-2", cellFinding("coin-2", FindingType.SOFT_SHORT, Severity.CRITICAL, T0, null, null));
        alerts.readValuesToList();

        Mute mute = new Mute("coin-2", null, null, FindingType.SOFT_SHORT, T0 + 120, "known bad cell", "ana");
        mutes.pipeInput(mute.key(), mute);

        assertThat(alerts.readValuesToList()).singleElement().satisfies(a -> {
            assertThat(a.state()).isEqualTo(Alert.State.MUTED);
            assertThat(a.mutedUntilS()).isEqualTo(T0 + 120);
        });
        driver.advanceWallClockTime(Duration.ofSeconds(130));
        assertThat(alerts.readValuesToList()).singleElement().extracting(Alert::state).isEqualTo(Alert.State.OPEN);
    }

    @Test
    void aDetectorRepeatingItselfPublishesNothingNew() {
        for (int i = 0; i < 20; i++) {
            findings.pipeInput("coin-2", cellFinding("coin-2", FindingType.SOFT_SHORT, Severity.CRITICAL, T0 + i, null, null));
        }
        assertThat(alerts.readValuesToList()).singleElement().satisfies(a -> assertThat(a.findingCount()).isEqualTo(1));
        assertThat(driver.<String, io.cellwatch.alerts.lifecycle.AlertBook>getKeyValueStore(AlertsTopology.BOOK_STORE)
                .get("lab1/oven-2").alerts().get("coin-2/soft_short").findingCount()).isEqualTo(20);
    }

    private <V> TestInputTopic<String, V> input(Topics.Topic<String, V> topic) {
        return driver.createInputTopic(topic.name(), topic.keySerde().serializer(), topic.valueSerde().serializer());
    }

    private static Finding cellFinding(String cellId, FindingType type, Severity severity, double timeS, String lab, String chamber) {
        return new Finding(type, severity, Finding.Scope.CELL, cellId, lab, chamber, 3, timeS, "TestDetector",
                type.wireName() + " on " + cellId, Map.of("value", 1.0), List.of(), false);
    }

    private static CellMetadata metadata(String cellId, String channel) {
        return new CellMetadata(cellId, "lab1", "oven-2", channel, CellType.FULL, "Li||LFP", 0.00078, null, null,
                2.5, 4.2, 1.0, 100.0, 10.0);
    }
}
