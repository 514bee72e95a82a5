package dev.ferry.codegen.internal.protobuf;

import dev.ferry.codegen.internal.FileTrees;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Enumeration;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Copies the .proto files found in the project's dependency jars (protobuf-java carries the
 * well-known types such as {@code google/protobuf/timestamp.proto}) into one directory protoc can
 * import from: protoc itself ships none.
 */
public final class ProtoIncludeExtractor {

    private ProtoIncludeExtractor() {}

    /** Replaces {@code target}'s content with the .proto entries of every jar in {@code classpath}. */
    public static void extract(List<Path> classpath, Path target) {
        FileTrees.emptyDirectory(target);
        try {
            for (Path entry : classpath) {
                if (Files.isRegularFile(entry) && entry.getFileName().toString().endsWith(".jar")) {
                    extractJar(entry, target);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract .proto files from the classpath into " + target, e);
        }
    }

    private static void extractJar(Path jar, Path target) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                if (entry.isDirectory() || !entry.getName().endsWith(".proto")) {
                    continue;
                }
                Path destination = target.resolve(entry.getName()).normalize();
                if (!destination.startsWith(target)) {
                    continue; // an entry named ../x would escape the directory
                }
                Files.createDirectories(destination.getParent());
                try (InputStream in = zip.getInputStream(entry)) {
                    // The first jar on the classpath wins, as it would for classes.
                    if (!Files.exists(destination)) {
                        Files.copy(in, destination, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        }
    }
}
