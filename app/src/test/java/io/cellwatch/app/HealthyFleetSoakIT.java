package io.cellwatch.app;

import io.cellwatch.edge.fleet.FleetOptions;
import io.cellwatch.edge.sim.Preset;
import io.cellwatch.telemetry.Alert;
import io.cellwatch.telemetry.Finding;
import io.cellwatch.telemetry.Severity;
import io.cellwatch.telemetry.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A healthy lab must never wake anyone: 100 core–shell cells at 100 °C, 100 cycles each, through
 * the whole pipeline as fast as it goes, and not one warning or critical finding or alert.
 * About 1.4 million samples (one a minute per cell); minutes, so only in {@code mvn verify -Psoak}.
 */
@Tag("soak")
class HealthyFleetSoakIT {

    @Test
    void aHundredHealthyCellsOverAHundredCyclesRaiseNoWarningOrCritical() throws Exception {
        String lab = "soak-" + UUID.randomUUID().toString().substring(0, 6);
        int cells = 100;
        FleetOptions fleet = new FleetOptions(lab, cells, 60.0, 0, 500, 2026L, 1_767_225_600.0, Duration.ofMillis(50),
                List.of(Preset.CORE_SHELL_100C));
        long started = System.nanoTime();
        List<Finding> findings = new ArrayList<>();
        List<Alert> alerts = new ArrayList<>();
        try (AllInOne all = AllInOne.start(new AllInOne.Options(null, 0, 0, 3, 0, fleet));
             KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                     ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, all.kafkaBootstrap(),
                     ConsumerConfig.GROUP_ID_CONFIG, "soak-" + UUID.randomUUID(),
                     ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                     ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                     new org.apache.kafka.common.serialization.StringDeserializer(),
                     new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.FINDINGS.name(), Topics.ALERTS.name(), Topics.CYCLES.name()));
            long deadline = System.nanoTime() + Duration.ofMinutes(40).toNanos();
            int finishedCycle100 = 0;
            java.util.Set<String> done = new java.util.HashSet<>();
            while (done.size() < cells && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (r.topic().equals(Topics.FINDINGS.name())) {
                        findings.add(Topics.FINDINGS.valueSerde().deserializer().deserialize(r.topic(), r.value()));
                    } else if (r.topic().equals(Topics.ALERTS.name())) {
                        alerts.add(Topics.ALERTS.valueSerde().deserializer().deserialize(r.topic(), r.value()));
                    } else {
                        var c = Topics.CYCLES.valueSerde().deserializer().deserialize(r.topic(), r.value());
                        if (c.cycle() != null && c.cycle() >= 100 && !Boolean.TRUE.equals(c.provisional())) {
                            done.add(c.cellId());
                        }
                    }
                }
            }
            System.out.printf("soak: %d of %d cells through cycle 100 in %.0f s; %s%n", done.size(), cells,
                    (System.nanoTime() - started) / 1e9, all.progress());
            assertThat(done).as("cells that finished cycle 100").hasSize(cells);
        }
        assertThat(findings).as("warning or critical findings on healthy cells")
                .noneMatch(f -> f.severity().compareTo(Severity.WARNING) >= 0 && !f.cleared());
        assertThat(alerts).as("alerts on healthy cells").isEmpty();
    }
}
