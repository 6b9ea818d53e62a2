package io.cellwatch.app;

import io.cellwatch.edge.fleet.FleetOptions;
import io.cellwatch.telemetry.Alert;
import io.cellwatch.telemetry.FindingType;
import io.cellwatch.telemetry.Severity;
import io.cellwatch.telemetry.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The paper's failing cells through the whole pipeline on real embedded brokers: simulator → MQTT →
 * bridge → Kafka → analytics and detectors → alerts → interlock → command relay → MQTT → the
 * simulated channel, which stops, and whose acknowledgement comes back onto the alert.
 *
 * <p>Four channels get the first four presets: ch001 core–shell (healthy), ch002 HKUST-1 (shorts
 * in cycle 28–29), ch003 ZIF-8 (healthy but fading), ch004 GF+LE (fails in cycle 1–2), all at
 * 100 °C, sampled every 30 s and simulated 60,000× faster than real time.
 */
class SafetyPipelineIT {

    @Test
    void shortedCellsRaiseCriticalAlertsInTheirPaperCyclesAndArePausedWhileTheHealthyOnesStayQuiet() throws Exception {
        String lab = "safety-" + UUID.randomUUID().toString().substring(0, 6);
        FleetOptions fleet = new FleetOptions(lab, 4, 30.0, 60_000, 200, 11L, 1_767_225_600.0, Duration.ofMillis(50));
        String coreShell = lab + ".oven-100c.ch001";
        String hkust1 = lab + ".oven-100c.ch002";
        String gfLe = lab + ".oven-100c.ch004";
        try (AllInOne all = AllInOne.start(new AllInOne.Options(null, 0, 0, 2, 0, fleet));
             AlertReader alerts = new AlertReader(all.kafkaBootstrap())) {

            // GF+LE: critical short in cycle 1-2, the channel paused, the pause acknowledged on the alert
            Alert gfLeAck = alerts.await(a -> gfLe.equals(a.cellId()) && a.commandAckedAtS() != null, Duration.ofSeconds(120));
            assertThat(gfLeAck.type()).isEqualTo(FindingType.HARD_SHORT);
            assertThat(gfLeAck.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(alerts.first(a -> gfLe.equals(a.cellId()) && a.severity() == Severity.CRITICAL).orElseThrow().cycle())
                    .isBetween(1, 2);
            assertThat(all.progress().pausedCells()).contains(gfLe);

            // HKUST-1: critical short in cycle 28-30, nothing at warning or above before, then paused
            Alert hkustAck = alerts.await(a -> hkust1.equals(a.cellId()) && a.commandAckedAtS() != null, Duration.ofSeconds(150));
            assertThat(hkustAck.type()).isEqualTo(FindingType.HARD_SHORT);
            Alert firstHkust = alerts.first(a -> hkust1.equals(a.cellId()) && a.severity().compareTo(Severity.WARNING) >= 0)
                    .orElseThrow();
            assertThat(firstHkust.cycle()).as("first HKUST-1 alert: %s", firstHkust).isBetween(28, 30);
            assertThat(all.progress().pausedCells()).contains(hkust1);

            // core-shell: never a warning or critical alert
            assertThat(alerts.seen()).noneMatch(a -> coreShell.equals(a.cellId()) && a.severity().compareTo(Severity.WARNING) >= 0);
            assertThat(all.progress().pausedCells()).doesNotContain(coreShell);
            assertThat(all.bridgeFailure()).isNull();
        }
    }

    /** Every alert transition on cellwatch.alerts.v1, read as it is committed. */
    private static final class AlertReader implements AutoCloseable {
        private final KafkaConsumer<String, Alert> consumer;
        private final List<Alert> seen = new ArrayList<>();

        AlertReader(String bootstrap) {
            consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID(),
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                    Topics.ALERTS.keySerde().deserializer(), Topics.ALERTS.valueSerde().deserializer());
            consumer.subscribe(List.of(Topics.ALERTS.name()));
        }

        Alert await(Predicate<Alert> wanted, Duration timeout) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                Optional<Alert> hit = first(wanted);
                if (hit.isPresent()) {
                    return hit.get();
                }
                for (ConsumerRecord<String, Alert> r : consumer.poll(Duration.ofMillis(200))) {
                    seen.add(r.value());
                }
            }
            throw new AssertionError("no such alert within " + timeout + "; alerts so far: " + seen);
        }

        Optional<Alert> first(Predicate<Alert> wanted) {
            return seen.stream().filter(wanted).findFirst();
        }

        List<Alert> seen() {
            return List.copyOf(seen);
        }

        @Override
        public void close() {
            consumer.close();
        }
    }
}
