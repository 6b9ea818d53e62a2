package io.cellwatch.edge.agent;

import io.cellwatch.telemetry.Command;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the agent calls when a pause or resume arrives for a channel whose samples come from a cycler
 * file: the hook through which a lab drives its cycler's own API (Arbin CTI, Neware BTS client, Maccor
 * MIMS...). Name an implementation with a public no-argument constructor in {@code edge.yaml}
 * ({@code cycler-control: org.mylab.NewareControl}) and put its jar on the class path.
 *
 * <p>Called on the agent's command thread, one command at a time; it may block for a few seconds.
 */
public interface CyclerControl {

    /** What became of the command: {@code enforced} true only if the cycler really paused/resumed. */
    record Outcome(boolean enforced, String message) {
    }

    Outcome apply(EdgeConfig.Channel channel, Command command);

    /** The default: the request is logged (and recorded in the queue folder), nothing is enforced. */
    static CyclerControl recordOnly() {
        Logger log = LoggerFactory.getLogger(CyclerControl.class);
        return (channel, command) -> {
            log.warn("{} {} requested for {} ({}): recorded, not enforced (no cycler-control in edge.yaml)",
                    command.action().wireName(), command.commandId(), channel.address(), command.reason());
            return new Outcome(false, "recorded, not enforced: no cycler control is configured for this channel");
        };
    }

    /** The implementation named in the configuration, or {@link #recordOnly()} when none is. */
    static CyclerControl load(String className) {
        if (className == null) {
            return recordOnly();
        }
        try {
            Class<?> type = Class.forName(className);
            if (!CyclerControl.class.isAssignableFrom(type)) {
                throw new IllegalArgumentException("cycler-control: " + className + " does not implement "
                        + CyclerControl.class.getName());
            }
            return (CyclerControl) type.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("cycler-control: cannot create " + className
                    + " (on the class path, public, with a public no-argument constructor?): " + e, e);
        }
    }
}
