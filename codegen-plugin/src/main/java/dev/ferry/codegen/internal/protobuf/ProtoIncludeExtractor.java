package dev.ferry.codegen.internal.protobuf;

import dev.ferry.codegen.internal.FileTrees;
import dev.ferry.codegen.internal.source.SchemaScanner;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Copies the .proto files found on the project's classpath (protobuf-java carries the well-known
 * types such as {@code google/protobuf/timestamp.proto}) into one directory protoc can import from:
 * protoc itself ships none. Jars and directories both count: in a reactor build run from the root
 * before packaging ({@code mvn compile}), Maven puts a sibling module on the classpath as its
 * {@code target/classes} directory. The first classpath entry holding an import path wins, as it
 * would for classes.
 */
public final class ProtoIncludeExtractor {

    private ProtoIncludeExtractor() {}

    /** Replaces {@code target}'s content with the .proto files of every jar and directory in {@code classpath}. */
    public static void extract(List<Path> classpath, Path target) {
        FileTrees.emptyDirectory(target);
        try {
            for (Path entry : classpath) {
                if (isJar(entry)) {
                    extractJar(entry, target);
                } else if (Files.isDirectory(entry)) {
                    for (String importPath : protoFiles(entry)) {
                        try (InputStream in = Files.newInputStream(entry.resolve(importPath))) {
                            copyIfFirst(in, target, importPath);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract .proto files from the classpath into " + target, e);
        }
    }

    /**
     * What {@link #extract} would put on the include path: each import path with its content's identity
     * (a jar entry's CRC-32 and size from the jar's directory, so no entry is inflated; a file's SHA-256).
     * A dependency rebuilt under the same file name, as a SNAPSHOT is, changes it only when a .proto it
     * provides changes.
     */
    public static String fingerprint(List<Path> classpath) {
        Map<String, String> contents = new TreeMap<>();
        try {
            for (Path entry : classpath) {
                if (isJar(entry)) {
                    try (ZipFile zip = new ZipFile(entry.toFile())) {
                        zip.stream()
                                .filter(ProtoIncludeExtractor::isProto)
                                .forEach(e -> contents.putIfAbsent(
                                        e.getName(), "crc32:" + Long.toHexString(e.getCrc()) + "/" + e.getSize()));
                    }
                } else if (Files.isDirectory(entry)) {
                    for (String importPath : protoFiles(entry)) {
                        if (!contents.containsKey(importPath)) {
                            contents.put(
                                    importPath,
                                    "sha256:" + SchemaScanner.sha256(Files.readAllBytes(entry.resolve(importPath))));
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the .proto files of the classpath " + classpath, e);
        }
        return contents.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(","));
    }

    private static boolean isJar(Path entry) {
        return Files.isRegularFile(entry) && entry.getFileName().toString().endsWith(".jar");
    }

    private static boolean isProto(ZipEntry entry) {
        return !entry.isDirectory() && entry.getName().endsWith(".proto");
    }

    /** The .proto files below {@code directory}, as import paths. */
    private static List<String> protoFiles(Path directory) {
        return FileTrees.relativeFiles(directory).stream()
                .filter(file -> file.endsWith(".proto"))
                .toList();
    }

    private static void extractJar(Path jar, Path target) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                if (isProto(entry)) {
                    try (InputStream in = zip.getInputStream(entry)) {
                        copyIfFirst(in, target, entry.getName());
                    }
                }
            }
        }
    }

    private static void copyIfFirst(InputStream in, Path target, String importPath) throws IOException {
        Path destination = target.resolve(importPath).normalize();
        if (!destination.startsWith(target)) {
            return; // an entry named ../x would escape the directory
        }
        if (!Files.exists(destination)) {
            Files.createDirectories(destination.getParent());
            Files.copy(in, destination);
        }
    }
}
