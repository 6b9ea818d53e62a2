/**
 * A deterministic, physically plausible cell simulator: the paper's Li//LFP coin and pouch cells and
 * Li//Li symmetric cells (shared/design/SCENARIOS.md), with the faults cellwatch must detect
 * (shared/design/DETECTION.md). Pure Java, no I/O; simulated time is just numbers, so it runs as fast
 * as the CPU allows (100 cycles of a 1C coin cell: ~0.2 s).
 *
 * <pre>{@code
 * SimulatedCell cell = new SimulatedCell("lab1.oven.ch03", Preset.HKUST1_100C, 42L, 10.0, startUnixS)
 *         .withFault(new Fault.JumpingTemperatureSensor(startUnixS + 3600, 20));
 * publishBirth(cell.metadata(address));
 * while (running) {
 *     cell.nextIfTransmitting().ifPresent(batcher::add);   // honours Fault.ChannelSilence
 * }
 * }</pre>
 *
 * <ul>
 *   <li>{@link io.cellwatch.edge.sim.Preset}: the paper's cells, figures quoted, the rest marked *assumed*.</li>
 *   <li>{@link io.cellwatch.edge.sim.SimulatedCell}: the model, the cycler, the log records.</li>
 *   <li>{@link io.cellwatch.edge.sim.Fault}: injectable faults.</li>
 *   <li>{@link io.cellwatch.edge.sim.Protocol}: what the cycler does (presets bring their own).</li>
 * </ul>
 */
package io.cellwatch.edge.sim;
