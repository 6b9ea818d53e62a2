package io.cellwatch.telemetry;

/**
 * A command to one channel and, with {@code ack} set, the edge's acknowledgement of it. Travels on
 * {@code cellwatch.commands.v1} (key = cell id) and on the channel's MQTT {@code command} topic.
 * The edge acknowledges by sending the same command back with {@link #acknowledged(double)}, so
 * every field (the address, the alert it belongs to) travels with the ack.
 *
 * @param commandId  unique per command; an interlock pause is {@code alertId/pause}, so one alert
 *                   episode can never pause a channel twice
 * @param cellId     the cell the command is for
 * @param action     pause or resume
 * @param reason     why, in a sentence a person can read on the cycler's screen or log
 * @param issuedAtS  when it was issued (Unix seconds)
 * @param ack        absent (null) on a request; on an answer true = carried out, false = refused
 *                   (the reason then in {@code reason}). Never set false on a request: the relay
 *                   forwards only commands without an answer
 * @param ackedAtS   when the edge carried it out (edge clock, Unix seconds)
 * @param lab        lab of the channel, so the bridge can address the MQTT topic without a lookup
 * @param chamber    chamber of the channel
 * @param channel    cycler channel id
 * @param alertId    the alert that caused it, for an interlock command
 */
public record Command(
        String commandId,
        String cellId,
        Action action,
        String reason,
        Double issuedAtS,
        Boolean ack,
        Double ackedAtS,
        String lab,
        String chamber,
        String channel,
        String alertId) {

    public enum Action {
        PAUSE, RESUME;

        @com.fasterxml.jackson.annotation.JsonValue
        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** A new command, not yet acknowledged, for a channel the relay looks up in the registry. */
    public static Command issue(String commandId, String cellId, Action action, String reason, double issuedAtS) {
        return new Command(commandId, cellId, action, reason, issuedAtS, null, null, null, null, null, null);
    }

    /** This command as answered by the edge: {@code done} false means refused, with the reason. */
    public Command acknowledged(boolean done, String why, double ackedAtS) {
        return new Command(commandId, cellId, action, why == null ? reason : why, issuedAtS, done, ackedAtS,
                lab, chamber, channel, alertId);
    }

    /** True for any answer (carried out or refused), false for the request. */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isAcknowledgement() {
        return ack != null;
    }

    /** True when this is the edge's acknowledgement rather than a request. */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isAck() {
        return Boolean.TRUE.equals(ack);
    }

    /** The acknowledgement the edge sends back after carrying the command out at {@code ackedAtS}. */
    public Command acknowledged(double ackedAtS) {
        return new Command(commandId, cellId, action, reason, issuedAtS, true, ackedAtS, lab, chamber, channel, alertId);
    }

    /** The MQTT address of the channel, when the command carries a complete and valid one. */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public java.util.Optional<ChannelAddress> address() {
        if (lab == null || chamber == null || channel == null) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(new ChannelAddress(lab, chamber, channel));
        } catch (IllegalArgumentException e) {
            return java.util.Optional.empty();
        }
    }
}
