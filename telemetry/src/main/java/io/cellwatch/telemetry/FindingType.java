package io.cellwatch.telemetry;

/** What a detector found. The wire names are the ones dashboards and alert rules match on. */
public enum FindingType {
    HARD_SHORT, SOFT_SHORT, THERMAL, CHAMBER_TEMPERATURE, STALE_CHANNEL, SENSOR_FAULT,
    CAPACITY_FADE, POLARIZATION_RISE;

    @com.fasterxml.jackson.annotation.JsonValue
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
