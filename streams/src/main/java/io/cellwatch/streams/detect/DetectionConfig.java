package io.cellwatch.streams.detect;

/**
 * Every threshold of the detectors, one record per detector, each default documented beside it with its
 * source (shared/design/DETECTION.md: [S] a source states it, [D] a suggested default to tune).
 *
 * @param repeatEveryS  a condition that holds unchanged is reported again at most this often, in cycler
 *                      time (wall clock for stale channels). Default 1800 s [D]: on-call sees it is still
 *                      true twice an hour without a flood; alert de-duplication downstream does the rest
 * @param windowSamples raw samples attached to each finding (oldest first). Default 20: enough to see a
 *                      drop and its recovery, small on the wire (Finding: "keep it ≤ ~20")
 */
public record DetectionConfig(
        double repeatEveryS,
        int windowSamples,
        HardShortDetector.Config hardShort,
        SoftShortDetector.Config softShort,
        ThermalDetector.Config thermal,
        SensorFaultDetector.Config sensor,
        StaleChannelDetector.Config stale,
        ChamberDetector.Config chamber,
        TrendDetector.Config trend,
        SiblingNoiseDetector.Config siblingNoise,
        SiblingEfficiencyDetector.Config siblingEfficiency,
        SiblingRestDecayDetector.Config siblingRestDecay) {

    public DetectionConfig {
        if (!(repeatEveryS > 0) || windowSamples < 1) {
            throw new IllegalArgumentException("repeatEveryS must be > 0 and windowSamples >= 1");
        }
        if (hardShort == null || softShort == null || thermal == null || sensor == null || stale == null
                || chamber == null || trend == null || siblingNoise == null || siblingEfficiency == null
                || siblingRestDecay == null) {
            throw new IllegalArgumentException("every detector needs its config");
        }
    }

    public static DetectionConfig defaults() {
        return new DetectionConfig(1800.0, 20, HardShortDetector.Config.defaults(), SoftShortDetector.Config.defaults(),
                ThermalDetector.Config.defaults(), SensorFaultDetector.Config.defaults(),
                StaleChannelDetector.Config.defaults(), ChamberDetector.Config.defaults(),
                TrendDetector.Config.defaults(), SiblingNoiseDetector.Config.defaults(),
                SiblingEfficiencyDetector.Config.defaults(), SiblingRestDecayDetector.Config.defaults());
    }

    public DetectionConfig withRepeatEveryS(double seconds) {
        return new DetectionConfig(seconds, windowSamples, hardShort, softShort, thermal, sensor, stale, chamber, trend,
                siblingNoise, siblingEfficiency, siblingRestDecay);
    }

    public DetectionConfig withThermal(ThermalDetector.Config c) {
        return new DetectionConfig(repeatEveryS, windowSamples, hardShort, softShort, c, sensor, stale, chamber, trend,
                siblingNoise, siblingEfficiency, siblingRestDecay);
    }

    public DetectionConfig withSoftShort(SoftShortDetector.Config c) {
        return new DetectionConfig(repeatEveryS, windowSamples, hardShort, c, thermal, sensor, stale, chamber, trend,
                siblingNoise, siblingEfficiency, siblingRestDecay);
    }

    public DetectionConfig withSiblingNoise(SiblingNoiseDetector.Config c) {
        return new DetectionConfig(repeatEveryS, windowSamples, hardShort, softShort, thermal, sensor, stale, chamber,
                trend, c, siblingEfficiency, siblingRestDecay);
    }

    public DetectionConfig withStale(StaleChannelDetector.Config c) {
        return new DetectionConfig(repeatEveryS, windowSamples, hardShort, softShort, thermal, sensor, c, chamber,
                trend, siblingNoise, siblingEfficiency, siblingRestDecay);
    }

    public DetectionConfig withSiblingEfficiency(SiblingEfficiencyDetector.Config c) {
        return new DetectionConfig(repeatEveryS, windowSamples, hardShort, softShort, thermal, sensor, stale, chamber,
                trend, siblingNoise, c, siblingRestDecay);
    }

    public DetectionConfig withSiblingRestDecay(SiblingRestDecayDetector.Config c) {
        return new DetectionConfig(repeatEveryS, windowSamples, hardShort, softShort, thermal, sensor, stale, chamber,
                trend, siblingNoise, siblingEfficiency, c);
    }
}
