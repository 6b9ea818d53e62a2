package io.cellwatch.app.bench;

import io.cellwatch.edge.mqtt.MqttTelemetryPublisher;
import io.cellwatch.telemetry.MqttTopics;
import io.cellwatch.telemetry.Sample;
import io.cellwatch.telemetry.SampleBatch;
import io.cellwatch.telemetry.Topics;
import io.cellwatch.telemetry.json.JsonSerde;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import io.cellwatch.edge.mqtt.MessageCallback;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The ceilings the pipeline is compared with, on the same embedded brokers and with the same data:
 * how fast a bare Kafka producer writes telemetry records, and how fast the MQTT broker carries the
 * fleet's QoS 1 batches from one client to another.
 */
final class Ceilings {

    static final String SECTION = "ceilings";
    private static final JsonSerde<Sample> SAMPLE_JSON = (JsonSerde<Sample>) Topics.TELEMETRY.valueSerde();
    private static final JsonSerde<SampleBatch> BATCH_JSON = JsonSerde.of(SampleBatch.class);

    private final BenchEnv env;
    private final BenchOptions options;
    private final PrintStream err;

    Ceilings(BenchEnv env, BenchOptions options, PrintStream err) {
        this.env = env;
        this.options = options;
        this.err = err;
    }

    /**
     * Raw producer: records keyed by cell id whose values are the bridge's own JSON encoding of
     * simulated samples, with the bridge's producer settings (acks=all, idempotent, linger 5 ms,
     * 128 KiB batches), one producer on one thread as in the bridge. Counts acknowledged records.
     */
    double kafka(BenchReport report) {
        List<SimChannels.Channel> channels = SimChannels.create(Math.min(options.pipelineCells(), 1000), 1.7e9, 7L);
        String topic = env.name("ceiling");
        List<ProducerRecord<String, byte[]>> pool = new ArrayList<>();
        long bytes = 0;
        int perCell = Math.max(20, (options.quick() ? 2_000 : 100_000) / channels.size());
        for (SimChannels.Channel c : channels) {
            for (Sample s : SimChannels.take(c.cell(), perCell)) {
                byte[] value = SAMPLE_JSON.toBytes(s);
                bytes += value.length;
                pool.add(new ProducerRecord<>(topic, c.cellId(), value));
            }
        }
        // records of different cells interleave as they do when the bridge forwards many channels
        java.util.Collections.shuffle(pool, new java.util.Random(1));
        double meanBytes = (double) bytes / pool.size();
        env.createTopic(topic, options.partitions());
        LongAdder acked = new LongAdder();
        AtomicLong failed = new AtomicLong();
        double rate;
        try (KafkaProducer<String, byte[]> producer = env.bulkProducer();
             Ticker ignored = Ticker.start(err, "ceiling kafka", () -> String.format("%,d records acked", acked.sum()))) {
            producer.partitionsFor(topic); // metadata before the clock starts
            Window window = new Window(options.ceilingWarmup(), options.ceilingDuration());
            int i = 0;
            while (!window.over()) {
                producer.send(pool.get(i), (meta, e) -> {
                    if (e == null) {
                        acked.increment();
                    } else {
                        failed.incrementAndGet();
                    }
                });
                i = (i + 1) % pool.size();
                window.poll(acked::sum);
            }
            producer.flush();
            rate = window.rate();
        }
        report.add(SECTION, "kafka producer (telemetry records)", rate, "samples/s");
        report.add(SECTION, "kafka producer bytes", rate * meanBytes / 1e6, "MB/s");
        report.add(SECTION, "telemetry record value size (mean)", meanBytes, "bytes");
        if (failed.get() > 0) {
            report.note(SECTION, failed.get() + " Kafka sends failed during the ceiling run");
        }
        return rate;
    }

    /**
     * Raw MQTT: one publisher ({@link MqttTelemetryPublisher}, QoS 1, in flight up to the broker's
     * receive maximum) sends the fleet's full-speed batches ({@value BenchOptions#FLEET_BATCH} samples per
     * message) to the channels' telemetry topics; one subscriber on the bridge's shared subscription
     * with the bridge's receive maximum (256) counts what arrives. Samples/s = messages/s x batch size.
     */
    double mqtt(BenchReport report) throws Exception {
        List<SimChannels.Channel> channels = SimChannels.create(options.quick() ? 10 : 50, 1.7e9, 11L);
        List<byte[]> payloads = new ArrayList<>();
        for (SimChannels.Channel c : channels) {
            payloads.add(BATCH_JSON.toBytes(SampleBatch.of(c.cellId(), SimChannels.take(c.cell(), BenchOptions.FLEET_BATCH))));
        }
        double meanBytes = payloads.stream().mapToInt(p -> p.length).average().orElse(0);
        LongAdder messages = new LongAdder();
        MqttClient receiver = new MqttClient(env.mqtt.serverUri(), env.name("receiver"), new MemoryPersistence());
        receiver.setCallback(new CountingCallback(messages));
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(true);
        o.setReceiveMaximum(256);
        receiver.connect(o);
        receiver.subscribe(new MqttSubscription[]{
                new MqttSubscription(MqttTopics.shared(env.name("ceiling"), MqttTopics.ALL_TELEMETRY), 1)});
        MqttTelemetryPublisher publisher = MqttTelemetryPublisher.connect(env.mqtt.serverUri(), env.name("publisher"));
        Window window = new Window(options.ceilingWarmup(), options.ceilingDuration());
        try (Ticker ignored = Ticker.start(err, "ceiling mqtt", () -> String.format("%,d messages received (%,d samples)",
                messages.sum(), messages.sum() * BenchOptions.FLEET_BATCH))) {
            int i = 0;
            while (!window.over()) {
                publisher.publishRaw(channels.get(i).address(), payloads.get(i));
                i = (i + 1) % payloads.size();
                window.poll(messages::sum);
            }
        } finally {
            publisher.close();
            receiver.disconnect();
            receiver.close();
        }
        double messagesPerS = window.rate();
        double samplesPerS = messagesPerS * BenchOptions.FLEET_BATCH;
        report.add(SECTION, "mqtt publish->receive (QoS 1, " + BenchOptions.FLEET_BATCH + "-sample batches)", samplesPerS,
                "samples/s");
        report.add(SECTION, "mqtt messages", messagesPerS, "messages/s");
        report.add(SECTION, "mqtt bytes", messagesPerS * meanBytes / 1e6, "MB/s");
        return samplesPerS;
    }

    private record CountingCallback(LongAdder messages) implements MessageCallback {
        @Override
        public void messageArrived(String topic, MqttMessage message) {
            messages.increment();
        }
    }

    /**
     * A warm-up, then a measured window; the rate is the counter's change across the window. The
     * window lasts as long as asked and until the counter has moved at least once in it (so a short
     * {@code --quick} window on a busy machine does not report 0), at most a minute more.
     */
    static final class Window {
        private final long start = System.nanoTime();
        private final long measureFrom;
        private final long duration;
        private long measureTo;
        private long countAtFrom = -1;
        private long nanosAtFrom;
        private long countAtTo = -1;
        private long nanosAtTo;
        private long lastPoll;

        Window(Duration warmup, Duration duration) {
            this.measureFrom = start + warmup.toNanos();
            this.duration = duration.toNanos();
            this.measureTo = measureFrom + this.duration;
        }

        /** Looks at the counter (cheaply, at most every millisecond) and notes it at the window's edges. */
        void poll(java.util.function.LongSupplier counter) {
            long now = System.nanoTime();
            if (now - lastPoll < 1_000_000L) {
                return;
            }
            lastPoll = now;
            if (countAtFrom < 0) {
                if (now >= measureFrom) {
                    countAtFrom = counter.getAsLong();
                    nanosAtFrom = now;
                    measureTo = now + duration; // the window is as long as asked, however late it opened
                }
                return;
            }
            if (countAtTo < 0 && now >= measureTo) {
                long count = counter.getAsLong();
                if (count > countAtFrom || now >= measureTo + TimeUnit.MINUTES.toNanos(1)) {
                    countAtTo = count;
                    nanosAtTo = now;
                }
            }
        }

        boolean over() {
            return countAtTo >= 0;
        }

        double rate() {
            return (countAtTo - countAtFrom) / ((nanosAtTo - nanosAtFrom) / 1e9);
        }
    }
}
