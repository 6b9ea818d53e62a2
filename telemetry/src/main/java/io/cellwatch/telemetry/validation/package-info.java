/**
 * Validation of telemetry as it arrives: whole-message checks (size, JSON, schema version, cell id)
 * and per-sample checks (required fields, NaN/Infinity, plausible ranges, ordering in a batch).
 *
 * <p>Every finding is a {@link io.cellwatch.telemetry.validation.Problem} naming the JSON path
 * ({@code samples[3].voltage_v}), the offending value as text, a stable {@link
 * io.cellwatch.telemetry.validation.Rule} code (the dead-letter reason header and metric tag) and a
 * message a lab person can act on. Two severities:
 * <ul>
 *   <li>{@code REJECT}: the sample (or the whole message) goes to the dead-letter topic;</li>
 *   <li>{@code FLAG}: the sample is kept but the named value is not trustworthy and feeds no safety
 *       rule (DETECTION.md, "data quality first"). Only temperatures are flagged rather than rejected:
 *       a broken thermocouple must not throw away the good voltage and current of the same sample.</li>
 * </ul>
 *
 * <p>Bad input is data, not an error: nothing here throws for it or logs a stack trace.
 */
package io.cellwatch.telemetry.validation;
