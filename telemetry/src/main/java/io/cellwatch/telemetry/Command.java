package io.cellwatch.telemetry;

/**
 * A command to one channel and, with {@code ack} set, the edge's acknowledgement of it. Travels on
 * {@code cellwatch.commands.v1} and on the channel's MQTT {@code command} topic.
 */
public record Command(
        String commandId,
        String cellId,
        Action action,
        String reason,
        Double issuedAtS,
        Boolean ack,
        Double ackedAtS) {

    public enum Action {
        PAUSE, RESUME;

        @com.fasterxml.jackson.annotation.JsonValue
        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
