package io.cellwatch.edge.agent;

import io.cellwatch.telemetry.CellStatus;
import io.cellwatch.telemetry.ChannelAddress;
import io.cellwatch.telemetry.Command;
import io.cellwatch.telemetry.MetricNames;
import io.cellwatch.telemetry.MqttClientSecurity;
import io.cellwatch.telemetry.MqttTopics;
import io.cellwatch.telemetry.Sample;
import io.cellwatch.telemetry.SampleBatch;
import io.cellwatch.telemetry.json.JsonSerde;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The edge agent: one process, many channels. Each channel's source runs on a thread of its own and
 * its samples are batched (by count and delay) and appended to the {@link DiskQueue} <b>before</b>
 * anything is published; one publisher thread sends the queue's records over MQTT v5 with QoS 1 and
 * acknowledges them in the queue only when the broker's PUBACK arrives. A broker outage or an agent
 * restart therefore loses nothing; what was sent but not acknowledged is sent again (downstream drops
 * the duplicates by cell id and {@code seq}).
 *
 * <p>MQTT: a persistent session (clean start off, session expiry from the config), reconnects with
 * exponential back-off (our own loop, not Paho's, so the policy is explicit), a retained birth
 * ({@code online} with the cell metadata) on every channel's status topic after each connect.
 * <b>Last will</b>: MQTT allows one will per connection, so the will is a retained {@code offline}
 * on the <em>first</em> channel's status topic; on a clean stop every channel gets an explicit
 * retained {@code offline}. After a crash the other channels' births stay {@code online} until the
 * stale-channel detection (the metadata's sample period) notices the silence.
 *
 * <p>Commands arrive on the lab's command topics: a simulator channel pauses or resumes its cell; a
 * file channel records the request (in {@code commands.log} in the queue folder) and calls the
 * {@link CyclerControl} hook. The answer goes to the channel's {@code ack} topic.
 */
public final class EdgeAgent implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EdgeAgent.class);
    private static final JsonSerde<SampleBatch> BATCH_JSON = JsonSerde.of(SampleBatch.class);
    private static final JsonSerde<CellStatus> STATUS_JSON = JsonSerde.of(CellStatus.class);
    private static final JsonSerde<Command> COMMAND_JSON = JsonSerde.of(Command.class);
    /** Publishes in flight when the broker does not announce a receive maximum. */
    private static final int DEFAULT_WINDOW = 100;

    /** Counts for the progress line and metrics. */
    public record Stats(long samplesQueued, long batchesQueued, long batchesSent, long batchesAcked,
                        long queueRecords, long queueBytes, long queueFullRefusals, boolean connected,
                        long connects, long commands) {
    }

    private final EdgeConfig config;
    private final CyclerControl control;
    private final MqttClientSecurity security;
    private final DiskQueue queue;
    private final ChannelCheckpoints checkpoints;
    private final Map<ChannelAddress, Worker> workers = new LinkedHashMap<>();
    /** A new client for every connection: Paho 1.2.5 would resend a dead connection's publishes with its topic aliases. */
    private volatile MqttAsyncClient client;
    // Threads are stopped by flags, never interrupted: an interrupt inside FileChannel I/O closes the
    // channel (ClosedByInterruptException), which would close a queue segment under everyone's feet.
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicBoolean publishing = new AtomicBoolean(true);
    private volatile boolean halted;
    private final AtomicBoolean connected = new AtomicBoolean(false);
    private final Object wake = new Object();
    private final ConcurrentSkipListMap<Long, Boolean> inFlight = new ConcurrentSkipListMap<>();
    private final AtomicLong epoch = new AtomicLong();
    private final AtomicLong samplesQueued = new AtomicLong();
    private final AtomicLong batchesQueued = new AtomicLong();
    private final AtomicLong batchesSent = new AtomicLong();
    private final AtomicLong batchesAcked = new AtomicLong();
    private final AtomicLong queueFull = new AtomicLong();
    private final AtomicLong connects = new AtomicLong();
    private final AtomicLong commands = new AtomicLong();
    private final AtomicBoolean resend = new AtomicBoolean();
    private final ExecutorService commandThread = Executors.newSingleThreadExecutor(r -> daemon(r, "cellwatch-edge-commands"));
    private final Thread publisher;
    private volatile int window = DEFAULT_WINDOW;
    /** Every record up to here has its PUBACK (the queue's pointer follows, written at most every 100 ms). */
    private long brokerAckedUpTo;

    private EdgeAgent(EdgeConfig config, CyclerControl control, MqttClientSecurity security) throws IOException {
        this.config = config;
        this.control = control;
        this.security = security;
        this.queue = DiskQueue.open(config.queue().dir(), config.queue().maxBytes(), config.queue().syncEveryAppends());
        this.checkpoints = ChannelCheckpoints.open(config.queue().dir());
        this.client = newClient();
        for (EdgeConfig.Channel channel : config.channels()) {
            workers.put(channel.address(), new Worker(channel, openSource(channel)));
        }
        this.publisher = new Thread(this::publishLoop, "cellwatch-edge-publisher");
    }

    /** Starts the agent: the channels' sources and the publisher (which connects, retrying, by itself). */
    public static EdgeAgent start(EdgeConfig config, MqttClientSecurity security) throws IOException {
        return start(config, CyclerControl.load(config.cyclerControl()), security);
    }

    public static EdgeAgent start(EdgeConfig config, CyclerControl control, MqttClientSecurity security) throws IOException {
        EdgeAgent agent = new EdgeAgent(config, control, security);
        agent.publisher.start();
        agent.workers.values().forEach(w -> w.thread.start());
        return agent;
    }

    private SampleSource openSource(EdgeConfig.Channel channel) throws IOException {
        ChannelCheckpoints.State resume = checkpoints.get(channel.address());
        return switch (channel.source().type()) {
            case FILE -> new FileReplaySource(channel, resume);
            case TAIL -> new FileTailSource(channel, resume);
            case SIMULATOR -> {
                SimulatorSource sim = new SimulatorSource(channel, resume);
                if (resume.startTimeS() == null) {
                    checkpoints.put(channel.address(), sim.state(), true);
                }
                yield sim;
            }
        };
    }

    // ---- channels → disk queue --------------------------------------------------------------

    private final class Worker {
        final EdgeConfig.Channel channel;
        final SampleSource source;
        final Thread thread;
        volatile boolean done;

        Worker(EdgeConfig.Channel channel, SampleSource source) {
            this.channel = channel;
            this.source = source;
            this.thread = new Thread(this::run, "cellwatch-edge-" + channel.address());
        }

        void run() {
            List<Sample> batch = new ArrayList<>();
            long batchStart = 0;
            int max = config.batch().maxSamples();
            long delayNs = config.batch().maxDelayMs() * 1_000_000L;
            try {
                while (running.get()) {
                    long waitMs = batch.isEmpty() ? 200
                            : Math.max(0, (batchStart + delayNs - System.nanoTime()) / 1_000_000L);
                    Sample s = source.next(waitMs);
                    if (s != null) {
                        if (batch.isEmpty()) {
                            batchStart = System.nanoTime();
                        }
                        batch.add(s);
                    }
                    if (batch.size() >= max || (!batch.isEmpty() && System.nanoTime() - batchStart >= delayNs)) {
                        enqueue(batch);
                        batch.clear();
                    }
                    if (s == null && source.finished()) {
                        break;
                    }
                }
                if (!batch.isEmpty() && !halted) {
                    enqueue(batch);
                }
                if (source.finished()) {
                    log.info("channel {}: source finished, {} queued", channel.address(), source.state().lastSeq());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException | RuntimeException e) {
                log.error("channel {}: source failed, channel stopped: {}", channel.address(), e.toString());
            } finally {
                done = true;
            }
        }

        /** Appends the batch, waiting (never dropping) while the queue is full. */
        private void enqueue(List<Sample> batch) throws IOException, InterruptedException {
            byte[] payload = BATCH_JSON.toBytes(SampleBatch.of(channel.cellId(), batch));
            boolean reported = false;
            while (true) {
                try {
                    queue.append(channel.address(), payload);
                    break;
                } catch (DiskQueue.QueueFullException e) {
                    if (!running.get()) {
                        // stopping: the source's position is not advanced, so the next start reads it again
                        return;
                    }
                    queueFull.incrementAndGet();
                    if (!reported) {
                        log.error("channel {}: {}; holding the source until there is room", channel.address(), e.getMessage());
                        reported = true;
                    }
                    Thread.sleep(500);
                }
            }
            checkpoints.put(channel.address(), source.state(), false);
            samplesQueued.addAndGet(batch.size());
            batchesQueued.incrementAndGet();
            synchronized (wake) {
                wake.notifyAll();
            }
        }
    }

    // ---- disk queue → MQTT ------------------------------------------------------------------

    private void publishLoop() {
        long backoff = config.mqtt().reconnectInitialMs();
        long sentUpTo = ackedPrefix();
        long lastAckWrite = System.nanoTime();
        while (publishing.get()) {
            try {
                if (!client.isConnected() || resend.getAndSet(false)) {
                    if (!client.isConnected()) {
                        connected.set(false);
                        if (!connect()) {
                            synchronized (wake) {
                                wake.wait(backoff);
                            }
                            backoff = Math.min(backoff * 2, config.mqtt().reconnectMaxMs());
                            continue;
                        }
                        backoff = config.mqtt().reconnectInitialMs();
                    } else {
                        synchronized (wake) {
                            wake.wait(backoff);
                        }
                    }
                    // everything not acknowledged is sent again from the queue
                    sentUpTo = ackedPrefix();
                    epoch.incrementAndGet();
                    inFlight.clear();
                }
                long acked = ackedPrefix();
                if (acked > queue.ackedIndex() && (System.nanoTime() - lastAckWrite > 100_000_000L || inFlight.isEmpty())) {
                    queue.ack(acked);
                    lastAckWrite = System.nanoTime();
                }
                int room = window - inFlight.size();
                List<DiskQueue.Record> records = room <= 0 ? List.of() : queue.peekAfter(sentUpTo, room);
                for (DiskQueue.Record r : records) {
                    if (!send(r)) {
                        break;
                    }
                    sentUpTo = r.index();
                }
                if (records.isEmpty()) {
                    synchronized (wake) {
                        wake.wait(20);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (IOException | RuntimeException e) {
                if (publishing.get()) {
                    log.error("publisher: {}", e.toString());
                    sleepQuietly(1000);
                }
            }
        }
    }

    /** Highest index up to which every record sent is acknowledged; removes those from the in-flight map. */
    private synchronized long ackedPrefix() {
        long upTo = Math.max(brokerAckedUpTo, queue.ackedIndex());
        while (true) {
            Map.Entry<Long, Boolean> first = inFlight.firstEntry();
            if (first == null || !first.getValue()) {
                brokerAckedUpTo = upTo;
                return upTo;
            }
            inFlight.remove(first.getKey());
            upTo = Math.max(upTo, first.getKey());
        }
    }

    private boolean send(DiskQueue.Record r) {
        long myEpoch = epoch.get();
        inFlight.put(r.index(), false);
        MqttMessage message = new MqttMessage(r.payload());
        message.setQos(1);
        try {
            client.publish(MqttTopics.telemetry(r.channel()), message, null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    if (epoch.get() != myEpoch) {
                        return;
                    }
                    int[] reasons = token.getReasonCodes();
                    if (reasons != null && reasons.length > 0 && reasons[0] >= 0x80) {
                        log.warn("broker refused batch {} (reason 0x{}); it stays queued", r.index(), Integer.toHexString(reasons[0]));
                        resend.set(true);
                        return;
                    }
                    inFlight.replace(r.index(), true);
                    batchesAcked.incrementAndGet();
                    synchronized (wake) {
                        wake.notifyAll();
                    }
                }

                @Override
                public void onFailure(IMqttToken token, Throwable e) {
                    if (epoch.get() == myEpoch) {
                        log.debug("publish of batch {} failed: {}", r.index(), e.toString());
                        resend.set(true);
                    }
                }
            });
            batchesSent.incrementAndGet();
            return true;
        } catch (MqttException e) {
            // e.g. the connection just dropped, or the client's in-flight window is full of a
            // previous session's messages: send again from the last acknowledged record
            inFlight.remove(r.index());
            log.debug("publish of batch {} refused: {}", r.index(), e.getMessage());
            resend.set(true);
            return false;
        }
    }

    private MqttAsyncClient newClient() throws IOException {
        try {
            MqttAsyncClient c = new MqttAsyncClient(config.mqtt().uri(), config.mqtt().clientId(), new MemoryPersistence());
            c.setCallback(new Callback(c));
            return c;
        } catch (MqttException e) {
            throw new IOException("MQTT client for " + config.mqtt().uri() + ": " + e.getMessage(), e);
        }
    }

    private boolean connect() throws IOException {
        MqttAsyncClient old = client;
        try {
            if (old.isConnected()) {
                old.disconnectForcibly(0, 1000, false);
            }
            old.close(true);
        } catch (MqttException e) {
            log.debug("closing the previous MQTT client: {}", e.getMessage());
        }
        client = newClient();
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(false);
        options.setSessionExpiryInterval(config.mqtt().sessionExpiryS());
        options.setKeepAliveInterval(config.mqtt().keepAliveS());
        options.setAutomaticReconnect(false);
        options.setConnectionTimeout(10);
        if (security.hasCredentials()) {
            options.setUserName(security.username());
            options.setPassword(security.passwordBytes());
        }
        security.socketFactoryFor(config.mqtt().uri()).ifPresent(options::setSocketFactory);
        EdgeConfig.Channel first = config.channels().get(0);
        MqttMessage will = new MqttMessage(STATUS_JSON.toBytes(CellStatus.offline(first.cellId(), now())));
        will.setQos(1);
        will.setRetained(true);
        options.setWill(MqttTopics.status(first.address()), will);
        try {
            IMqttToken token = client.connect(options);
            token.waitForCompletion(15_000);
            Integer receiveMaximum = token.getResponseProperties() == null ? null
                    : token.getResponseProperties().getReceiveMaximum();
            // keep a few slots for births, command acks and the previous session's resends
            window = receiveMaximum == null || receiveMaximum <= 0 ? DEFAULT_WINDOW
                    : Math.max(1, Math.min(DEFAULT_WINDOW, receiveMaximum - 10));
            connects.incrementAndGet();
            connected.set(true);
            log.info("connected to {} as {} (session present: {}), {} batch(es) queued", config.mqtt().uri(),
                    config.mqtt().clientId(), token.getSessionPresent(), queue.size());
            for (EdgeConfig.Channel c : config.channels()) {
                publishControl(MqttTopics.status(c.address()), STATUS_JSON.toBytes(CellStatus.online(c.metadata(), now())), true);
            }
            IMqttToken sub = client.subscribe(new MqttSubscription(MqttTopics.labCommands(config.lab()), 1));
            sub.waitForCompletion(15_000);
            return true;
        } catch (MqttException e) {
            log.warn("cannot connect to {} as {}: {}", config.mqtt().uri(), config.mqtt().clientId(), e.getMessage());
            try {
                if (client.isConnected()) {
                    client.disconnectForcibly(0, 1000, false);
                }
            } catch (MqttException ignored) {
                // it is down either way
            }
            return false;
        }
    }

    /** Births, offline statuses and command acks: QoS 1, not through the queue. */
    private void publishControl(String topic, byte[] payload, boolean retained) {
        MqttMessage m = new MqttMessage(payload);
        m.setQos(1);
        m.setRetained(retained);
        try {
            client.publish(topic, m);
        } catch (MqttException e) {
            log.warn("could not publish to {}: {}", topic, e.getMessage());
        }
    }

    private final class Callback implements MqttCallback {
        private final MqttAsyncClient owner;

        Callback(MqttAsyncClient owner) {
            this.owner = owner;
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {
            if (owner != client) {
                return; // a previous connection's client
            }
            if (running.get()) {
                log.warn("disconnected from {}: {}", config.mqtt().uri(), response.getReasonString() != null
                        ? response.getReasonString() : response.getException());
            }
            connected.set(false);
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            if (topic.endsWith("/" + MqttTopics.COMMAND)) {
                byte[] payload = message.getPayload();
                commandThread.execute(() -> handleCommand(topic, payload));
            }
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
        }

        @Override
        public void connectComplete(boolean reconnect, String serverURI) {
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
        }
    }

    // ---- commands ---------------------------------------------------------------------------

    private void handleCommand(String topic, byte[] payload) {
        ChannelAddress address = MqttTopics.parse(topic).orElse(null);
        Command command;
        try {
            command = COMMAND_JSON.fromBytes(payload);
        } catch (IOException e) {
            log.warn("ignored a command on {} that is not a cellwatch command: {}", topic, e.getMessage());
            return;
        }
        if (address == null || command == null || command.action() == null || command.isAcknowledgement()) {
            return;
        }
        commands.incrementAndGet();
        Worker worker = workers.get(address);
        Command ack;
        if (worker == null) {
            ack = command.acknowledged(false, "no such channel on edge agent " + config.mqtt().clientId(), now());
        } else if (worker.source.pause(command.action() == Command.Action.PAUSE)) {
            log.info("channel {}: {} ({})", address, command.action().wireName(), command.reason());
            ack = command.acknowledged(true, null, now());
        } else {
            record(address, command);
            CyclerControl.Outcome outcome;
            try {
                outcome = control.apply(worker.channel, command);
            } catch (RuntimeException e) {
                log.error("cycler control failed on {} for {}: {}", command.action().wireName(), address, e.toString());
                outcome = new CyclerControl.Outcome(false, "cycler control failed: " + e.getMessage());
            }
            ack = command.acknowledged(outcome.enforced(), outcome.message(), now());
        }
        publishControl(MqttTopics.ack(address), COMMAND_JSON.toBytes(ack), false);
    }

    private void record(ChannelAddress address, Command command) {
        String line = now() + " " + address + " " + new String(COMMAND_JSON.toBytes(command), StandardCharsets.UTF_8) + "\n";
        try {
            Files.writeString(config.queue().dir().resolve("commands.log"), line, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            log.warn("could not record command {}: {}", command.commandId(), e.getMessage());
        }
    }

    // ---- lifecycle --------------------------------------------------------------------------

    public Stats stats() {
        return new Stats(samplesQueued.get(), batchesQueued.get(), batchesSent.get(), batchesAcked.get(),
                queue.size(), queue.bytesOnDisk(), queueFull.get(), connected.get(), connects.get(), commands.get());
    }

    /**
     * The agent's counts as Micrometer meters ({@link MetricNames}{@code .EDGE_*}), read when scraped: the same
     * figures as {@link #stats()} and the progress line. The rules in deploy/prometheus watch the connection and
     * how full the disk queue is.
     */
    public void bindTo(MeterRegistry registry) {
        FunctionCounter.builder(MetricNames.EDGE_SAMPLES_QUEUED, samplesQueued, AtomicLong::get)
                .description("Samples written to the disk queue").register(registry);
        FunctionCounter.builder(MetricNames.EDGE_BATCHES_SENT, batchesSent, AtomicLong::get)
                .description("Batches published (QoS 1), resends included").register(registry);
        FunctionCounter.builder(MetricNames.EDGE_BATCHES_ACKED, batchesAcked, AtomicLong::get)
                .description("Batches the broker acknowledged (then removed from the queue)").register(registry);
        Gauge.builder(MetricNames.EDGE_QUEUE_BYTES, queue, DiskQueue::bytesOnDisk).baseUnit("bytes")
                .description("Bytes of the disk queue's segment files").register(registry);
        Gauge.builder(MetricNames.EDGE_QUEUE_LIMIT_BYTES, queue, DiskQueue::maxBytes).baseUnit("bytes")
                .description("queue.max-bytes of edge.yaml: when reached, sources wait").register(registry);
        Gauge.builder(MetricNames.EDGE_QUEUE_BATCHES, queue, DiskQueue::size)
                .description("Batches in the disk queue not yet acknowledged").register(registry);
        FunctionCounter.builder(MetricNames.EDGE_QUEUE_FULL, queueFull, AtomicLong::get)
                .description("Times a source found the disk queue full and waited").register(registry);
        Gauge.builder(MetricNames.EDGE_MQTT_CONNECTED, connected, c -> c.get() ? 1 : 0)
                .description("1 while connected to the MQTT broker").register(registry);
        FunctionCounter.builder(MetricNames.EDGE_MQTT_CONNECTS, connects, AtomicLong::get)
                .description("Successful MQTT connections, the first included").register(registry);
        FunctionCounter.builder(MetricNames.EDGE_COMMANDS, commands, AtomicLong::get)
                .description("Commands (pause/resume) received").register(registry);
    }

    /** True when every channel's source has finished (file replays, simulators with max-samples). */
    public boolean sourcesFinished() {
        return workers.values().stream().allMatch(w -> w.done);
    }

    /** True when the queue holds nothing unacknowledged. */
    public boolean drained() {
        return queue.size() == 0 && ackedPrefix() >= queue.nextIndex() - 1;
    }

    /**
     * Stops the sources (their partial batches are queued), waits up to {@code drainTimeout} for the
     * queue to be acknowledged, publishes every channel's retained {@code offline} and disconnects.
     * What is left in the queue is sent on the next start.
     */
    public void close(Duration drainTimeout) {
        if (!running.compareAndSet(true, false)) {
            return;
        }
        for (Worker w : workers.values()) {
            joinQuietly(w.thread, 5_000);
            try {
                w.source.close();
            } catch (IOException e) {
                log.debug("closing source of {}: {}", w.channel.address(), e.getMessage());
            }
        }
        long deadline = System.nanoTime() + drainTimeout.toNanos();
        while (connected.get() && !drained() && System.nanoTime() < deadline) {
            sleepQuietly(20);
        }
        stopPublisher();
        try {
            long acked = ackedPrefix();
            if (acked > queue.ackedIndex()) {
                queue.ack(acked);
            }
        } catch (IOException e) {
            log.warn("could not record the last acknowledgements: {}", e.getMessage());
        }
        commandThread.shutdownNow();
        try {
            if (client.isConnected()) {
                List<IMqttToken> tokens = new ArrayList<>();
                for (EdgeConfig.Channel c : config.channels()) {
                    MqttMessage m = new MqttMessage(STATUS_JSON.toBytes(CellStatus.offline(c.cellId(), now())));
                    m.setQos(1);
                    m.setRetained(true);
                    tokens.add(client.publish(MqttTopics.status(c.address()), m));
                }
                for (IMqttToken t : tokens) {
                    t.waitForCompletion(5_000);
                }
                client.disconnect(5_000).waitForCompletion(5_000);
            }
            client.close(true);
        } catch (MqttException e) {
            log.debug("MQTT close: {}", e.getMessage());
        }
        queue.close();
        log.info("edge agent {} stopped: {}", config.mqtt().clientId(), stats());
    }

    private void stopPublisher() {
        publishing.set(false);
        synchronized (wake) {
            wake.notifyAll();
        }
        joinQuietly(publisher, 15_000);
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(10));
    }

    /**
     * Stops as a crash would, for tests: sources stop where they are (partial batches are not
     * queued), acknowledgements not yet written to the queue are forgotten, the TCP connection is
     * dropped without a DISCONNECT so the broker publishes the will, and no offline status is sent.
     */
    public void halt() {
        halted = true;
        if (!running.compareAndSet(true, false)) {
            return;
        }
        for (Worker w : workers.values()) {
            joinQuietly(w.thread, 5_000);
        }
        stopPublisher();
        commandThread.shutdownNow();
        try {
            client.disconnectForcibly(0, 1_000, false);
        } catch (MqttException e) {
            log.debug("halt: {}", e.getMessage());
        }
        try {
            client.close(true);
        } catch (MqttException e) {
            log.debug("halt: {}", e.getMessage());
        }
        for (Worker w : workers.values()) {
            try {
                w.source.close();
            } catch (IOException e) {
                log.debug("closing source of {}: {}", w.channel.address(), e.getMessage());
            }
        }
        queue.close();
        log.warn("edge agent {} halted: {}", config.mqtt().clientId(), stats());
    }

    private static double now() {
        return System.currentTimeMillis() / 1000.0;
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    private static void sleepQuietly(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void joinQuietly(Thread t, long ms) {
        try {
            t.join(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

}
