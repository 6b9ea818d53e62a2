package io.cellwatch.telemetry;

import java.util.List;

/**
 * Every Prometheus metric cellwatch exports, by the name Prometheus sees, in one place: the
 * Micrometer binders register them, and the alert rules and Grafana dashboards under
 * {@code deploy/} are tested against this list.
 *
 * <p>Micrometer names are dotted and Prometheus names are derived from them ({@code .} → {@code _},
 * counters get {@code _total}); the constants here hold the Micrometer name and
 * {@link #prometheus(String, boolean)} gives the scraped form. Base units in names, labels bounded
 * by the lab's hardware: {@code lab}, {@code chamber}, {@code channel}, {@code cell}, plus small
 * enums ({@code reason}, {@code type}, {@code severity}).
 */
public final class MetricNames {

    // --- ingest (bridge) ---
    public static final String INGEST_MESSAGES_RECEIVED = "cellwatch.ingest.messages.received";        // counter
    public static final String INGEST_SAMPLES_FORWARDED = "cellwatch.ingest.samples.forwarded";        // counter
    public static final String INGEST_SAMPLES_DEAD_LETTERED = "cellwatch.ingest.samples.dead.lettered"; // counter{reason}
    public static final String INGEST_STATUS_FORWARDED = "cellwatch.ingest.status.forwarded";          // counter
    public static final String INGEST_KAFKA_SEND_FAILURES = "cellwatch.ingest.kafka.send.failures";    // counter
    public static final String INGEST_KAFKA_SEND = "cellwatch.ingest.kafka.send";                      // timer (seconds)
    public static final String INGEST_FORWARD_LATENCY = "cellwatch.ingest.forward.latency";            // timer (seconds)

    // --- per cell, latest values (streams); labels lab, chamber, channel, cell ---
    public static final String CELL_VOLTAGE = "cellwatch.cell.voltage.volts";
    public static final String CELL_CURRENT = "cellwatch.cell.current.amperes";
    public static final String CELL_TEMPERATURE = "cellwatch.cell.temperature.celsius";
    public static final String CHAMBER_TEMPERATURE = "cellwatch.chamber.temperature.celsius";
    public static final String CELL_CYCLE = "cellwatch.cell.cycle";                                    // gauge: cycle index
    public static final String CELL_LAST_SAMPLE_AGE = "cellwatch.cell.last.sample.age.seconds";        // gauge, wall clock
    public static final String CELL_DISCHARGE_CAPACITY = "cellwatch.cell.discharge.capacity.ampere.hours";
    public static final String CELL_CHARGE_CAPACITY = "cellwatch.cell.charge.capacity.ampere.hours";
    public static final String CELL_COULOMBIC_EFFICIENCY = "cellwatch.cell.coulombic.efficiency.ratio";
    public static final String CELL_RETENTION = "cellwatch.cell.capacity.retention.ratio";
    public static final String CELL_POLARIZATION = "cellwatch.cell.polarization.volts";

    // --- streams pipeline ---
    public static final String STREAMS_SAMPLES_PROCESSED = "cellwatch.streams.samples.processed";       // counter
    public static final String STREAMS_SAMPLES_DROPPED = "cellwatch.streams.samples.dropped";           // counter{reason}
    public static final String STREAMS_CYCLES_COMPLETED = "cellwatch.streams.cycles.completed";         // counter
    /** Samples of cells that never sent a birth message: accepted, analysed with defaults, and flagged here. */
    public static final String STREAMS_SAMPLES_UNREGISTERED = "cellwatch.streams.samples.unregistered"; // counter
    public static final String STREAMS_FINDINGS = "cellwatch.streams.findings";                        // counter{type,severity}
    public static final String STREAMS_LAG = "cellwatch.streams.sample.lag.seconds";                   // gauge: wall clock − record time

    // --- alerts ---
    public static final String ALERTS_OPEN = "cellwatch.alerts.open";                                  // gauge{type,severity,scope}
    public static final String ALERTS_TRANSITIONS = "cellwatch.alerts.transitions";                    // counter{state,type}
    public static final String ALERTS_COMMANDS = "cellwatch.alerts.commands";                          // counter{action}
    public static final String ALERTS_FINDING_TO_ALERT = "cellwatch.alerts.finding.to.alert";          // timer (seconds)

    // --- edge agent (`cellwatch edge`, one per lab PC; Prometheus' instance label tells agents apart) ---
    public static final String EDGE_SAMPLES_QUEUED = "cellwatch.edge.samples.queued";                  // counter
    public static final String EDGE_BATCHES_SENT = "cellwatch.edge.batches.sent";                      // counter
    public static final String EDGE_BATCHES_ACKED = "cellwatch.edge.batches.acked";                    // counter
    /** Store-and-forward on the PC's disk: what waits for the broker's acknowledgement. */
    public static final String EDGE_QUEUE_BYTES = "cellwatch.edge.queue.bytes";                        // gauge
    public static final String EDGE_QUEUE_LIMIT_BYTES = "cellwatch.edge.queue.limit.bytes";            // gauge: queue.max-bytes
    public static final String EDGE_QUEUE_BATCHES = "cellwatch.edge.queue.batches";                    // gauge
    /** Times a source found the queue full and waited (samples stay in the cycler's file, not lost). */
    public static final String EDGE_QUEUE_FULL = "cellwatch.edge.queue.full";                          // counter
    public static final String EDGE_MQTT_CONNECTED = "cellwatch.edge.mqtt.connected";                  // gauge: 1 or 0
    public static final String EDGE_MQTT_CONNECTS = "cellwatch.edge.mqtt.connects";                    // counter
    public static final String EDGE_COMMANDS = "cellwatch.edge.commands";                              // counter: pause/resume received

    private MetricNames() {
    }

    /**
     * The name Prometheus scrapes for a Micrometer name: dots become underscores, counters get
     * {@code _total}, timers become {@code _seconds} histograms ({@code _seconds_bucket}, …).
     */
    public static String prometheus(String micrometerName, boolean counter) {
        String base = micrometerName.replace('.', '_');
        return counter ? base + "_total" : base;
    }

    /** Every gauge name exported per cell, for dashboards and tests. */
    public static final List<String> PER_CELL_GAUGES = List.of(CELL_VOLTAGE, CELL_CURRENT, CELL_TEMPERATURE,
            CHAMBER_TEMPERATURE, CELL_CYCLE, CELL_LAST_SAMPLE_AGE, CELL_DISCHARGE_CAPACITY, CELL_CHARGE_CAPACITY,
            CELL_COULOMBIC_EFFICIENCY, CELL_RETENTION, CELL_POLARIZATION);
}
