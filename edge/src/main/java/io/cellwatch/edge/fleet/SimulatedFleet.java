package io.cellwatch.edge.fleet;

import io.cellwatch.edge.mqtt.MqttTelemetryPublisher;
import io.cellwatch.edge.sim.Preset;
import io.cellwatch.edge.sim.SimulatedCell;
import io.cellwatch.telemetry.CellStatus;
import io.cellwatch.telemetry.ChannelAddress;
import io.cellwatch.telemetry.Command;
import io.cellwatch.telemetry.MqttClientSecurity;
import io.cellwatch.telemetry.Sample;
import io.cellwatch.telemetry.SampleBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Many simulated channels publishing over MQTT, as one edge agent beside a rack of cyclers would:
 * one connection, a retained birth per channel, then batches of samples paced by simulated time.
 * Cells at a 100 °C preset sit in chamber {@code oven-100c}, the rest in {@code bench-rt}.
 */
public final class SimulatedFleet implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SimulatedFleet.class);

    private final FleetOptions options;
    private final List<Channel> channels;
    private final MqttTelemetryPublisher publisher;
    private final AtomicLong samplesPublished = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;

    private record Channel(ChannelAddress address, SimulatedCell cell, Preset preset) {
    }

    private SimulatedFleet(FleetOptions options, List<Channel> channels, MqttTelemetryPublisher publisher) {
        this.options = options;
        this.channels = channels;
        this.publisher = publisher;
        this.thread = new Thread(this::run, "cellwatch-fleet");
        this.thread.setDaemon(true);
    }

    /** Connects, announces every channel and starts publishing in a background thread. */
    public static SimulatedFleet start(String mqttServerUri, FleetOptions options) throws InterruptedException {
        return start(mqttServerUri, options, List.of());
    }

    /** As {@link #start(String, FleetOptions)}, with faults injected into the named channels or chambers. */
    public static SimulatedFleet start(String mqttServerUri, FleetOptions options, List<FaultPlan> faults)
            throws InterruptedException {
        return start(mqttServerUri, options, faults, MqttClientSecurity.NONE);
    }

    /** As {@link #start(String, FleetOptions, List)}, connecting with credentials and/or TLS trust. */
    public static SimulatedFleet start(String mqttServerUri, FleetOptions options, List<FaultPlan> faults,
                                       MqttClientSecurity security) throws InterruptedException {
        List<Channel> channels = new ArrayList<>();
        List<Preset> presets = options.presets();
        for (int i = 0; i < options.cells(); i++) {
            Preset preset = presets.get(i % presets.size());
            String chamber = preset.chamberSetpointC() >= 50 ? "oven-100c" : "bench-rt";
            ChannelAddress address = new ChannelAddress(options.lab(), chamber, String.format("ch%03d", i + 1));
            SimulatedCell cell = new SimulatedCell(address.defaultCellId(), preset, options.seed() + i,
                    options.samplePeriodS(), options.startTimeS());
            channels.add(new Channel(address, cell, preset));
        }
        for (FaultPlan plan : faults) {
            List<Channel> hit = channels.stream().filter(c -> plan.chamberWide()
                    ? c.address().chamber().equals(plan.target()) : c.address().channel().equals(plan.target())).toList();
            if (hit.isEmpty()) {
                throw new IllegalArgumentException("fault '" + plan.spec() + "': no " + (plan.chamberWide() ? "chamber" : "channel")
                        + " '" + plan.target() + "' in this fleet (channels ch001..ch" + String.format("%03d", channels.size())
                        + ", chambers " + channels.stream().map(c -> c.address().chamber()).distinct().toList() + ")");
            }
            hit.forEach(c -> c.cell().withFault(plan.factory().at(options.startTimeS())));
            log.info("fault {} injected into {} channel(s)", plan.spec(), hit.size());
        }
        MqttTelemetryPublisher publisher = MqttTelemetryPublisher.connect(mqttServerUri,
                "cellwatch-sim-" + options.lab() + "-" + ProcessHandle.current().pid(), security);
        for (Channel c : channels) {
            publisher.publishStatus(c.address(), CellStatus.online(c.cell().metadata(c.address()), options.startTimeS()));
        }
        SimulatedFleet fleet = new SimulatedFleet(options, channels, publisher);
        publisher.onCommands(options.lab(), fleet::obey);
        fleet.thread.start();
        log.info("simulated fleet: {} cells in lab {}, a sample every {} s of simulated time, speed {}",
                options.cells(), options.lab(), options.samplePeriodS(),
                options.speed() == 0 ? "as fast as possible" : options.speed() + "x");
        return fleet;
    }

    public int cells() {
        return channels.size();
    }

    /** Samples handed to MQTT (acknowledged or in flight). */
    public long samplesPublished() {
        return samplesPublished.get();
    }

    /** The cycle the first channel is in: a rough sense of simulated progress. */
    public int currentCycle() {
        return channels.get(0).cell().cycle();
    }

    private void run() {
        long wallStart = System.nanoTime();
        double simulatedNowS = options.startTimeS();
        try {
            while (running) {
                simulatedNowS = options.speed() == 0
                        ? simulatedNowS + options.samplePeriodS() * options.maxBatch()
                        : options.startTimeS() + options.speed() * (System.nanoTime() - wallStart) / 1e9;
                publishUntil(simulatedNowS);
                if (options.speed() > 0) {
                    TimeUnit.MILLISECONDS.sleep(options.tick().toMillis()); // pacing to simulated time, not waiting on a condition
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.error("simulated fleet stopped: {}", e.toString(), e);
        }
    }

    /**
     * What a cycler channel does with a command: pause opens the circuit (current 0 from the next
     * sample), resume continues the interrupted step. Unknown channels are refused, not ignored,
     * so the alert shows that the interlock did not act.
     */
    private Command obey(ChannelAddress address, Command command) {
        double now = System.currentTimeMillis() / 1000.0;
        Channel channel = channels.stream().filter(c -> c.address().equals(address)).findFirst().orElse(null);
        if (channel == null || (command.cellId() != null && !command.cellId().equals(address.defaultCellId()))) {
            log.warn("refused command {} {}: no such channel/cell here ({} / {})", command.commandId(),
                    command.action().wireName(), address, command.cellId());
            return command.acknowledged(false, "no channel " + address + " with cell " + command.cellId(), now);
        }
        switch (command.action()) {
            case PAUSE -> channel.cell().pause();
            case RESUME -> channel.cell().resume();
        }
        log.info("channel {} {}d by command {} ({})", address, command.action().wireName(), command.commandId(),
                command.reason());
        return command.acknowledged(true, null, now);
    }

    /** The simulated cells' ids, in channel order. */
    public List<String> cellIds() {
        return channels.stream().map(c -> c.address().defaultCellId()).toList();
    }

    /** True when the channel has been paused by a command. */
    public boolean isPaused(String cellId) {
        return channels.stream().anyMatch(c -> c.address().defaultCellId().equals(cellId) && c.cell().isPaused());
    }

    /** Publishes every sample each cell logged up to {@code timeS}, in batches of at most maxBatch. */
    private void publishUntil(double timeS) throws InterruptedException {
        for (Channel c : channels) {
            List<Sample> samples = c.cell().transmittedUntil(timeS);
            for (int from = 0; from < samples.size() && running; from += options.maxBatch()) {
                List<Sample> batch = samples.subList(from, Math.min(samples.size(), from + options.maxBatch()));
                publisher.publishBatch(c.address(), SampleBatch.of(c.address().defaultCellId(), batch));
                samplesPublished.addAndGet(batch.size());
            }
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        publisher.close();
        log.info("simulated fleet stopped after {} samples", samplesPublished());
    }
}
