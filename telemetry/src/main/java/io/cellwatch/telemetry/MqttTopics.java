package io.cellwatch.telemetry;

import java.util.Optional;

/**
 * MQTT topic layout, most general level first: {@code cellwatch/v1/{lab}/{chamber}/{channel}/{kind}}.
 */
public final class MqttTopics {

    public static final String ROOT = "cellwatch/v1";
    public static final String TELEMETRY = "telemetry";
    public static final String STATUS = "status";
    public static final String COMMAND = "command";
    /** The edge's acknowledgement of a command (a {@link Command} with {@code ack} set). */
    public static final String ACK = "ack";

    /** Every channel's telemetry, for a single subscriber. */
    public static final String ALL_TELEMETRY = ROOT + "/+/+/+/" + TELEMETRY;
    /** Every channel's status (birth / last will). */
    public static final String ALL_STATUS = ROOT + "/+/+/+/" + STATUS;
    /** Every channel's command acknowledgements. */
    public static final String ALL_ACKS = ROOT + "/+/+/+/" + ACK;
    /** The shared-subscription group bridge replicas join to split telemetry between them. */
    public static final String INGEST_SHARE_GROUP = "cellwatch-ingest";

    private MqttTopics() {
    }

    public static String telemetry(ChannelAddress a) {
        return topic(a, TELEMETRY);
    }

    public static String status(ChannelAddress a) {
        return topic(a, STATUS);
    }

    public static String command(ChannelAddress a) {
        return topic(a, COMMAND);
    }

    public static String ack(ChannelAddress a) {
        return topic(a, ACK);
    }

    /** The command topics of every channel of one lab: what an edge agent of that lab subscribes to. */
    public static String labCommands(String lab) {
        return ROOT + "/" + lab + "/+/+/" + COMMAND;
    }

    /** {@code $share/{group}/{filter}}: MQTT v5 shared subscription. */
    public static String shared(String group, String filter) {
        return "$share/" + group + "/" + filter;
    }

    /** The channel a concrete topic belongs to, if it follows the layout. */
    public static Optional<ChannelAddress> parse(String topic) {
        String[] parts = topic.split("/", -1);
        if (parts.length != 6 || !"cellwatch".equals(parts[0]) || !"v1".equals(parts[1])) {
            return Optional.empty();
        }
        try {
            return Optional.of(new ChannelAddress(parts[2], parts[3], parts[4]));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static String topic(ChannelAddress a, String kind) {
        return ROOT + "/" + a.lab() + "/" + a.chamber() + "/" + a.channel() + "/" + kind;
    }
}
