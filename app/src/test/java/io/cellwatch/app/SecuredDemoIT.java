package io.cellwatch.app;

import io.cellwatch.edge.fleet.FleetOptions;
import io.cellwatch.edge.mqtt.MqttTelemetryPublisher;
import io.cellwatch.embedded.MqttAccess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code cellwatch demo --mqtt-credentials FILE}: the demo's own clients get accounts, strangers do not. */
class SecuredDemoIT {

    @TempDir
    Path dir;

    @Test
    void securedDemoCarriesItsFleetIntoKafkaAndRefusesClientsWithoutAnAccount() throws Exception {
        Path credentials = dir.resolve("mqtt-credentials");
        Files.write(credentials, List.of(MqttAccess.line("edge-a", "lab-a", MqttAccess.Role.EDGE,
                MqttAccess.hash("secret-a".toCharArray(), 1_000))));
        FleetOptions fleet = new FleetOptions("it-lab", 2, 10.0, 36_000, 200, 7L,
                1_767_225_600.0, Duration.ofMillis(50));
        try (AllInOne all = AllInOne.start(new AllInOne.Options(null, 0, 0, 2, -1, fleet, List.of(), credentials))) {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            AllInOne.Progress p = all.progress();
            while (p.telemetryOffsets() < 500 && System.nanoTime() < deadline) {
                LockSupport.parkNanos(Duration.ofMillis(100).toNanos()); // polling a broker-side figure
                p = all.progress();
            }
            assertThat(p.telemetryOffsets()).as("samples in Kafka; progress %s", p).isGreaterThanOrEqualTo(500);
            assertThat(all.bridgeFailure()).isNull();

            assertThatThrownBy(() -> MqttTelemetryPublisher.connect(all.mqttServerUri(), "anonymous").close())
                    .hasMessageContaining("cannot connect");
            try (MqttTelemetryPublisher edgeA = MqttTelemetryPublisher.connect(all.mqttServerUri(), "edge-a-1",
                    io.cellwatch.telemetry.MqttClientSecurity.credentials("edge-a", "secret-a"))) {
                assertThat(edgeA.isConnected()).as("an account from the file logs in").isTrue();
            }
        }
    }
}
