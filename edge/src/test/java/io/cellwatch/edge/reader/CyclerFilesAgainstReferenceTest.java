package io.cellwatch.edge.reader;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every data file in the shared cycler folder, read through the reader and compared cycle by cycle with
 * its {@code FILE.reference.csv}: row count, and charge/discharge capacity both by integrating our rows'
 * current over our {@code time_s} and by the rise of the cycler's counters as we report them.
 */
class CyclerFilesAgainstReferenceTest {

    private static final Logger log = LoggerFactory.getLogger(CyclerFilesAgainstReferenceTest.class);

    /** The contract; the measured worst errors are logged below and in the summary. */
    static final double MAX_RELATIVE_ERROR = 0.005;

    /** Reference values this small are compared absolutely: a relative error of 0 Ah is meaningless. */
    static final double ZERO_AH = 1e-9;

    /**
     * Files without a reference table, with why. reference.py skips rows whose cycle index is empty, and
     * this file's is empty on every row; its expectations are in {@link CyclerFilesTest}.
     */
    static final Set<String> WITHOUT_REFERENCE = Set.of("beep/2017-05-09_test-TC-contact_CH33.csv");

    private static final Map<String, double[]> WORST = new TreeMap<>();

    @TestFactory
    Stream<DynamicTest> everyDataFileMatchesItsReference() throws IOException {
        List<Path> files = CyclerDataFiles.all();
        assertThat(files).as("data files in %s", CyclerDataFiles.dir()).hasSizeGreaterThanOrEqualTo(7);
        List<DynamicTest> tests = new ArrayList<>();
        for (Path file : files) {
            String name = CyclerDataFiles.relative(file);
            Path reference = CyclerDataFiles.referenceOf(file);
            if (WITHOUT_REFERENCE.contains(name)) {
                tests.add(DynamicTest.dynamicTest(name + " has no reference table (checked in CyclerFilesTest)",
                        () -> assertThat(reference).doesNotExist()));
                continue;
            }
            tests.add(DynamicTest.dynamicTest(name, () -> {
                assertThat(reference).as("reference table for %s (new data file? add one or list it in"
                        + " WITHOUT_REFERENCE)", name).exists();
                compare(name, file, ReferenceCycles.read(reference));
            }));
        }
        return tests.stream();
    }

    private static void compare(String name, Path file, ReferenceCycles reference) throws IOException {
        CycleCapacity mine = new CycleCapacity();
        long rows = 0;
        ReaderStats stats;
        try (CyclerRows reader = CyclerFileReader.open(file, ReaderOptions.forCell("test-cell"))) {
            for (CyclerRow row : reader) {
                mine.add(row);
                rows++;
            }
            stats = reader.stats();
        }
        assertThat(stats.rowsSkipped()).as("%s skipped rows: %s", name, stats.firstErrors()).isZero();
        assertThat(rows).as("%s row count vs reference", name).isEqualTo(reference.totalRows());
        assertThat(mine.cycles().keySet()).as("%s cycles", name)
                .containsExactlyElementsOf(reference.cycles().keySet());

        double worstIntegrated = 0;
        double worstCounter = 0;
        for (ReferenceCycles.Row ref : reference.cycles().values()) {
            CycleCapacity.Cycle c = mine.cycles().get(ref.cycle());
            String what = name + " cycle " + ref.cycle();
            assertThat(c.rows).as("%s rows", what).isEqualTo(ref.rows());
            worstIntegrated = Math.max(worstIntegrated,
                    check(what + " integrated charge Ah", c.chargeIntegratedAh, ref.chargeAhIntegrated()));
            worstIntegrated = Math.max(worstIntegrated,
                    check(what + " integrated discharge Ah", c.dischargeIntegratedAh, ref.dischargeAhIntegrated()));
            worstCounter = Math.max(worstCounter,
                    check(what + " counter charge Ah", c.chargeCounterAh, ref.chargeAh()));
            worstCounter = Math.max(worstCounter,
                    check(what + " counter discharge Ah", c.dischargeCounterAh, ref.dischargeAh()));
        }
        synchronized (WORST) {
            WORST.put(name, new double[] {rows, reference.cycles().size(), worstIntegrated, worstCounter});
        }
        log.info("{}: {} rows, {} cycles, worst relative error integrated {}, counters {}; notes {}", name, rows,
                reference.cycles().size(), worstIntegrated, worstCounter, stats.notes());
    }

    /** Relative error of {@code mine} vs {@code reference}, asserted within the contract. */
    static double check(String what, double mine, double reference) {
        if (Math.abs(reference) < ZERO_AH) {
            assertThat(Math.abs(mine)).as("%s: reference is zero", what).isLessThan(ZERO_AH);
            return 0.0;
        }
        double relative = Math.abs(mine - reference) / Math.abs(reference);
        assertThat(relative).as("%s: mine %.9g vs reference %.9g", what, mine, reference)
                .isLessThanOrEqualTo(MAX_RELATIVE_ERROR);
        return relative;
    }

    @AfterAll
    static void summary() {
        StringBuilder sb = new StringBuilder("worst relative capacity error vs reference:\n");
        sb.append(String.format("%-42s %7s %6s %12s %12s%n", "file", "rows", "cycles", "integrated", "counters"));
        WORST.forEach((name, w) -> sb.append(String.format("%-42s %7d %6d %12.3e %12.3e%n", name, (long) w[0],
                (long) w[1], w[2], w[3])));
        log.info("{}", sb);
    }
}
