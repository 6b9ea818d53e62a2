package io.cellwatch.alerts.topology;

import io.cellwatch.alerts.lifecycle.AlertPolicy;
import io.cellwatch.alerts.lifecycle.InterlockPolicy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Everything the alerts service needs, in one immutable record, converted once to Kafka Streams
 * {@link Properties}. (The analytics' {@code StreamsOptions} carries analytics settings and the
 * telemetry dead-letter topic, so the alerts service has its own record of the same shape.)
 *
 * @param applicationId    Kafka Streams application id; instances with the same id share the chambers
 * @param bootstrapServers Kafka bootstrap servers
 * @param stateDir         where the alert books live (RocksDB); on a persistent volume in production
 * @param tickInterval     how often (wall clock) quiet periods, mute expiries and ack waits are
 *                         checked. Default 10 s: quiet periods are minutes to hours and mutes are set
 *                         by people, so 10 s of lateness is invisible, and a tick scans only this
 *                         instance's chambers (tens), so it costs nothing
 * @param policy           the alert lifecycle's thresholds
 * @param interlock        which alerts pause channels, per lab
 * @param overrides        extra Streams/client properties (security, tuning), applied last
 */
public record AlertsOptions(String applicationId, String bootstrapServers, Path stateDir, Duration tickInterval,
                            AlertPolicy policy, InterlockPolicy interlock, Map<String, String> overrides) {

    public static final String DEFAULT_APPLICATION_ID = "cellwatch-alerts";
    public static final Duration DEFAULT_TICK_INTERVAL = Duration.ofSeconds(10);

    public AlertsOptions {
        overrides = overrides == null ? Map.of() : Map.copyOf(overrides);
        if (tickInterval == null || tickInterval.isNegative() || tickInterval.isZero()) {
            throw new IllegalArgumentException("tickInterval must be positive, was " + tickInterval);
        }
    }

    public static AlertsOptions of(String bootstrapServers, Path stateDir) {
        return new AlertsOptions(DEFAULT_APPLICATION_ID, bootstrapServers, stateDir, DEFAULT_TICK_INTERVAL,
                AlertPolicy.defaults(), InterlockPolicy.defaults(), Map.of());
    }

    public AlertsOptions withApplicationId(String id) {
        return new AlertsOptions(id, bootstrapServers, stateDir, tickInterval, policy, interlock, overrides);
    }

    public AlertsOptions withPolicy(AlertPolicy p) {
        return new AlertsOptions(applicationId, bootstrapServers, stateDir, tickInterval, p, interlock, overrides);
    }

    public AlertsOptions withInterlock(InterlockPolicy i) {
        return new AlertsOptions(applicationId, bootstrapServers, stateDir, tickInterval, policy, i, overrides);
    }

    public AlertsOptions withTickInterval(Duration d) {
        return new AlertsOptions(applicationId, bootstrapServers, stateDir, d, policy, interlock, overrides);
    }

    /** The same options with {@code extra} properties added to the overrides. */
    public AlertsOptions withOverrides(Map<String, String> extra) {
        Map<String, String> merged = new HashMap<>(overrides);
        merged.putAll(extra);
        return new AlertsOptions(applicationId, bootstrapServers, stateDir, tickInterval, policy, interlock, merged);
    }

    public Properties toProperties() {
        Properties p = new Properties();
        p.put("application.id", applicationId);
        p.put("bootstrap.servers", bootstrapServers);
        p.put("state.dir", stateDir.toString());
        // A pause command must be sent once and an alert transition published once, even when an
        // instance dies mid-transaction.
        p.put("processing.guarantee", "exactly_once_v2");
        // An unreadable finding, or one the lifecycle chokes on, is logged and skipped: one bad
        // record must not stop every other chamber's alerting.
        p.put("deserialization.exception.handler", "org.apache.kafka.streams.errors.LogAndContinueExceptionHandler");
        p.put("processing.exception.handler", "org.apache.kafka.streams.errors.LogAndContinueProcessingExceptionHandler");
        p.put("consumer.auto.offset.reset", "earliest");
        // CONCURRENT_TRANSACTIONS retries after a commit would otherwise wait 100 ms each (see
        // StreamsOptions); an alert is worth the 10 ms retries.
        p.put("producer.retry.backoff.ms", "10");
        // Findings are a trickle next to telemetry: one thread is plenty.
        p.put("num.stream.threads", "1");
        p.putAll(overrides);
        return p;
    }
}
