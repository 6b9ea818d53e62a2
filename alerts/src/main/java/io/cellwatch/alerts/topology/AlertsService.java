package io.cellwatch.alerts.topology;

import io.cellwatch.alerts.lifecycle.AlertBook;
import io.cellwatch.telemetry.Alert;
import io.cellwatch.telemetry.Mute;
import io.cellwatch.telemetry.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs the alerts topology: one place for its Kafka Streams lifecycle, like the analytics service.
 * Ready means RUNNING; live means not in ERROR. Also the service's small API: the active alerts
 * this instance owns (for metrics and queries) and {@link #mute(Mute)}.
 */
public final class AlertsService implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AlertsService.class);
    /** Thread replacements allowed before shutting the client down. */
    private static final int FAILURE_BUDGET = 3;
    /** Shorter than a Kubernetes pod's default 30 s grace period, so state is flushed before SIGKILL. */
    public static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration MUTE_SEND_TIMEOUT = Duration.ofSeconds(10);

    private final KafkaStreams streams;
    private final AlertsOptions options;
    private final CountDownLatch running = new CountDownLatch(1);
    private KafkaProducer<String, Mute> muteProducer;
    private int failures;

    private AlertsService(KafkaStreams streams, AlertsOptions options) {
        this.streams = streams;
        this.options = options;
    }

    public static AlertsService start(AlertsOptions options, AlertListener listener) {
        KafkaStreams streams = new KafkaStreams(AlertsTopology.build(options, listener), options.toProperties());
        AlertsService service = new AlertsService(streams, options);
        streams.setStateListener((now, before) -> {
            if (now == KafkaStreams.State.RUNNING) {
                service.running.countDown();
            }
            if (now == KafkaStreams.State.ERROR || now == KafkaStreams.State.RUNNING || before == KafkaStreams.State.RUNNING) {
                log.info("alerts {} -> {}", before, now);
            }
        });
        streams.setUncaughtExceptionHandler(service::onUncaught);
        streams.start();
        log.info("alerts {} started on {}, state in {}; interlock {} by default for {} at {}", options.applicationId(),
                options.bootstrapServers(), options.stateDir(), options.interlock().enabledByDefault() ? "on" : "off",
                options.interlock().types(), options.interlock().atSeverity());
        return service;
    }

    private StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse onUncaught(Throwable e) {
        failures++;
        log.error("alerts stream thread failed ({} of {} allowed): {}", failures, FAILURE_BUDGET, e.toString(), e);
        return failures <= FAILURE_BUDGET
                ? StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD
                : StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    }

    /** Waits until the topology is RUNNING (all tasks assigned and restored). */
    public boolean awaitRunning(Duration timeout) throws InterruptedException {
        return running.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public boolean isReady() {
        return streams.state() == KafkaStreams.State.RUNNING;
    }

    public boolean isLive() {
        return streams.state() != KafkaStreams.State.ERROR && streams.state() != KafkaStreams.State.NOT_RUNNING;
    }

    public KafkaStreams kafkaStreams() {
        return streams;
    }

    /**
     * The active alerts (paging, muted and inhibited) of the chambers this instance owns; empty
     * while the store is not queryable (starting, rebalancing). Feed it to {@code AlertMetrics}.
     */
    public List<Alert> activeAlerts() {
        List<Alert> out = new ArrayList<>();
        try {
            ReadOnlyKeyValueStore<String, AlertBook> books = streams.store(
                    StoreQueryParameters.fromNameAndType(AlertsTopology.BOOK_STORE, QueryableStoreTypes.keyValueStore()));
            try (KeyValueIterator<String, AlertBook> it = books.all()) {
                while (it.hasNext()) {
                    KeyValue<String, AlertBook> kv = it.next();
                    out.addAll(kv.value.activeAlerts());
                }
            }
        } catch (InvalidStateStoreException e) {
            return List.of();
        }
        return out;
    }

    /**
     * Publishes a mute on {@code cellwatch.mutes.v1}; the topology applies it to the chamber's book.
     * Blocks until Kafka has it. A mute whose {@code untilS} has passed lifts an earlier one.
     */
    public void mute(Mute mute) throws InterruptedException, ExecutionException, TimeoutException {
        producer().send(new ProducerRecord<>(Topics.MUTES.name(), mute.key(), mute))
                .get(MUTE_SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        log.info("mute requested for {} until {} by {}: {}", mute.key(), java.time.Instant.ofEpochSecond((long) mute.untilS()),
                mute.requestedBy(), mute.reason());
    }

    private synchronized KafkaProducer<String, Mute> producer() {
        if (muteProducer == null) {
            Properties p = new Properties();
            p.put("bootstrap.servers", options.bootstrapServers());
            p.put("enable.idempotence", "true");
            // Only the connection settings of the overrides (security); the rest are Streams' own.
            for (Map.Entry<String, String> e : options.overrides().entrySet()) {
                if (e.getKey().startsWith("security.") || e.getKey().startsWith("sasl.") || e.getKey().startsWith("ssl.")) {
                    p.put(e.getKey(), e.getValue());
                }
            }
            muteProducer = new KafkaProducer<>(p, Topics.MUTES.keySerde().serializer(), Topics.MUTES.valueSerde().serializer());
        }
        return muteProducer;
    }

    @Override
    public void close() {
        synchronized (this) {
            if (muteProducer != null) {
                muteProducer.close(Duration.ofSeconds(5));
            }
        }
        // Leave the group on a clean stop: another instance takes this one's cells over at once instead
        // of after the 45 s session timeout, and a restarted single instance starts at once. A safety
        // monitor prefers that to the rebalance a rolling restart then costs.
        if (!streams.close(CloseOptions.timeout(CLOSE_TIMEOUT)
                .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP))) {
            log.warn("alerts did not stop within {} s", CLOSE_TIMEOUT.toSeconds());
        }
    }
}
