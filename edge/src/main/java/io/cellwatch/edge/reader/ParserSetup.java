package io.cellwatch.edge.reader;

import java.nio.file.Path;
import java.time.ZoneId;

/**
 * What a format parser needs besides the header.
 *
 * @param file        for messages
 * @param zone        zone of the wall-clock column
 * @param currentSign the file's convention, already decided (never AUTO): the parser flips if needed
 */
record ParserSetup(Path file, ZoneId zone, CurrentSign currentSign) {
}
