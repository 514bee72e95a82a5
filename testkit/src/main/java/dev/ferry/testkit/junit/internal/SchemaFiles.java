package dev.ferry.testkit.junit.internal;

import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.Descriptors.FileDescriptor;
import dev.ferry.registry.RegisteredSchema;
import dev.ferry.registry.Schema;
import dev.ferry.registry.SchemaReference;
import dev.ferry.registry.SchemaRegistryClient;
import dev.ferry.registry.spi.InvalidSchemaException;
import dev.ferry.serdes.internal.proto.KnownProtoFiles;
import dev.ferry.serdes.internal.proto.ProtoFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.avro.AvroRuntimeException;

/**
 * Registers the schema files of an application's sources ({@code src/main/avro/*.avsc},
 * {@code src/main/proto/**.proto}, JSON Schema {@code .json}) as the application's serializer would:
 * a {@code .proto} with the text the serializer registers for its generated class, its imports first,
 * each under its import path as subject (Confluent's default reference subject name strategy), the
 * imports Confluent's clients resolve themselves ({@code google/protobuf/*}, {@code google/type/*},
 * {@code confluent/meta.proto}, {@code confluent/type/*}) skipped as the serializer skips them;
 * an {@code .avsc} with the named types it uses from the other {@code .avsc} files of its directory
 * written inline, as a generated class's {@code getClassSchema()} holds them.
 */
public final class SchemaFiles {

    private final SchemaRegistryClient store;

    public SchemaFiles(SchemaRegistryClient store) {
        this.store = store;
    }

    /** Registers the file under the subject; returns what the registry holds for it. */
    public RegisteredSchema register(String subject, Path file) {
        Schema schema =
                switch (extension(file)) {
                    case "avsc" -> Schema.avro(avro(file).toString());
                    case "json" -> Schema.json(read(file));
                    case "proto" -> protobuf(file);
                    default ->
                        throw new IllegalArgumentException("cannot register " + file + " under " + subject
                                + ": the file name must end in .avsc (Avro), .proto (Protobuf) or .json (JSON Schema)");
                };
        store.register(subject, schema);
        return store.lookup(subject, schema);
    }

    /**
     * Avro resolves a named type only once it is defined, so the files of the directory are parsed in
     * rounds until none more succeeds: each round adds the types of the files whose references are
     * all known by then.
     */
    private static org.apache.avro.Schema avro(Path file) {
        try {
            return parseAvro(file, List.of());
        } catch (AvroRuntimeException alone) {
            List<org.apache.avro.Schema> known = new ArrayList<>();
            List<Path> pending = siblingAvroFiles(file);
            boolean progress = true;
            while (progress) {
                progress = false;
                for (Iterator<Path> it = pending.iterator(); it.hasNext(); ) {
                    Path sibling = it.next();
                    try {
                        known.add(parseAvro(sibling, known));
                        it.remove();
                        progress = true;
                    } catch (AvroRuntimeException notYet) {
                        // Its references are defined by a file of a later round, or nowhere.
                    }
                }
            }
            try {
                return parseAvro(file, known);
            } catch (AvroRuntimeException e) {
                throw new IllegalArgumentException(
                        "cannot parse Avro schema " + file + " (with the named types of the other "
                                + ".avsc files of its directory): " + e.getMessage(),
                        e);
            }
        }
    }

    private static org.apache.avro.Schema parseAvro(Path file, List<org.apache.avro.Schema> known) {
        org.apache.avro.Schema.Parser parser = new org.apache.avro.Schema.Parser();
        parser.addTypes(known);
        return parser.parse(read(file));
    }

    private static List<Path> siblingAvroFiles(Path file) {
        Path target = file.toAbsolutePath().normalize();
        try (Stream<Path> files = Files.list(target.getParent())) {
            return files.filter(f -> f.getFileName().toString().endsWith(".avsc") && !f.equals(target))
                    .sorted()
                    .collect(Collectors.toCollection(ArrayList::new));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot list the directory of " + file + ": " + e, e);
        }
    }

    /**
     * The file is compiled with its imports, as protoc compiles it for the generated class, and each
     * file's text is the one the serializer prints from that class's descriptor: comments, layout and
     * the order of options do not make another version, map fields are the entry messages the
     * serializer registers, and a field has a {@code json_name} only where the source writes one
     * (protoc's Java generator embeds no derived ones).
     */
    private Schema protobuf(Path file) {
        String text = read(file);
        Map<String, String> imports = new HashMap<>();
        Set<Path> importing = new HashSet<>();
        importing.add(file.toAbsolutePath().normalize());
        collectImports(file, text, imports, importing);
        FileDescriptor compiled;
        try {
            compiled = ProtoFiles.build(file.getFileName().toString(), text, imports);
        } catch (InvalidSchemaException e) {
            throw new IllegalArgumentException("cannot compile " + file + " with its imports: " + e.getMessage(), e);
        }
        return protobuf(compiled);
    }

    private Schema protobuf(FileDescriptor file) {
        List<SchemaReference> references = new ArrayList<>();
        for (FileDescriptor dependency : ProtoFiles.importsInReferenceOrder(file)) {
            if (KnownProtoFiles.isKnown(dependency.getName())) {
                continue;
            }
            String name = dependency.getName();
            Schema imported = protobuf(dependency);
            store.register(name, imported);
            references.add(
                    new SchemaReference(name, name, store.lookup(name, imported).version()));
        }
        return Schema.protobuf(ProtoFiles.text(file), references);
    }

    /** The texts of the files a file imports, directly or transitively, by import path; the known types resolve without. */
    private static void collectImports(Path file, String text, Map<String, String> into, Set<Path> importing) {
        for (String name : parse(file, text).getDependencyList()) {
            if (KnownProtoFiles.isKnown(name) || into.containsKey(name)) {
                continue;
            }
            Path imported = locate(file, name, lineOf(text, text.indexOf('"' + name + '"')));
            if (!importing.add(imported.toAbsolutePath().normalize())) {
                throw new IllegalArgumentException(
                        "cannot register " + file + ": its imports form a cycle through " + imported);
            }
            String importedText = read(imported);
            into.put(name, importedText);
            collectImports(imported, importedText, into, importing);
            importing.remove(imported.toAbsolutePath().normalize());
        }
    }

    private static FileDescriptorProto parse(Path file, String text) {
        try {
            return ProtoFiles.parse(text, file.getFileName().toString());
        } catch (InvalidSchemaException e) {
            throw new IllegalArgumentException("cannot parse " + file + ": " + e.getMessage(), e);
        }
    }

    /** An import path is relative to a proto root: the nearest parent directory of the importing file that holds it. */
    private static Path locate(Path importer, String name, int line) {
        for (Path root = importer.toAbsolutePath().getParent(); root != null; root = root.getParent()) {
            Path candidate = root.resolve(name);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalArgumentException(
                importer + ":" + line + ": import \"" + name + "\" not found under any parent directory of the file");
    }

    private static int lineOf(String text, int index) {
        int line = 1;
        for (int i = 0; i < index; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    private static String extension(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read schema file " + file + ": " + e, e);
        }
    }
}
