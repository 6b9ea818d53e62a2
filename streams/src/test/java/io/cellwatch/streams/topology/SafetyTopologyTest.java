package io.cellwatch.streams.topology;

import io.cellwatch.edge.sim.Fault;
import io.cellwatch.edge.sim.Preset;
import io.cellwatch.edge.sim.SimulatedCell;
import io.cellwatch.streams.metrics.CellGauges;
import io.cellwatch.telemetry.CellMetadata;
import io.cellwatch.telemetry.CellStatus;
import io.cellwatch.telemetry.ChannelAddress;
import io.cellwatch.telemetry.Finding;
import io.cellwatch.telemetry.FindingType;
import io.cellwatch.telemetry.MetricNames;
import io.cellwatch.telemetry.Sample;
import io.cellwatch.telemetry.Severity;
import io.cellwatch.telemetry.Topics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The detectors inside the topology: findings reach their topic keyed right, and metrics count them. */
class SafetyTopologyTest {

    private static final double T0 = 1_767_225_600.0;

    @TempDir
    Path stateDir;
    private TopologyTestDriver driver;
    private TestInputTopic<String, Sample> telemetry;
    private TestInputTopic<String, CellStatus> cells;
    private TestOutputTopic<String, Finding> findings;
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    @BeforeEach
    void start() {
        StreamsOptions options = StreamsOptions.of("unused:9092", stateDir).withApplicationId("safety-test");
        driver = new TopologyTestDriver(CellAnalyticsTopology.build(options, new CellGauges(registry)),
                options.toProperties(), Instant.ofEpochSecond((long) T0));
        telemetry = driver.createInputTopic(Topics.TELEMETRY.name(), Topics.TELEMETRY.keySerde().serializer(),
                Topics.TELEMETRY.valueSerde().serializer());
        cells = driver.createInputTopic(Topics.CELLS.name(), Topics.CELLS.keySerde().serializer(),
                Topics.CELLS.valueSerde().serializer());
        findings = driver.createOutputTopic(Topics.FINDINGS.name(), Topics.FINDINGS.keySerde().deserializer(),
                Topics.FINDINGS.valueSerde().deserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void hkust1ShortsAroundCycle29AndTheCriticalFindingIsOnTheTopicKeyedByCell() {
        SimulatedCell cell = announce(Preset.HKUST1_100C, "ch001", 7);
        List<Finding> critical = List.of();
        while (cell.cycle() <= 31 && critical.isEmpty()) {
            Sample s = cell.next();
            telemetry.pipeInput(s.cellId(), s);
            critical = findings.readRecordsToList().stream()
                    .filter(r -> r.value().severity() == Severity.CRITICAL && !r.value().cleared())
                    .peek(r -> assertThat(r.key()).isEqualTo(cell.cellId()))
                    .map(TestRecord::value).toList();
        }
        assertThat(critical).isNotEmpty();
        assertThat(critical.get(0).type()).isEqualTo(FindingType.HARD_SHORT);
        assertThat(critical.get(0).cycle()).isBetween(28, 30);
        assertThat(critical.get(0).window()).isNotEmpty();
        assertThat(registry.scrape()).contains(MetricNames.prometheus(MetricNames.STREAMS_FINDINGS, true)
                + "{severity=\"critical\",type=\"hard_short\"}");
    }

    @Test
    void aSilentChannelIsReportedByWallClockAndClearedWhenDataReturns() {
        SimulatedCell cell = announce(Preset.CORE_SHELL_100C, "ch002", 3);
        for (int i = 0; i < 50; i++) {
            Sample s = cell.next();
            telemetry.pipeInput(new TestRecord<>(s.cellId(), s, Instant.ofEpochSecond((long) T0)));
        }
        findings.readRecordsToList();

        driver.advanceWallClockTime(Duration.ofHours(1)); // nothing arrives for an hour of wall clock

        List<Finding> stale = findings.readValuesToList();
        assertThat(stale).extracting(Finding::type).containsExactly(FindingType.STALE_CHANNEL);
        assertThat(stale.get(0).cleared()).isFalse();
        assertThat(stale.get(0).cellId()).isEqualTo(cell.cellId());

        Sample back = cell.next();
        telemetry.pipeInput(back.cellId(), back);
        assertThat(findings.readValuesToList()).anySatisfy(f -> {
            assertThat(f.type()).isEqualTo(FindingType.STALE_CHANNEL);
            assertThat(f.cleared()).isTrue();
        });
    }

    @Test
    void aChamberRunningHotGivesOneChamberFindingThroughTheRepartition() {
        double hotFrom = T0 + 1800;
        List<SimulatedCell> oven = List.of(
                announce(Preset.CORE_SHELL_100C, "ch003", 11).withFault(new Fault.ChamberOverTemperature(hotFrom, 15.0)),
                announce(Preset.CORE_SHELL_100C, "ch004", 12).withFault(new Fault.ChamberOverTemperature(hotFrom, 15.0)),
                announce(Preset.CORE_SHELL_100C, "ch005", 13).withFault(new Fault.ChamberOverTemperature(hotFrom, 15.0)));
        for (int i = 0; i < 600; i++) {
            for (SimulatedCell c : oven) {
                Sample s = c.next();
                telemetry.pipeInput(s.cellId(), s);
            }
        }
        driver.advanceWallClockTime(ChamberFeed.FLUSH_INTERVAL); // the readings go to the chamber in batches
        List<TestRecord<String, Finding>> chamber = findings.readRecordsToList().stream()
                .filter(r -> r.value().type() == FindingType.CHAMBER_TEMPERATURE && !r.value().cleared()).toList();
        assertThat(chamber).isNotEmpty();
        assertThat(chamber).allSatisfy(r -> {
            assertThat(r.key()).isEqualTo("lab1/oven-100c");
            assertThat(r.value().scope()).isEqualTo(Finding.Scope.CHAMBER);
        });
    }

    @Test
    void chamberReadingsTravelInOneBatchPerChamberWhenTheFlushIntervalPassesOrTheBatchIsFull() {
        List<SimulatedCell> oven = List.of(announce(Preset.CORE_SHELL_100C, "ch011", 31),
                announce(Preset.CORE_SHELL_100C, "ch012", 32), announce(Preset.CORE_SHELL_100C, "ch013", 33));
        // chamber air 15 K over its 100 °C setpoint from the first reading: critical after 3 readings
        for (int i = 0; i < 2; i++) {
            for (SimulatedCell c : oven) {
                telemetry.pipeInput(c.cellId(), hotChamber(c.next(), 2 * i));
            }
        }
        assertThat(chamberFindings()).as("6 readings held for the next flush").isEmpty();
        driver.advanceWallClockTime(ChamberFeed.FLUSH_INTERVAL);
        assertThat(chamberFindings()).as("after the flush").isNotEmpty();

        // a full batch goes out without waiting for the clock (heartbeat: every second sample at 30 s)
        for (int i = 1; i <= ChamberFeed.MAX_BATCH / 3 * 2 + 30; i++) {
            for (SimulatedCell c : oven) {
                telemetry.pipeInput(c.cellId(), hotChamber(c.next(), 0));
            }
        }
        List<Finding> atFull = chamberFindings();
        assertThat(atFull).as("repeats of the critical, from the batch that filled").isNotEmpty();
        assertThat(atFull).allSatisfy(f -> assertThat(f.severity()).isEqualTo(Severity.CRITICAL));
    }

    /** The sample with its chamber probe 15 K over the setpoint (plus {@code extraK}). */
    private static Sample hotChamber(Sample s, double extraK) {
        return new Sample(s.cellId(), s.seq(), s.timeS(), s.testTimeS(), s.voltageV(), s.currentA(),
                s.cellTemperatureC(), 115.0 + extraK, s.stepIndex(), s.cycleIndex());
    }

    private List<Finding> chamberFindings() {
        return findings.readRecordsToList().stream().map(TestRecord::value)
                .filter(f -> f.type() == FindingType.CHAMBER_TEMPERATURE && !f.cleared()).toList();
    }

    @Test
    void aCellNoisierThanItsSiblingsIsWarnedAboutThroughTheChamberRepartitionKeyedByTheCell() {
        List<SimulatedCell> healthy = List.of(announce(Preset.CORE_SHELL_100C, "ch006", 21),
                announce(Preset.CORE_SHELL_100C, "ch007", 22), announce(Preset.CORE_SHELL_100C, "ch008", 23),
                announce(Preset.CORE_SHELL_100C, "ch009", 24));
        SimulatedCell noisy = announce(Preset.CORE_SHELL_100C, "ch010", 25);
        java.util.Random contact = new java.util.Random(25); // 3 mV of extra noise from the first sample
        List<Finding> out = new java.util.ArrayList<>();
        List<String> keys = new java.util.ArrayList<>();
        for (int i = 0; i < 240; i++) { // two hours at 30 s
            for (SimulatedCell c : healthy) {
                Sample s = c.next();
                telemetry.pipeInput(s.cellId(), s);
            }
            Sample n = noisy.next();
            telemetry.pipeInput(n.cellId(), new Sample(n.cellId(), n.seq(), n.timeS(), n.testTimeS(),
                    n.voltageV() + 0.003 * contact.nextGaussian(), n.currentA(), n.cellTemperatureC(),
                    n.chamberTemperatureC(), n.stepIndex(), n.cycleIndex()));
            driver.advanceWallClockTime(ChamberFeed.FLUSH_INTERVAL);
            for (TestRecord<String, Finding> r : findings.readRecordsToList()) {
                if ("SiblingNoiseDetector".equals(r.value().detector())) {
                    keys.add(r.key());
                    out.add(r.value());
                }
            }
        }

        assertThat(out).isNotEmpty();
        assertThat(keys).containsOnly(noisy.cellId());
        assertThat(out.get(0).type()).isEqualTo(FindingType.SOFT_SHORT);
        assertThat(out.get(0).severity()).isEqualTo(Severity.WARNING);
        assertThat(out.get(0).scope()).isEqualTo(Finding.Scope.CELL);
        assertThat(out.get(0).evidence()).containsKeys("noise_sigma_v", "sibling_median_noise_sigma_v", "siblings",
                "ratio");
        assertThat(out.get(0).evidence().get("siblings")).isEqualTo(4.0);
        assertThat(registry.scrape()).contains(MetricNames.prometheus(MetricNames.STREAMS_FINDINGS, true)
                + "{severity=\"warning\",type=\"soft_short\"}");
    }

    @Test
    void aCellLeakingChargeAmongItsSiblingsIsWarnedAboutByTheChamberOncePerCycleKeyedByTheCell() {
        List<SimulatedCell> healthy = List.of(announce(Preset.CORE_SHELL_100C, "ch011", 31),
                announce(Preset.CORE_SHELL_100C, "ch012", 32), announce(Preset.CORE_SHELL_100C, "ch013", 33),
                announce(Preset.CORE_SHELL_100C, "ch014", 34));
        SimulatedCell leaky = announce(Preset.CORE_SHELL_100C, "ch015", 35);
        List<Finding> out = new java.util.ArrayList<>();
        List<String> keys = new java.util.ArrayList<>();
        while (leaky.cycle() <= 6) {
            for (SimulatedCell c : healthy) {
                Sample s = c.next();
                telemetry.pipeInput(s.cellId(), s);
            }
            // 1.2 % of the charge lost from cycle 3: its discharge current scaled down
            Sample n = leaky.next();
            boolean leaking = n.cycleIndex() != null && n.cycleIndex() >= 3 && n.currentA() < 0;
            telemetry.pipeInput(n.cellId(), !leaking ? n : new Sample(n.cellId(), n.seq(), n.timeS(), n.testTimeS(),
                    n.voltageV(), n.currentA() * 0.988, n.cellTemperatureC(), n.chamberTemperatureC(), n.stepIndex(),
                    n.cycleIndex()));
            driver.advanceWallClockTime(ChamberFeed.FLUSH_INTERVAL);
            for (TestRecord<String, Finding> r : findings.readRecordsToList()) {
                if ("SiblingEfficiencyDetector".equals(r.value().detector())) {
                    keys.add(r.key());
                    out.add(r.value());
                }
            }
        }

        assertThat(out).isNotEmpty().allSatisfy(f -> {
            assertThat(f.type()).isEqualTo(FindingType.SOFT_SHORT);
            assertThat(f.severity()).isEqualTo(Severity.WARNING);
            assertThat(f.scope()).isEqualTo(Finding.Scope.CELL);
            assertThat(f.cleared()).isFalse();
            assertThat(f.evidence().get("siblings")).isEqualTo(4.0);
            assertThat(f.evidence().get("coulombic_efficiency")).isBetween(0.98, 0.99);
        });
        assertThat(out.get(0).cycle()).as("raised in the second cycle of the leak").isEqualTo(4);
        assertThat(out.stream().map(Finding::cycle).toList()).as("judged once per cycle, not per reading")
                .doesNotHaveDuplicates();
        assertThat(keys).containsOnly(leaky.cellId());
    }

    @Test
    void samplesOfACellThatNeverAnnouncedItselfAreAcceptedAndCountedAsUnregistered() {
        SimulatedCell stranger = new SimulatedCell("stranger", Preset.CORE_SHELL_100C, 5, 30.0, T0);
        for (int i = 0; i < 20; i++) {
            Sample s = stranger.next();
            telemetry.pipeInput(s.cellId(), s);
        }
        assertThat(registry.scrape())
                .contains(MetricNames.prometheus(MetricNames.STREAMS_SAMPLES_UNREGISTERED, true) + " 20.0")
                .contains(MetricNames.prometheus(MetricNames.STREAMS_SAMPLES_PROCESSED, true) + " 20.0");
    }

    private SimulatedCell announce(Preset preset, String channel, long seed) {
        ChannelAddress address = new ChannelAddress("lab1", "oven-100c", channel);
        SimulatedCell cell = new SimulatedCell(address.defaultCellId(), preset, seed, 30.0, T0);
        CellMetadata meta = cell.metadata(address);
        cells.pipeInput(meta.cellId(), CellStatus.online(meta, T0));
        return cell;
    }
}
