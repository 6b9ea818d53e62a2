package io.cellwatch.alerts.topology;

import io.cellwatch.alerts.lifecycle.AlertBook;
import io.cellwatch.telemetry.CellMetadata;
import io.cellwatch.telemetry.CellStatus;
import io.cellwatch.telemetry.Command;
import io.cellwatch.telemetry.Finding;
import io.cellwatch.telemetry.Mute;

/**
 * One input of the alert processor, exactly one of a finding, a command acknowledgement or a mute,
 * on its way to the task that owns its chamber. Travels on the internal repartition topic as JSON.
 *
 * @param channel the cell's cycler channel from the registry, when known
 */
record AlertInput(Finding finding, Command ack, Mute mute, String channel) {

    static AlertInput of(Finding f) {
        return new AlertInput(f, null, null, null);
    }

    static AlertInput of(Command ack) {
        return new AlertInput(null, ack, null, null);
    }

    static AlertInput of(Mute m) {
        return new AlertInput(null, null, m, null);
    }

    /** The cell to look up in the registry; empty when the input is about a chamber. */
    String registryKey() {
        String cellId = finding != null ? finding.cellId() : ack != null ? ack.cellId() : mute != null ? mute.cellId() : null;
        return cellId == null ? "" : cellId;
    }

    /** Lab and chamber the input already carries win; the registry fills what is missing. */
    AlertInput withRegistry(CellStatus status) {
        CellMetadata m = status == null ? null : status.metadata();
        if (m == null) {
            return this;
        }
        if (finding != null) {
            Finding f = finding;
            if (f.lab() == null || f.chamber() == null) {
                f = new Finding(f.type(), f.severity(), f.scope(), f.cellId(), or(f.lab(), m.lab()), or(f.chamber(), m.chamber()),
                        f.cycle(), f.timeS(), f.detector(), f.summary(), f.evidence(), f.window(), f.cleared());
            }
            return new AlertInput(f, null, null, m.channel());
        }
        if (ack != null && (ack.lab() == null || ack.chamber() == null)) {
            Command a = new Command(ack.commandId(), ack.cellId(), ack.action(), ack.reason(), ack.issuedAtS(), ack.ack(),
                    ack.ackedAtS(), or(ack.lab(), m.lab()), or(ack.chamber(), m.chamber()), or(ack.channel(), m.channel()),
                    ack.alertId());
            return new AlertInput(null, a, null, m.channel());
        }
        if (mute != null && (mute.lab() == null || mute.chamber() == null)) {
            Mute u = new Mute(mute.cellId(), or(mute.lab(), m.lab()), or(mute.chamber(), m.chamber()), mute.type(),
                    mute.untilS(), mute.reason(), mute.requestedBy());
            return new AlertInput(null, null, u, m.channel());
        }
        return this;
    }

    /** The chamber whose book this input belongs to: the key of the repartition and of the store. */
    String groupKey() {
        if (finding != null) {
            return AlertBook.groupKey(finding.lab(), finding.chamber());
        }
        if (ack != null) {
            return AlertBook.groupKey(ack.lab(), ack.chamber());
        }
        return AlertBook.groupKey(mute.lab(), mute.chamber());
    }

    private static String or(String a, String b) {
        return a != null ? a : b;
    }
}
