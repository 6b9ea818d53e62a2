package io.cellwatch.streams.analytics;

import io.cellwatch.telemetry.Sample;

/**
 * First and last sample of a step or cycle: times, voltages, and how many samples lie between.
 */
public record Span(double startTimeS, double endTimeS, double startVoltageV, double endVoltageV, long samples) {

    public static Span of(Sample s) {
        return new Span(s.timeS(), s.timeS(), s.voltageV(), s.voltageV(), 1);
    }

    public Span with(Sample s) {
        return new Span(startTimeS, s.timeS(), startVoltageV, s.voltageV(), samples + 1);
    }

    public double durationS() {
        return endTimeS - startTimeS;
    }
}
