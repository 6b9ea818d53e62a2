package io.cellwatch.streams.topology;

import io.cellwatch.streams.analytics.AnalyticsOptions;
import io.cellwatch.streams.detect.DetectionConfig;
import io.cellwatch.streams.ordering.ReorderBuffer;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

/**
 * Everything the analytics service needs, in one immutable record, converted once to Kafka
 * Streams {@link Properties}.
 *
 * @param applicationId        Kafka Streams application id; instances with the same id share the work
 * @param bootstrapServers     Kafka bootstrap servers
 * @param stateDir             where RocksDB state lives; on a persistent volume in production
 * @param provisionalInterval  how often (wall clock) the running cycle of each active cell is
 *                             published as a provisional result; 10 s keeps a dashboard live without
 *                             flooding the cycles topic (one record per active cell per interval)
 * @param analytics            thresholds and conventions of the pure analytics
 * @param overrides            extra Streams/client properties (security, tuning), applied last
 */
public record StreamsOptions(String applicationId, String bootstrapServers, Path stateDir,
                             Duration provisionalInterval, AnalyticsOptions analytics, DetectionConfig detection,
                             Duration staleCheckInterval, ReorderBuffer.Bounds reorder, Map<String, String> overrides) {

    public static final String DEFAULT_APPLICATION_ID = "cellwatch-streams";
    public static final Duration DEFAULT_PROVISIONAL_INTERVAL = Duration.ofSeconds(10);
    /**
     * How often silent channels are looked for, by wall clock. The stale limit itself is minutes
     * (see StaleChannelDetector); checking every 5 s adds at most 5 s to the alert.
     */
    public static final Duration DEFAULT_STALE_CHECK_INTERVAL = Duration.ofSeconds(5);

    public static StreamsOptions of(String bootstrapServers, Path stateDir) {
        return new StreamsOptions(DEFAULT_APPLICATION_ID, bootstrapServers, stateDir, DEFAULT_PROVISIONAL_INTERVAL,
                AnalyticsOptions.defaults(), DetectionConfig.defaults(), DEFAULT_STALE_CHECK_INTERVAL,
                ReorderBuffer.Bounds.defaults(), Map.of());
    }

    public StreamsOptions withApplicationId(String id) {
        return new StreamsOptions(id, bootstrapServers, stateDir, provisionalInterval, analytics, detection,
                staleCheckInterval, reorder, overrides);
    }

    public StreamsOptions withDetection(DetectionConfig config) {
        return new StreamsOptions(applicationId, bootstrapServers, stateDir, provisionalInterval, analytics, config,
                staleCheckInterval, reorder, overrides);
    }

    public StreamsOptions withStaleCheckInterval(Duration interval) {
        return new StreamsOptions(applicationId, bootstrapServers, stateDir, provisionalInterval, analytics, detection,
                interval, reorder, overrides);
    }

    /** How far one cell's samples are put back in sequence order (see {@link ReorderBuffer}). */
    public StreamsOptions withReorder(ReorderBuffer.Bounds bounds) {
        return new StreamsOptions(applicationId, bootstrapServers, stateDir, provisionalInterval, analytics, detection,
                staleCheckInterval, bounds, overrides);
    }

    /** The same options with {@code extra} properties added to the overrides. */
    public StreamsOptions withOverrides(Map<String, String> extra) {
        Map<String, String> merged = new java.util.HashMap<>(overrides);
        merged.putAll(extra);
        return new StreamsOptions(applicationId, bootstrapServers, stateDir, provisionalInterval, analytics, detection,
                staleCheckInterval, reorder, Map.copyOf(merged));
    }

    public Properties toProperties() {
        Properties p = new Properties();
        p.put("application.id", applicationId);
        p.put("bootstrap.servers", bootstrapServers);
        p.put("state.dir", stateDir.toString());
        // A cycle result must be counted once even when an instance dies mid-transaction.
        p.put("processing.guarantee", "exactly_once_v2");
        // The bridge already validated every sample; a record that still cannot be read is logged,
        // kept on the dead-letter topic by Streams itself (KIP-1034), and skipped, never fatal.
        p.put("deserialization.exception.handler", "org.apache.kafka.streams.errors.LogAndContinueExceptionHandler");
        p.put("processing.exception.handler.global.enabled", "true"); // the Kafka 5.0 default, now
        p.put("errors.dead.letter.queue.topic.name", io.cellwatch.telemetry.Topics.TELEMETRY_DLQ.name());
        p.put("consumer.auto.offset.reset", "earliest");
        // Exactly-once with transactions v2: a produce that meets the previous transaction still
        // completing gets CONCURRENT_TRANSACTIONS and is retried after retry.backoff.ms. At the
        // 100 ms default every commit stalls the thread for a tenth of a second, and throughput fell
        // to ~500 samples/s in the demo; 10 ms retries and a 200 ms commit interval (more samples
        // per transaction, at most 0.2 s added before readers see a result) gave ~8,000/s there.
        p.put("producer.retry.backoff.ms", "10");
        p.put("commit.interval.ms", "200");
        // The analytics task reads telemetry and the cell registry, and the registry partition is empty
        // nearly always. With the default (0) Streams 4.3 checks that partition's fetch lag before every
        // record and formats a trace message with String.format each time whether TRACE is on or not
        // (PartitionGroup.readyToProcess): a tenth of the analytics stream thread's CPU (JFR, README
        // performance). -1 processes whatever is buffered. What it gives up: waiting for a registry
        // record that is on the broker but not fetched yet; a birth and its cell's first samples come in
        // the same fetch in practice, and a cell seen before its birth carries on under its metadata as
        // soon as the birth arrives (CellAnalyticsProcessor.upgradeIfRegistered, logged).
        p.put("max.task.idle.ms", "-1");
        // The record cache must hold every active cell's state (about 8.4 KB analytics + detectors,
        // see the bench) or evictions write per sample again: the 10 MB default is ~1,200 cells;
        // 128 MB is ~15,000 cells, on the heap.
        p.put("statestore.cache.max.bytes", String.valueOf(128L * 1024 * 1024));
        // The per-sample state write is the cost centre (see README, performance): use every core.
        p.put("num.stream.threads", String.valueOf(Math.max(1, Runtime.getRuntime().availableProcessors())));
        p.putAll(overrides);
        return p;
    }
}
