package io.cellwatch.streams.topology;

import io.cellwatch.streams.analytics.AnalyticsOptions;
import io.cellwatch.streams.analytics.CellAnalytics;
import io.cellwatch.streams.analytics.CellState;
import io.cellwatch.telemetry.CellMetadata;
import io.cellwatch.telemetry.CellType;
import io.cellwatch.telemetry.Sample;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StateSerdeTest {

    @Test
    void aCellStateMidCycleSurvivesTheStoreEncodingUnchanged() {
        CellMetadata meta = new CellMetadata("c", null, null, null, CellType.FULL, null, 0.00078, 0.0049, null,
                2.0, 4.2, 1.0, null, 10.0);
        CellAnalytics cell = new CellAnalytics(meta, AnalyticsOptions.defaults());
        double t = 1_767_225_600.0;
        for (int i = 0; i < 500; i++) {
            double current = i < 300 ? 0.00078 : -0.00078;
            cell.accept(new Sample("c", (long) i, t + 10 * i, 10.0 * i, 3.3 + 0.001 * (i % 300), current, 25.0 + i * 1e-3, 25.0, null, null));
        }
        StateSerde<CellState> serde = StateSerde.of(CellState.class);

        byte[] bytes = serde.serializer().serialize("store", cell.state());
        CellState back = serde.deserializer().deserialize("store", bytes);

        assertThat(back).isEqualTo(cell.state());
        CellAnalytics restored = CellAnalytics.restore(meta, AnalyticsOptions.defaults(), back);
        assertThat(restored.provisional()).isEqualTo(cell.provisional());
    }

    @Test
    void unreadableStateFailsWithTheTypeNamed() {
        StateSerde<CellState> serde = StateSerde.of(CellState.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> serde.deserializer().deserialize("store", new byte[]{1, 2, 3}))
                .hasMessageContaining("CellState");
    }
}
