package io.cellwatch.streams.replay;

import io.cellwatch.edge.reader.CyclerRow;
import io.cellwatch.streams.detect.CellDetectors;
import io.cellwatch.streams.detect.DetectionConfig;
import io.cellwatch.telemetry.CellMetadata;
import io.cellwatch.telemetry.CycleResult;
import io.cellwatch.telemetry.Finding;
import io.cellwatch.telemetry.Sample;
import io.cellwatch.telemetry.json.Json;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * The detectors over a replayed file, their findings written as JSON lines ({@code --findings
 * OUT.jsonl}): the same {@link CellDetectors} the topology runs, fed in the topology's order (the
 * cycles a sample finished before the sample).
 *
 * <p>One difference by nature: a file has no wall clock, so the cycler's own time stands in for it
 * (a gap in the file longer than the stale limit is reported as a silent channel, and cleared by
 * the next row). Chamber detectors need a chamber's other cells and are not run on a single file.
 *
 * <p>Each line: {@code type, severity, scope, cell, lab, chamber, cycle, time_s, detector, summary,
 * cleared, evidence, window}.
 */
public final class FindingsJsonl implements ReplayListener {

    private final CellDetectors detectors;
    private final Writer out;
    private final List<Finding> findings = new ArrayList<>();
    private Sample pending;

    public FindingsJsonl(CellMetadata cell, DetectionConfig config, Writer out) {
        this.detectors = new CellDetectors(cell, config);
        this.out = out;
    }

    @Override
    public void row(CyclerRow row) throws IOException {
        // The analytics see this sample after this call, and report the cycles it finishes after
        // that: hold it back one row so those cycles reach the detectors first, as in the topology.
        feedPending();
        pending = row.sample();
    }

    @Override
    public void cycle(CycleResult cycle) throws IOException {
        write(detectors.onCycle(cycle));
    }

    @Override
    public void end(ReplaySummary summary) throws IOException {
        feedPending();
        out.flush();
    }

    /** Every finding written so far, in order. */
    public List<Finding> findings() {
        return List.copyOf(findings);
    }

    private void feedPending() throws IOException {
        if (pending == null) {
            return;
        }
        Sample s = pending;
        pending = null;
        if (s.timeS() != null && Double.isFinite(s.timeS())) {
            long cyclerClockMs = Math.round(s.timeS() * 1000);
            write(detectors.onWallClock(cyclerClockMs));
            write(detectors.onSample(s, cyclerClockMs));
        }
    }

    private void write(List<Finding> batch) throws IOException {
        for (Finding f : batch) {
            findings.add(f);
            // A tree, not a map: every key is written, null included, so readers can rely on them.
            ObjectNode line = Json.mapper().createObjectNode();
            line.put("type", f.type().wireName());
            line.put("severity", f.severity().wireName());
            line.put("scope", f.scope().wireName());
            line.put("cell", f.cellId());
            line.put("lab", f.lab());
            line.put("chamber", f.chamber());
            line.put("cycle", f.cycle());
            line.put("time_s", f.timeS());
            line.put("detector", f.detector());
            line.put("summary", f.summary());
            line.put("cleared", f.cleared());
            line.set("evidence", Json.mapper().valueToTree(f.evidence()));
            line.set("window", Json.mapper().valueToTree(f.window()));
            out.write(Json.mapper().writeValueAsString(line));
            out.write('\n');
        }
    }
}
