package io.cellwatch.app;

import io.cellwatch.edge.fleet.FleetOptions;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The demo's whole chain on real embedded brokers: simulated fleet → MQTT → bridge → Kafka. */
class AllInOneIT {

    @Test
    void simulatedSamplesFlowIntoKafkaAndAllOfThemArriveAfterAnOrderlyStop() throws Exception {
        FleetOptions fleet = new FleetOptions("it-lab", 4, 10.0, 36_000, 200, 7L,
                1_767_225_600.0, Duration.ofMillis(50));
        AllInOne.Progress last;
        try (AllInOne all = AllInOne.start(new AllInOne.Options(null, 0, 0, 2, 0, fleet))) {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            AllInOne.Progress p = all.progress();
            while (p.telemetryOffsets() < 2_000 && System.nanoTime() < deadline) {
                Thread.sleep(100); // polling a broker-side figure; there is no event to wait on
                p = all.progress();
            }
            assertThat(p.telemetryOffsets()).as("samples in Kafka; progress %s", p).isGreaterThanOrEqualTo(2_000);
            assertThat(p.cells()).isEqualTo(4);
            assertThat(all.bridgeFailure()).isNull();
            assertHttpOnLoopbackOnly(URI.create(all.httpAddress()).getPort());
            last = p;
        }
        assertThat(last.deadLettered()).as("simulated data is valid").isZero();
    }

    /** Like its brokers, the demo's HTTP (/cells, /metrics) answers on 127.0.0.1 and on no other address. */
    private static void assertHttpOnLoopbackOnly(int port) throws Exception {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            assertThat(s.isConnected()).isTrue();
        }
        Optional<InetAddress> external = NetworkInterface.networkInterfaces()
                .flatMap(NetworkInterface::inetAddresses)
                .filter(a -> !a.isLoopbackAddress() && !a.isLinkLocalAddress())
                .findFirst();
        if (external.isPresent()) {
            assertThatThrownBy(() -> new Socket(external.get(), port).close())
                    .as("connect to the demo's HTTP port on " + external.get())
                    .isInstanceOf(ConnectException.class);
        }
    }
}
