package io.cellwatch.edge.reader;

/**
 * One header cell.
 *
 * @param index 0-based field index
 * @param label the header text as written (trimmed), for messages
 * @param name  normalised name without unit: lower case, {@code _} as space ({@code Test_Time(s)} → {@code test time})
 * @param unit  unit text from {@code (unit)} or {@code / unit}, or null
 */
record Column(int index, String label, String name, String unit) {
}
