package io.cellwatch.edge.reader;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * How to read one cycler file.
 *
 * @param cellId        the cell the file belongs to; becomes {@code Sample.cellId}
 * @param startEpochS   Unix seconds of test time zero, used only when the file has no date/time column
 *                      (BDF without {@code Unix Time}); null = not known, time then counts from 1970
 *                      and the stats say so
 * @param zone          the zone of the cycler PC's wall clock: date columns are written without one
 * @param currentSign   the file's current convention; {@link CurrentSign#AUTO} lets the reader decide
 * @param format        the format, or null to detect it from the first lines
 * @param maxErrorsKept how many row errors {@link ReaderStats#firstErrors()} keeps (and logs at WARN)
 */
public record ReaderOptions(
        String cellId,
        Double startEpochS,
        ZoneId zone,
        CurrentSign currentSign,
        CyclerFormat format,
        int maxErrorsKept) {

    public static final int DEFAULT_MAX_ERRORS_KEPT = 10;

    public ReaderOptions {
        Objects.requireNonNull(cellId, "cellId");
        if (cellId.isBlank()) {
            throw new IllegalArgumentException("cellId must not be blank");
        }
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(currentSign, "currentSign");
        if (maxErrorsKept < 0) {
            throw new IllegalArgumentException("maxErrorsKept must be >= 0");
        }
    }

    /** Defaults: detect the format and sign, wall clock in UTC, no start epoch, keep 10 errors. */
    public static ReaderOptions forCell(String cellId) {
        return new ReaderOptions(cellId, null, ZoneOffset.UTC, CurrentSign.AUTO, null, DEFAULT_MAX_ERRORS_KEPT);
    }

    public ReaderOptions withStartEpochS(Double epochS) {
        return new ReaderOptions(cellId, epochS, zone, currentSign, format, maxErrorsKept);
    }

    public ReaderOptions withZone(ZoneId z) {
        return new ReaderOptions(cellId, startEpochS, z, currentSign, format, maxErrorsKept);
    }

    public ReaderOptions withCurrentSign(CurrentSign sign) {
        return new ReaderOptions(cellId, startEpochS, zone, sign, format, maxErrorsKept);
    }

    public ReaderOptions withFormat(CyclerFormat f) {
        return new ReaderOptions(cellId, startEpochS, zone, currentSign, f, maxErrorsKept);
    }

    public ReaderOptions withMaxErrorsKept(int n) {
        return new ReaderOptions(cellId, startEpochS, zone, currentSign, format, n);
    }
}
