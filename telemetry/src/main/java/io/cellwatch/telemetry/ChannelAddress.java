package io.cellwatch.telemetry;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where a channel sits: lab, chamber, channel. Each part is an id (not a display name) and must be
 * usable as one MQTT topic level, so it is restricted to {@code [A-Za-z0-9_.-]{1,64}}.
 */
public record ChannelAddress(String lab, String chamber, String channel) {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    public ChannelAddress {
        requireId("lab", lab);
        requireId("chamber", chamber);
        requireId("channel", channel);
    }

    /** The cell id cellwatch uses when the edge does not name cells: {@code lab.chamber.channel}. */
    /** {@code lab/chamber/channel}, as people say it. */
    @Override
    public String toString() {
        return lab + "/" + chamber + "/" + channel;
    }

    public String defaultCellId() {
        return lab + "." + chamber + "." + channel;
    }

    private static void requireId(String what, String value) {
        Objects.requireNonNull(value, what);
        if (!ID.matcher(value).matches()) {
            throw new IllegalArgumentException(what + " '" + value
                    + "' is not a valid id: use 1-64 characters from A-Z a-z 0-9 _ . -");
        }
    }
}
