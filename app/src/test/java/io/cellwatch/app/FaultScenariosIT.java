package io.cellwatch.app;

import io.cellwatch.edge.fleet.FaultPlan;
import io.cellwatch.edge.fleet.FleetOptions;
import io.cellwatch.edge.sim.Preset;
import io.cellwatch.telemetry.Alert;
import io.cellwatch.telemetry.Finding;
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
import java.util.UUID;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SCENARIOS.md's thermal and data-quality situations through the whole pipeline on real embedded
 * brokers. Six core–shell channels, alternately in a 100 °C oven (odd) and on the bench at room
 * temperature (even):
 * <ul>
 *   <li>the oven overshoots by 15 K from 20 min: one chamber alert, and the oven cells' thermal
 *       alerts, if any, are inhibited by it (never paging);</li>
 *   <li>ch002 (bench) runs away thermally from 20 min: warning, then critical, then paused;</li>
 *   <li>ch004 (bench) has its thermocouple stuck from 10 min: a sensor-fault alert, no thermal one;</li>
 *   <li>ch006 (bench) is healthy: nothing;</li>
 *   <li>ch008 (bench) goes silent from 10 min for 16 simulated hours (96 s of wall clock at 600×,
 *       longer than the 60 s stale limit, which is wall clock): a stale-channel alert that resolves
 *       when data returns.</li>
 * </ul>
 */
class FaultScenariosIT {

    @Test
    void chamberOvershootThermalRunawayAndAStuckSensorEachGiveTheirOwnAlert() throws Exception {
        String lab = "faults-" + UUID.randomUUID().toString().substring(0, 6);
        FleetOptions fleet = new FleetOptions(lab, 8, 10.0, 600, 100, 5L, 1_767_225_600.0, Duration.ofMillis(50),
                List.of(Preset.CORE_SHELL_100C, Preset.CORE_SHELL_RT));
        List<FaultPlan> faults = List.of(FaultPlan.parse("oven-100c:chamber-hot@20m/15K"),
                FaultPlan.parse("ch002:thermal-runaway@20m"), FaultPlan.parse("ch004:stuck-sensor@10m"),
                FaultPlan.parse("ch008:silence@10m/16h"));
        String runaway = lab + ".bench-rt.ch002";
        String stuck = lab + ".bench-rt.ch004";
        String healthy = lab + ".bench-rt.ch006";
        String silent = lab + ".bench-rt.ch008";
        try (AllInOne all = AllInOne.start(new AllInOne.Options(null, 0, 0, 2, 0, fleet, faults));
             Reader<Alert> alerts = new Reader<>(all.kafkaBootstrap(), Topics.ALERTS.name(), Topics.ALERTS.valueSerde().deserializer());
             Reader<Finding> findings = new Reader<>(all.kafkaBootstrap(), Topics.FINDINGS.name(), Topics.FINDINGS.valueSerde().deserializer())) {

            // thermal runaway on the bench: the detector warns first, then goes critical; the critical
            // alert opens at once (a warning waits out its debounce) and the interlock pauses the channel
            Alert critical = alerts.await(a -> runaway.equals(a.cellId()) && a.type() == FindingType.THERMAL
                    && a.severity() == Severity.CRITICAL, Duration.ofSeconds(120));
            findings.drain(Duration.ofSeconds(1));
            assertThat(findings.seen()).filteredOn(f -> runaway.equals(f.cellId()) && f.type() == FindingType.THERMAL)
                    .extracting(Finding::severity).as("thermal findings of the runaway cell")
                    .startsWith(Severity.WARNING).contains(Severity.CRITICAL);
            alerts.await(a -> runaway.equals(a.cellId()) && a.commandAckedAtS() != null, Duration.ofSeconds(60));
            assertThat(all.progress().pausedCells()).contains(runaway);
            assertThat(critical.paging()).isTrue();

            // the oven: one chamber alert; no oven cell pages for heat
            Alert chamber = alerts.await(a -> a.scope() == Finding.Scope.CHAMBER && a.type() == FindingType.CHAMBER_TEMPERATURE
                    && "oven-100c".equals(a.chamber()), Duration.ofSeconds(60));
            assertThat(chamber.lab()).isEqualTo(lab);

            // stuck thermocouple: a sensor fault, and never a thermal alert or finding for that cell
            alerts.await(a -> stuck.equals(a.cellId()) && a.type() == FindingType.SENSOR_FAULT, Duration.ofSeconds(60));

            // silence: a stale alert after the wall-clock limit, resolved once samples flow again
            Alert stale = alerts.await(a -> silent.equals(a.cellId()) && a.type() == FindingType.STALE_CHANNEL,
                    Duration.ofSeconds(150));
            assertThat(stale.severity()).isEqualTo(Severity.WARNING);
            alerts.await(a -> silent.equals(a.cellId()) && a.type() == FindingType.STALE_CHANNEL
                    && a.state() == Alert.State.RESOLVED, Duration.ofSeconds(120));

            alerts.drain(Duration.ofSeconds(2));
            findings.drain(Duration.ofSeconds(2));
            assertThat(findings.seen()).noneMatch(f -> stuck.equals(f.cellId()) && f.type() == FindingType.THERMAL);
            assertThat(alerts.seen()).noneMatch(a -> stuck.equals(a.cellId()) && a.type() == FindingType.THERMAL);
            assertThat(alerts.seen()).as("oven cells never page for heat: the chamber alert explains it")
                    .noneMatch(a -> a.cellId() != null && a.cellId().contains(".oven-100c.")
                            && (a.type() == FindingType.THERMAL || a.type() == FindingType.CHAMBER_TEMPERATURE) && a.paging());
            assertThat(alerts.seen()).noneMatch(a -> healthy.equals(a.cellId()));
        }
    }

    /** A topic read from the start as it is committed. */
    private static final class Reader<V> implements AutoCloseable {
        private final KafkaConsumer<String, V> consumer;
        private final List<V> seen = new ArrayList<>();

        Reader(String bootstrap, String topic, org.apache.kafka.common.serialization.Deserializer<V> values) {
            consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID(),
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                    new org.apache.kafka.common.serialization.StringDeserializer(), values);
            consumer.subscribe(List.of(topic));
        }

        V await(Predicate<V> wanted, Duration timeout) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                V hit = first(wanted);
                if (hit != null) {
                    return hit;
                }
                poll();
            }
            throw new AssertionError("nothing like that within " + timeout + "; so far: " + seen);
        }

        V first(Predicate<V> wanted) {
            return seen.stream().filter(wanted).findFirst().orElse(null);
        }

        /** Everything committed until now (a short quiet spell ends it). */
        void drain(Duration quiet) {
            long until = System.nanoTime() + quiet.toNanos();
            while (System.nanoTime() < until) {
                poll();
            }
        }

        private void poll() {
            for (ConsumerRecord<String, V> r : consumer.poll(Duration.ofMillis(200))) {
                seen.add(r.value());
            }
        }

        List<V> seen() {
            return List.copyOf(seen);
        }

        @Override
        public void close() {
            consumer.close();
        }
    }
}
