package io.cellwatch.app;

import io.cellwatch.edge.fleet.FaultPlan;
import io.cellwatch.edge.fleet.FleetOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/** {@code cellwatch demo}: the whole pipeline in one process, on embedded brokers. */
@Command(name = "demo",
        mixinStandardHelpOptions = true,
        description = {
                "Runs everything in one process: a real Kafka broker (KRaft) and a real MQTT v5 broker on",
                "127.0.0.1, the cellwatch topics, the MQTT->Kafka bridge, and a simulated fleet of cells",
                "built from the source paper's presets. Prints progress once a second; Ctrl-C stops it cleanly.",
                "",
                "Point your own tools at the addresses it prints, e.g.:",
                "  kcat -C -b <kafka> -t cellwatch.telemetry.v1",
                "  mosquitto_sub -V mqttv5 -h 127.0.0.1 -p <port> -t 'cellwatch/v1/#'"})
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--cells", defaultValue = "${CELLWATCH_DEMO_CELLS:-18}",
            description = "Simulated channels (presets dealt round-robin). Env CELLWATCH_DEMO_CELLS. Default: ${DEFAULT-VALUE}.")
    int cells;

    @Option(names = "--speed", defaultValue = "${CELLWATCH_DEMO_SPEED:-3600}",
            description = "Simulated seconds per real second; 0 = as fast as possible. Env CELLWATCH_DEMO_SPEED. Default: ${DEFAULT-VALUE}.")
    double speed;

    @Option(names = "--sample-period", defaultValue = "10", paramLabel = "SECONDS",
            description = "Simulated seconds between samples of one cell. Default: ${DEFAULT-VALUE}.")
    double samplePeriodS;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the simulation; same seed, same samples. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--lab", defaultValue = "demo-lab", description = "Lab id used in topics. Default: ${DEFAULT-VALUE}.")
    String lab;

    @Option(names = "--partitions", defaultValue = "3", description = "Partitions per topic. Default: ${DEFAULT-VALUE}.")
    int partitions;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "${CELLWATCH_DATA_DIR}",
            description = "Keep broker data here across runs (env CELLWATCH_DATA_DIR). Default: a temporary folder, deleted on exit.")
    Path dataDir;

    @Option(names = "--kafka-port", defaultValue = "0", description = "Kafka port on 127.0.0.1; 0 = any free port. Default: ${DEFAULT-VALUE}.")
    int kafkaPort;

    @Option(names = "--mqtt-port", defaultValue = "0", description = "MQTT port on 127.0.0.1; 0 = any free port. Default: ${DEFAULT-VALUE}.")
    int mqttPort;

    @Option(names = "--http-port", defaultValue = "${CELLWATCH_HTTP_PORT:-8080}",
            description = "Port on 127.0.0.1 for /cells (latest cycle figures per cell), /metrics and /health/*; "
                    + "0 = any free port, -1 = none. Env CELLWATCH_HTTP_PORT. Default: ${DEFAULT-VALUE}.")
    int httpPort;

    @Option(names = "--fault", paramLabel = "TARGET:KIND@WHEN", converter = FaultPlanConverter.class,
            description = {"Inject a fault (repeatable). Cycles are numbers, times are simulated time after the start:",
                    "  ch002:hard-short@3   ch003:soft-short@2   ch004:thermal-runaway@2h",
                    "  ch005:stuck-sensor@1h   ch006:jumping-sensor@1h   ch007:silence@1h/30m",
                    "  oven-100c:chamber-hot@3h/15K   (every cell in that chamber)"})
    List<FaultPlan> faults = new ArrayList<>();

    @Option(names = "--run-for", paramLabel = "SECONDS", defaultValue = "0",
            description = "Stop by itself after this many seconds; 0 = run until Ctrl-C. Default: ${DEFAULT-VALUE}.")
    long runForS;

    private final PrintStream out = System.out;

    @Override
    public Integer call() throws Exception {
        FleetOptions fleet = new FleetOptions(lab, cells, samplePeriodS, speed, 500, seed,
                System.currentTimeMillis() / 1000.0, Duration.ofMillis(100));
        out.println("cellwatch demo: starting embedded Kafka and MQTT brokers ...");
        long t0 = System.nanoTime();
        try (ShutdownSignal shutdown = ShutdownSignal.install(Duration.ofSeconds(30));
             AllInOne all = AllInOne.start(new AllInOne.Options(dataDir, kafkaPort, mqttPort, partitions, httpPort, fleet, faults))) {
            out.printf("Kafka  %s   MQTT  %s   (ready in %.1f s; Ctrl-C to stop)%n", all.kafkaBootstrap(),
                    all.mqttServerUri(), (System.nanoTime() - t0) / 1e9);
            if (all.httpAddress() != null) {
                out.printf("Cells  %s/cells   (per cell: /cells/{id}, /cells/{id}/cycles; also /metrics)%n", all.httpAddress());
            }
            ProgressPrinter printer = new ProgressPrinter(out);
            long deadline = runForS > 0 ? System.nanoTime() + TimeUnit.SECONDS.toNanos(runForS) : Long.MAX_VALUE;
            while (!shutdown.awaitRequest(Duration.ofSeconds(1))) {
                printer.print(all.progress());
                if (System.nanoTime() >= deadline) {
                    break;
                }
            }
            out.println("cellwatch demo: stopping ...");
            all.drain();
            AllInOne.Progress last = all.progress();
            all.close();
            out.printf("cellwatch demo: stopped. %,d samples published, %,d on %s, %,d dead-lettered.%n",
                    last.published(), last.telemetryOffsets(), io.cellwatch.telemetry.Topics.TELEMETRY.name(),
                    last.deadLettered());
            return all.bridgeFailure() == null ? 0 : 1;
        }
    }
}
