package io.cellwatch.telemetry.validation;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class TelemetryLimitsTest {

    private static final Instant Y2000 = Instant.parse("2000-01-01T00:00:00Z");
    private static final Instant Y2100 = Instant.parse("2100-01-01T00:00:00Z");

    @Test
    void defaultsAreTheDocumentedOnes() {
        TelemetryLimits d = TelemetryLimits.defaults();

        assertThat(d.maxPayloadBytes()).isEqualTo(262_144);
        assertThat(d.maxSamplesPerBatch()).isEqualTo(10_000);
        assertThat(d.voltageMinV()).isEqualTo(-10.0);
        assertThat(d.voltageMaxV()).isEqualTo(10.0);
        assertThat(d.currentMaxAbsA()).isEqualTo(1000.0);
        assertThat(d.earliestSampleTime()).isEqualTo(Y2000);
        assertThat(d.latestSampleTime()).isEqualTo(Y2100);
        assertThat(d.temperatureMinC()).isEqualTo(-40.0);
        assertThat(d.temperatureMaxC()).isEqualTo(200.0);
    }

    @Test
    void withersChangeOneLimitAndKeepTheRest() {
        TelemetryLimits changed = TelemetryLimits.defaults().withMaxPayloadBytes(1024).withMaxSamplesPerBatch(5);

        assertThat(changed.maxPayloadBytes()).isEqualTo(1024);
        assertThat(changed.maxSamplesPerBatch()).isEqualTo(5);
        assertThat(changed.withMaxPayloadBytes(262_144).withMaxSamplesPerBatch(10_000))
                .isEqualTo(TelemetryLimits.defaults());
    }

    @Test
    void inconsistentLimitsAreRefusedWhenConfigured() {
        assertThatIllegalArgumentException().isThrownBy(() -> TelemetryLimits.defaults().withMaxPayloadBytes(0))
                .withMessageContaining("maxPayloadBytes");
        assertThatIllegalArgumentException().isThrownBy(() -> TelemetryLimits.defaults().withMaxSamplesPerBatch(-1))
                .withMessageContaining("maxSamplesPerBatch");
        assertThatIllegalArgumentException().isThrownBy(() ->
                new TelemetryLimits(1, 1, 5.0, -5.0, 1.0, Y2000, Y2100, -40, 200))
                .withMessageContaining("voltage");
        assertThatIllegalArgumentException().isThrownBy(() ->
                new TelemetryLimits(1, 1, -5.0, 5.0, Double.NaN, Y2000, Y2100, -40, 200))
                .withMessageContaining("currentMaxAbsA");
        assertThatIllegalArgumentException().isThrownBy(() ->
                new TelemetryLimits(1, 1, -5.0, 5.0, 1.0, Y2100, Y2000, -40, 200))
                .withMessageContaining("earliestSampleTime");
        assertThatIllegalArgumentException().isThrownBy(() ->
                new TelemetryLimits(1, 1, -5.0, 5.0, 1.0, Y2000, Y2100, 200, -40))
                .withMessageContaining("temperature");
    }
}
