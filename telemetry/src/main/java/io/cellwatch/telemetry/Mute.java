package io.cellwatch.telemetry;

/**
 * A person's request to stop paging for a cell or a chamber until a given time. Muted alerts are
 * still tracked and published (state {@code muted}); they just do not page. A mute never stops the
 * interlock: pausing a shorted cell is not a notification.
 *
 * <p>Target: {@code cellId} set mutes that cell's alerts; {@code cellId} null mutes the chamber
 * ({@code lab} + {@code chamber}): its chamber alerts and the alerts of every cell in it (chamber
 * maintenance). {@code type} null means every type. A new mute for the same target replaces the
 * old one, and one whose {@code untilS} has passed lifts it (that is how to unmute).
 *
 * @param cellId       the cell, or null for a whole chamber
 * @param lab          the lab (required for a chamber mute; for a cell mute, used when the registry does not know the cell)
 * @param chamber      the chamber (as for lab)
 * @param type         the finding type to mute, or null for all
 * @param untilS       when the mute ends (Unix seconds, wall clock)
 * @param reason       why, for the record
 * @param requestedBy  who asked, for the record
 */
public record Mute(String cellId, String lab, String chamber, FindingType type, double untilS, String reason,
                   String requestedBy) {

    /** The record key on {@code cellwatch.mutes.v1}: one mute per target, so compaction keeps the latest. */
    public String key() {
        String target = cellId != null ? cellId : lab + "/" + chamber;
        return target + "/" + (type == null ? "*" : type.wireName());
    }

    /** True when this mute covers an alert of {@code alertType} about {@code alertCellId} in {@code alertLab/alertChamber}. */
    public boolean covers(FindingType alertType, String alertCellId, String alertLab, String alertChamber) {
        if (type != null && type != alertType) {
            return false;
        }
        if (cellId != null) {
            return cellId.equals(alertCellId);
        }
        return lab != null && chamber != null && lab.equals(alertLab) && chamber.equals(alertChamber);
    }

    /** True when this mute and {@code other} are about the same target, so the newer replaces the older. */
    public boolean sameTarget(Mute other) {
        return key().equals(other.key());
    }
}
