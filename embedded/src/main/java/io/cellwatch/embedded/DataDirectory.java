package io.cellwatch.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * A broker's data folder: either one the user named (kept across runs) or a temporary one that is
 * deleted when the broker closes.
 */
record DataDirectory(Path path, boolean temporary) {

    static DataDirectory of(Path requested, String tempPrefix) {
        try {
            if (requested != null) {
                return new DataDirectory(Files.createDirectories(requested), false);
            }
            return new DataDirectory(Files.createTempDirectory(tempPrefix), true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create data folder " + (requested != null ? requested : tempPrefix), e);
        }
    }

    Path resolve(String child) {
        return path.resolve(child);
    }

    void deleteIfTemporary() {
        if (!temporary || !Files.exists(path)) {
            return;
        }
        try {
            Files.walkFileTree(path, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            // Leaving a temp folder behind is untidy, not an error worth failing a shutdown for.
            org.slf4j.LoggerFactory.getLogger(DataDirectory.class)
                    .warn("could not delete temporary folder {}: {}", path, e.getMessage());
        }
    }
}
