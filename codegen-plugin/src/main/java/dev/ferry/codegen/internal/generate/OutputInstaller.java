package dev.ferry.codegen.internal.generate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Collection;

/**
 * Moves staged files into the output directory. A file whose content did not change is left alone,
 * so its timestamp stays and the compiler's own staleness check does not recompile it.
 */
final class OutputInstaller {

    private OutputInstaller() {}

    /** The number of files created or rewritten. */
    static int install(Path staging, Collection<String> outputs, Path outputDirectory) {
        int written = 0;
        try {
            for (String output : outputs) {
                Path staged = staging.resolve(output);
                Path target = outputDirectory.resolve(output);
                if (!Files.isRegularFile(staged)) {
                    continue;
                }
                byte[] content = Files.readAllBytes(staged);
                if (Files.isRegularFile(target) && Arrays.equals(content, Files.readAllBytes(target))) {
                    continue;
                }
                Files.createDirectories(target.getParent());
                Files.move(staged, target, StandardCopyOption.REPLACE_EXISTING);
                written++;
            }
            return written;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot install generated sources into " + outputDirectory, e);
        }
    }

    /** Deletes outputs no schema owns any more, and the directories that leaves empty. */
    static int remove(Collection<String> outputs, Path outputDirectory) {
        int removed = 0;
        try {
            for (String output : outputs) {
                Path target = outputDirectory.resolve(output);
                if (Files.deleteIfExists(target)) {
                    removed++;
                    pruneEmptyParents(target.getParent(), outputDirectory);
                }
            }
            return removed;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete obsolete generated sources in " + outputDirectory, e);
        }
    }

    private static void pruneEmptyParents(Path directory, Path stop) throws IOException {
        for (Path d = directory; d != null && d.startsWith(stop) && !d.equals(stop); d = d.getParent()) {
            try (var entries = Files.list(d)) {
                if (entries.findAny().isPresent()) {
                    return;
                }
            }
            Files.delete(d);
        }
    }
}
