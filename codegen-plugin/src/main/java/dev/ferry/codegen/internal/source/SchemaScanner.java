package dev.ferry.codegen.internal.source;

import dev.ferry.codegen.internal.CodegenFailure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Finds and reads the schema files of one format below source roots, in a stable order. */
public final class SchemaScanner {

    private SchemaScanner() {}

    /**
     * Reads every file with the format's extension below {@code root} (a missing root has none),
     * sorted by path so that runs are reproducible.
     */
    public static List<SchemaSource> scan(Path root, SchemaFormat format) {
        Path absoluteRoot = root.toAbsolutePath().normalize();
        if (!Files.isDirectory(absoluteRoot)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(absoluteRoot)) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().endsWith(format.extension()))
                    .sorted()
                    .map(p -> read(p, absoluteRoot, format))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list schema files under " + absoluteRoot, e);
        }
    }

    /**
     * Reads explicitly listed files or directories first, in the given order, then the files of
     * {@code root}; a file listed twice is read once, at its first position.
     */
    public static List<SchemaSource> scan(List<Path> firstEntries, Path root, SchemaFormat format) {
        Map<Path, SchemaSource> byFile = new LinkedHashMap<>();
        scanEntries(firstEntries, format).forEach(s -> byFile.putIfAbsent(s.file(), s));
        scan(root, format).forEach(s -> byFile.putIfAbsent(s.file(), s));
        return new ArrayList<>(byFile.values());
    }

    /** Reads explicitly listed files or directories, in the given order; a file listed twice is read once. */
    public static List<SchemaSource> scanEntries(List<Path> entries, SchemaFormat format) {
        Map<Path, SchemaSource> byFile = new LinkedHashMap<>();
        for (Path entry : entries) {
            Path absolute = entry.toAbsolutePath().normalize();
            if (Files.isDirectory(absolute)) {
                scan(absolute, format).forEach(s -> byFile.putIfAbsent(s.file(), s));
            } else if (Files.isRegularFile(absolute)) {
                Path parent = absolute.getParent();
                byFile.putIfAbsent(absolute, read(absolute, parent, format));
            } else {
                throw new CodegenFailure("import " + absolute + " does not exist: list existing " + format.extension()
                        + " files or directories");
            }
        }
        return new ArrayList<>(byFile.values());
    }

    static SchemaSource read(Path file, Path root, SchemaFormat format) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            return new SchemaSource(file, root, format, new String(bytes, StandardCharsets.UTF_8), sha256(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read schema file " + file, e);
        }
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        }
    }
}
