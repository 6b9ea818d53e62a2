package io.cellwatch.streams.topology;

import io.cellwatch.streams.metrics.CellObserver;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Runs the analytics topology: one place for the Kafka Streams lifecycle. Ready means RUNNING;
 * live means not in ERROR. A stream thread that dies is replaced a few times before the
 * application gives up, so one poisoned moment does not take the service down, but a persistent
 * fault does not loop forever either.
 */
public final class AnalyticsService implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AnalyticsService.class);
    /** Thread replacements allowed before shutting the client down. */
    private static final int FAILURE_BUDGET = 3;
    /** Shorter than a Kubernetes pod's default 30 s grace period, so state is flushed before SIGKILL. */
    public static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(20);

    private final KafkaStreams streams;
    private final CountDownLatch running = new CountDownLatch(1);
    private int failures;

    private AnalyticsService(KafkaStreams streams) {
        this.streams = streams;
    }

    public static AnalyticsService start(StreamsOptions options) {
        return start(options, CellObserver.NONE);
    }

    /** Starts the topology, reporting samples, cycles and findings to {@code observer} (e.g. {@code CellGauges}). */
    public static AnalyticsService start(StreamsOptions options, CellObserver observer) {
        KafkaStreams streams = new KafkaStreams(CellAnalyticsTopology.build(options, observer), options.toProperties());
        AnalyticsService service = new AnalyticsService(streams);
        streams.setStateListener((now, before) -> {
            if (now == KafkaStreams.State.RUNNING) {
                service.running.countDown();
            }
            if (now == KafkaStreams.State.ERROR || now == KafkaStreams.State.RUNNING || before == KafkaStreams.State.RUNNING) {
                log.info("analytics {} -> {}", before, now);
            }
        });
        streams.setUncaughtExceptionHandler(service::onUncaught);
        streams.start();
        log.info("analytics {} started on {}, state in {}", options.applicationId(), options.bootstrapServers(), options.stateDir());
        return service;
    }

    private StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse onUncaught(Throwable e) {
        failures++;
        log.error("analytics stream thread failed ({} of {} allowed): {}", failures, FAILURE_BUDGET, e.toString(), e);
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

    @Override
    public void close() {
        // Leave the group on a clean stop: another instance takes this one's cells over at once instead
        // of after the 45 s session timeout, and a restarted single instance starts at once. A safety
        // monitor prefers that to the rebalance a rolling restart then costs.
        if (!streams.close(CloseOptions.timeout(CLOSE_TIMEOUT)
                .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP))) {
            log.warn("analytics did not stop within {} s", CLOSE_TIMEOUT.toSeconds());
        }
    }
}
