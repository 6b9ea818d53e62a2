package io.cellwatch.telemetry.json;

import com.fasterxml.jackson.databind.JsonNode;
import io.cellwatch.telemetry.Alert;
import io.cellwatch.telemetry.Command;
import io.cellwatch.telemetry.Finding;
import io.cellwatch.telemetry.FindingType;
import io.cellwatch.telemetry.Mute;
import io.cellwatch.telemetry.Severity;
import io.cellwatch.telemetry.Topics;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The alert, command and mute records on the wire: snake_case, lower-case enums, and back to equal records. */
class AlertCommandMuteJsonTest {

    @Test
    void anAlertRoundTripsWithLowerCaseStateAndItsInterlockFields() throws Exception {
        Alert alert = new Alert("coin-07/hard_short/1718000000000", "coin-07/hard_short", Alert.State.INHIBITED,
                FindingType.HARD_SHORT, Severity.CRITICAL, Finding.Scope.CELL, "coin-07", "lab1", "oven-2", "ch-07",
                12, "HardShortDetector", 1_718_000_000.0, 1_718_000_060.0, null, "charge ran to 1.6 Q_ref",
                Map.of("charge_throughput_ah", 0.00125), 4, "lab1/oven-2/chamber_temperature/1717999990000", null,
                "coin-07/hard_short/1718000000000/pause", Command.Action.PAUSE, 1_718_000_000.5, 1_718_000_002.0, false,
                "channel busy in a protocol step that cannot pause");

        byte[] bytes = Topics.ALERTS.valueSerde().serializer().serialize(Topics.ALERTS.name(), alert);

        JsonNode json = Json.mapper().readTree(bytes);
        assertThat(json.get("state").textValue()).isEqualTo("inhibited");
        assertThat(json.get("scope").textValue()).isEqualTo("cell");
        assertThat(json.get("command_action").textValue()).isEqualTo("pause");
        assertThat(json.get("evidence").get("charge_throughput_ah").doubleValue()).isEqualTo(0.00125);
        assertThat(json.has("resolved_at_s")).isFalse();
        assertThat(json.get("command_done").booleanValue()).isFalse();
        assertThat(json.get("command_refusal").textValue()).contains("cannot pause");
        assertThat(Topics.ALERTS.valueSerde().deserializer().deserialize(Topics.ALERTS.name(), bytes)).isEqualTo(alert);
        assertThat(alert.paging()).isFalse();
    }

    @Test
    void anAcknowledgementKeepsTheCommandsAddressAndAlert() throws Exception {
        Command pause = new Command("a/pause", "coin-07", Command.Action.PAUSE, "interlock", 1_718_000_000.0, null,
                null, "lab1", "oven-2", "ch-07", "a");

        Command ack = pause.acknowledged(1_718_000_001.5);
        byte[] bytes = Topics.COMMANDS.valueSerde().serializer().serialize(Topics.COMMANDS.name(), ack);

        assertThat(Json.mapper().readTree(bytes).get("action").textValue()).isEqualTo("pause");
        Command back = Topics.COMMANDS.valueSerde().deserializer().deserialize(Topics.COMMANDS.name(), bytes);
        assertThat(back).isEqualTo(ack);
        assertThat(back.isAck()).isTrue();
        assertThat(pause.isAck()).isFalse();
        assertThat(pause.isAcknowledgement()).as("a request carries no ack field at all").isFalse();
        assertThat(Json.mapper().readTree(Topics.COMMANDS.valueSerde().serializer().serialize(Topics.COMMANDS.name(), pause))
                .has("ack")).isFalse();
        assertThat(back.address()).hasValueSatisfying(a -> assertThat(a.channel()).isEqualTo("ch-07"));
        assertThat(new Command("x", "c", Command.Action.PAUSE, null, null, null, null, "lab1", null, "ch", null).address())
                .isEmpty();
    }

    @Test
    void aMuteCoversItsCellOrItsWholeChamberAndIsKeyedByTarget() throws Exception {
        Mute cell = new Mute("coin-07", null, null, FindingType.THERMAL, 1_718_003_600.0, "door open", "ana");
        Mute chamber = new Mute(null, "lab1", "oven-2", null, 1_718_003_600.0, "maintenance", "ana");

        assertThat(cell.key()).isEqualTo("coin-07/thermal");
        assertThat(chamber.key()).isEqualTo("lab1/oven-2/*");
        assertThat(cell.covers(FindingType.THERMAL, "coin-07", "lab1", "oven-2")).isTrue();
        assertThat(cell.covers(FindingType.HARD_SHORT, "coin-07", "lab1", "oven-2")).isFalse();
        assertThat(cell.covers(FindingType.THERMAL, "coin-08", "lab1", "oven-2")).isFalse();
        assertThat(chamber.covers(FindingType.HARD_SHORT, "coin-08", "lab1", "oven-2")).isTrue();
        assertThat(chamber.covers(FindingType.CHAMBER_TEMPERATURE, null, "lab1", "oven-2")).isTrue();
        assertThat(chamber.covers(FindingType.THERMAL, "coin-09", "lab1", "oven-3")).isFalse();

        byte[] bytes = Topics.MUTES.valueSerde().serializer().serialize(Topics.MUTES.name(), cell);
        assertThat(Json.mapper().readTree(bytes).get("until_s").doubleValue()).isEqualTo(1_718_003_600.0);
        assertThat(Topics.MUTES.valueSerde().deserializer().deserialize(Topics.MUTES.name(), bytes)).isEqualTo(cell);
    }
}
