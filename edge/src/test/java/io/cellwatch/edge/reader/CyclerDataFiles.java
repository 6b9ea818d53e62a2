package io.cellwatch.edge.reader;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The shared real cycler files ({@code /work/shared/data/cyclers}, i.e. {@code ../shared/data/cyclers}
 * from the repository root). Tests run with the module as working directory, hence {@code ../../}.
 * {@code -Dcellwatch.cyclers.dir=...} points elsewhere.
 */
final class CyclerDataFiles {

    static final String REFERENCE_SUFFIX = ".reference.csv";

    private CyclerDataFiles() {
    }

    static Path dir() {
        String override = System.getProperty("cellwatch.cyclers.dir");
        Path dir = (override != null ? Path.of(override) : Path.of("../../shared/data/cyclers"))
                .toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            fail("cycler data folder not found at " + dir + " (expected ../shared/data/cyclers next to the"
                    + " repository root; set -Dcellwatch.cyclers.dir to use another copy)");
        }
        return dir;
    }

    static Path file(String relative) {
        Path p = dir().resolve(relative);
        if (!Files.isRegularFile(p)) {
            fail("cycler data file missing: " + p);
        }
        return p;
    }

    /** Every data file: not a reference table, licence, README or the reference script. */
    static List<Path> all() throws IOException {
        try (Stream<Path> files = Files.walk(dir())) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> {
                        String n = p.getFileName().toString();
                        return !n.endsWith(REFERENCE_SUFFIX) && !n.startsWith("LICENSE")
                                && !n.equals("README.md") && !n.endsWith(".py");
                    })
                    .sorted()
                    .toList();
        }
    }

    static Path referenceOf(Path dataFile) {
        return dataFile.resolveSibling(dataFile.getFileName() + REFERENCE_SUFFIX);
    }

    static String relative(Path p) {
        return dir().relativize(p).toString().replace('\\', '/');
    }
}
