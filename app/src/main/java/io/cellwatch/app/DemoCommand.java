package io.cellwatch.app;

import io.cellwatch.edge.fleet.FleetOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/** {@code cellwatch demo}: the whole pipeline in one process, on embedded brokers. */
@Command(name = "demo",
        header = "Everything in one process on embedded brokers: a simulated lab, analytics, alerts.",
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

    @Mixin
    FleetMixin fleetOptions;





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


    @Option(names = "--run-for", paramLabel = "SECONDS", defaultValue = "0",
            description = "Stop by itself after this many seconds; 0 = run until Ctrl-C. Default: ${DEFAULT-VALUE}.")
    long runForS;

    @Option(names = "--mqtt-credentials", paramLabel = "FILE", defaultValue = "${CELLWATCH_MQTT_CREDENTIALS}",
            description = "Secure the embedded MQTT broker: only the accounts in FILE (USER:LAB:ROLE:HASH lines, "
                    + "see 'cellwatch mqtt-passwd --help') may connect, each edge only to its lab's topics. "
                    + "Env CELLWATCH_MQTT_CREDENTIALS. Default: none, the broker is open to anyone on 127.0.0.1.")
    Path mqttCredentials;

    private final PrintStream out = System.out;

    @Override
    public Integer call() throws Exception {
        FleetOptions fleet = fleetOptions.options(lab);
        out.println("cellwatch demo: starting embedded Kafka and MQTT brokers ...");
        long t0 = System.nanoTime();
        try (ShutdownSignal shutdown = ShutdownSignal.install(Duration.ofSeconds(30));
             AllInOne all = AllInOne.start(new AllInOne.Options(dataDir, kafkaPort, mqttPort, partitions, httpPort, fleet, fleetOptions.faults,
                     mqttCredentials))) {
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
