package io.cellwatch.telemetry.json;

import com.fasterxml.jackson.databind.JsonNode;
import io.cellwatch.telemetry.CellMetadata;
import io.cellwatch.telemetry.CellStatus;
import io.cellwatch.telemetry.CellType;
import io.cellwatch.telemetry.Sample;
import io.cellwatch.telemetry.SampleBatch;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What goes on the wire: snake_case names with units, nulls left out, and back to equal records. */
class JsonSerdeRoundTripTest {

    private static final Sample SAMPLE =
            new Sample("coin-07", 42L, 1_718_000_000.25, 3600.5, 3.412, -0.00078, 25.1, 25.0, 3, 12);

    private static final CellMetadata METADATA = new CellMetadata("coin-07", "lab1", "chamber-2", "ch-07",
            CellType.SYMMETRIC, "Li||Li", 0.00078, null, 2.01, -0.5, 0.5, 0.5, 100.0, 10.0);

    private static JsonNode tree(byte[] bytes) throws Exception {
        return Json.mapper().readTree(bytes);
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void aSampleRoundTripsWithUnitsInSnakeCaseNames() throws Exception {
        JsonSerde<Sample> serde = JsonSerde.of(Sample.class);

        byte[] bytes = serde.toBytes(SAMPLE);

        assertThat(names(tree(bytes))).containsExactly("cell_id", "seq", "time_s", "test_time_s", "voltage_v",
                "current_a", "cell_temperature_c", "chamber_temperature_c", "step_index", "cycle_index");
        assertThat(serde.fromBytes(bytes)).isEqualTo(SAMPLE);
    }

    @Test
    void absentValuesAreLeftOffTheWireAndComeBackAsNull() throws Exception {
        JsonSerde<Sample> serde = JsonSerde.of(Sample.class);
        Sample sparse = new Sample(null, 1L, 1_718_000_000.0, null, 3.4, 0.0, null, null, null, null);

        byte[] bytes = serde.toBytes(sparse);

        assertThat(new String(bytes, StandardCharsets.UTF_8))
                .isEqualTo("{\"seq\":1,\"time_s\":1.718E9,\"voltage_v\":3.4,\"current_a\":0.0}");
        assertThat(serde.fromBytes(bytes)).isEqualTo(sparse);
    }

    @Test
    void aBatchRoundTripsWithSchemaVersionAndCellIdOnTheWire() throws Exception {
        JsonSerde<SampleBatch> serde = JsonSerde.of(SampleBatch.class);
        SampleBatch batch = SampleBatch.of("coin-07", List.of(SAMPLE.withCellId(null), SAMPLE));

        byte[] bytes = serde.toBytes(batch);

        JsonNode json = tree(bytes);
        assertThat(names(json)).containsExactly("schema_version", "cell_id", "samples");
        assertThat(json.get("schema_version").intValue()).isEqualTo(SampleBatch.CURRENT_SCHEMA_VERSION);
        assertThat(json.get("samples").get(0).has("cell_id")).isFalse();
        assertThat(json.get("samples").get(1).get("voltage_v").doubleValue()).isEqualTo(3.412);
        assertThat(serde.fromBytes(bytes)).isEqualTo(batch);
        assertThat(serde.fromBytes(bytes).samplesWithCellId()).extracting(Sample::cellId)
                .containsExactly("coin-07", "coin-07");
    }

    @Test
    void anOnlineStatusRoundTripsWithItsMetadataAndLowerCaseEnums() throws Exception {
        JsonSerde<CellStatus> serde = JsonSerde.of(CellStatus.class);
        CellStatus online = CellStatus.online(METADATA, 1_718_000_000.0);

        byte[] bytes = serde.toBytes(online);

        JsonNode json = tree(bytes);
        assertThat(names(json)).containsExactly("schema_version", "cell_id", "state", "time_s", "metadata");
        assertThat(json.get("state").textValue()).isEqualTo("online");
        assertThat(json.get("metadata").get("cell_type").textValue()).isEqualTo("symmetric");
        assertThat(json.get("metadata").has("nominal_capacity_ah")).isTrue();
        assertThat(json.get("metadata").has("active_mass_g")).isFalse();
        assertThat(serde.fromBytes(bytes)).isEqualTo(online);
    }

    @Test
    void anOfflineStatusRoundTripsWithoutMetadata() throws Exception {
        JsonSerde<CellStatus> serde = JsonSerde.of(CellStatus.class);
        CellStatus offline = CellStatus.offline("coin-07", 1_718_000_100.0);

        byte[] bytes = serde.toBytes(offline);

        assertThat(names(tree(bytes))).containsExactly("schema_version", "cell_id", "state", "time_s");
        assertThat(tree(bytes).get("state").textValue()).isEqualTo("offline");
        assertThat(serde.fromBytes(bytes)).isEqualTo(offline);
    }

    @Test
    void theKafkaSideOfTheSerdeUsesTheSameEncodingAndFailsWithTheTopicName() {
        JsonSerde<Sample> serde = JsonSerde.of(Sample.class);

        byte[] bytes = serde.serializer().serialize("cellwatch.telemetry.v1", SAMPLE);

        assertThat(bytes).isEqualTo(serde.toBytes(SAMPLE));
        assertThat(serde.deserializer().deserialize("cellwatch.telemetry.v1", bytes)).isEqualTo(SAMPLE);
        assertThat(serde.serialize("t", null)).isNull();
        assertThat(serde.deserialize("t", null)).isNull();
        assertThatThrownBy(() -> serde.deserialize("cellwatch.telemetry.v1", "{".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("cellwatch.telemetry.v1");
    }
}
