package io.cellwatch.app;

import io.cellwatch.edge.fleet.FleetOptions;
import io.cellwatch.edge.fleet.SimulatedFleet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.Callable;

/** {@code cellwatch simulate}: a fleet of simulated cyclers publishing to an MQTT broker, obeying pause/resume. */
@Command(name = "simulate",
        header = "Simulated cycler channels publishing over MQTT (the paper's presets, faults).",
        mixinStandardHelpOptions = true,
        description = {
                "Simulates cycler channels (the paper's presets, dealt round-robin: core-shell, HKUST-1, ZIF-8,",
                "GF+LE at 100 C; core-shell and GF+LE at room temperature; symmetric Li//Li; pouch) and publishes",
                "their samples over MQTT v5 like edge agents would: a retained birth message per channel, then",
                "batches on cellwatch/v1/{lab}/{chamber}/{channel}/telemetry. Pause/resume commands on the",
                "channels' command topics are obeyed and acknowledged. Deterministic for a given --seed."})
final class SimulateCommand implements Callable<Integer> {

    @Mixin
    FleetMixin fleetOptions;

    @Option(names = "--mqtt", defaultValue = "${CELLWATCH_MQTT_URI:-tcp://127.0.0.1:1883}", paramLabel = "URI",
            description = "MQTT broker. Env CELLWATCH_MQTT_URI. Default: ${DEFAULT-VALUE}.")
    String mqttUri;

    @Mixin
    MqttSecurityOptions mqttSecurity;

    @Option(names = "--lab", defaultValue = "${CELLWATCH_LAB:-sim-lab}", description = "Lab id in the topics. Env CELLWATCH_LAB. Default: ${DEFAULT-VALUE}.")
    String lab;






    @Option(names = "--run-for", paramLabel = "SECONDS", defaultValue = "0",
            description = "Stop by itself after this many seconds; 0 = until Ctrl-C / SIGTERM. Default: ${DEFAULT-VALUE}.")
    long runForS;

    private final PrintStream err = System.err;

    @Override
    public Integer call() throws Exception {
        FleetOptions options = fleetOptions.options(lab);
        try (ShutdownSignal shutdown = ShutdownSignal.install(Duration.ofSeconds(15));
             SimulatedFleet fleet = SimulatedFleet.start(mqttUri, options, fleetOptions.faults, mqttSecurity.security())) {
            err.printf("cellwatch simulate: %d channels of lab %s publishing to %s%n", fleet.cells(), lab, mqttUri);
            long deadline = runForS > 0 ? System.nanoTime() + Duration.ofSeconds(runForS).toNanos() : Long.MAX_VALUE;
            long lastPrint = 0;
            while (!shutdown.awaitRequest(Duration.ofSeconds(1)) && System.nanoTime() < deadline) {
                if (System.nanoTime() - lastPrint > Duration.ofSeconds(10).toNanos()) {
                    err.printf("  %,d samples published, cycle %d%n", fleet.samplesPublished(), fleet.currentCycle());
                    lastPrint = System.nanoTime();
                }
            }
            err.printf("cellwatch simulate: stopped after %,d samples%n", fleet.samplesPublished());
            return 0;
        }
    }
}
