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

    /** A new command, not yet acknowledged. */
    public static Command issue(String commandId, String cellId, Action action, String reason, double issuedAtS) {
        return new Command(commandId, cellId, action, reason, issuedAtS, null, null);
    }

    /** This command as acknowledged by the edge: {@code done} false means refused, with the reason. */
    public Command acknowledged(boolean done, String why, double ackedAtS) {
        return new Command(commandId, cellId, action, why == null ? reason : why, issuedAtS, done, ackedAtS);
    }

    /** True for the edge's answer, false for the request. */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isAcknowledgement() {
        return ack != null;
    }

    public enum Action {
        PAUSE, RESUME;

        @com.fasterxml.jackson.annotation.JsonValue
        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
