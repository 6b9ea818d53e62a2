package io.cellwatch.streams.analytics;

import io.cellwatch.telemetry.Sample;

/**
 * First and last sample of a step or cycle: times, voltages, and how many samples lie between.
 */
public record Span(double startTimeS, double endTimeS, double startVoltageV, double endVoltageV, long samples) {

    /**
     * Nothing yet, starting where {@code s} is: what a new step or cycle takes its first sample into (taking
     * {@code s} makes it the one-sample span from s to s).
     */
    static Span startingAt(Sample s) {
        return new Span(s.timeS(), s.timeS(), s.voltageV(), s.voltageV(), 0);
    }

    public double durationS() {
        return endTimeS - startTimeS;
    }
}
