package dev.ferry.codegen.internal.registry;

import dev.ferry.registry.RegisteredSchema;
import dev.ferry.registry.SchemaRegistryClient;
import dev.ferry.registry.SchemaType;
import dev.ferry.serdes.protobuf.ProtobufFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Writes the latest schema of every subject matching a pattern to {@code <subject>.avsc},
 * {@code .proto} or {@code .json}.
 */
public final class SchemaDownloader {
    private final SchemaRegistryClient registry;

    public SchemaDownloader(SchemaRegistryClient registry) {
        this.registry = registry;
    }

    /** One file written. */
    public record Downloaded(String subject, int version, int id, Path file) {}

    /** @param patterns regular expressions a whole subject name must match */
    public List<Downloaded> download(List<Pattern> patterns, Path outputDirectory) {
        List<Downloaded> written = new ArrayList<>();
        for (String subject : registry.subjects()) {
            if (patterns.stream().noneMatch(p -> p.matcher(subject).matches())) {
                continue;
            }
            RegisteredSchema latest = registry.latest(subject);
            Path file = outputDirectory.resolve(
                    fileName(subject) + extension(latest.schema().type()));
            try {
                Files.createDirectories(outputDirectory);
                Files.writeString(file, source(latest), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + file, e);
            }
            written.add(new Downloaded(subject, latest.version(), latest.id(), file));
        }
        return written;
    }

    /** The schema text; a Protobuf schema registered as a base64 descriptor is written as .proto source. */
    private static String source(RegisteredSchema registered) {
        return registered.schema().type() == SchemaType.PROTOBUF
                ? ProtobufFormat.protoSource(registered.schema())
                : registered.schema().text();
    }

    // Subjects may hold characters a file name cannot (RecordNameStrategy subjects do not; custom ones may).
    static String fileName(String subject) {
        return subject.replaceAll("[/\\\\:*?\"<>|]", "_");
    }

    static String extension(SchemaType type) {
        return switch (type) {
            case AVRO -> ".avsc";
            case PROTOBUF -> ".proto";
            case JSON -> ".json";
        };
    }
}
