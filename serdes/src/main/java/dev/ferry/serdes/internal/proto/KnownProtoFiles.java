package dev.ferry.serdes.internal.proto;

import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.FileDescriptor;
import dev.ferry.registry.spi.InvalidSchemaException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The imports a Protobuf schema may name without a reference: the files Confluent's
 * {@code ProtobufSchema.knownTypes()} holds. Its readers resolve them on their own and its serializer
 * (with {@code skip.known.types=true}, the default) neither registers them nor lists them among a
 * schema's references, so Kafka Connect's schemas, which use {@code google.type.Date},
 * {@code google.type.TimeOfDay} and {@code confluent.type.Decimal}, name them with no reference.
 *
 * <p>The {@code google/protobuf/*} files are protobuf-java's own descriptors: custom options extend
 * the options messages of its {@code descriptor.proto}. The others ship as {@code .proto} resources
 * beside this class, written from the published definitions (package, names, numbers, types and file
 * options, so that each builds to the descriptor embedded in the publisher's generated class, from
 * which Confluent's clients take them), and are parsed on first use: reading them needs neither
 * Google's common-protos jar nor Confluent's.
 */
public final class KnownProtoFiles {

    private static final Map<String, FileDescriptor> PROTOBUF_JAVA = protobufJava();

    /** Each imports only {@link #PROTOBUF_JAVA} files, so that they build without one another. */
    private static final List<String> SHIPPED = List.of(
            "confluent/meta.proto",
            "confluent/type/decimal.proto",
            "confluent/type/variant.proto",
            "google/type/calendar_period.proto",
            "google/type/color.proto",
            "google/type/date.proto",
            "google/type/datetime.proto",
            "google/type/dayofweek.proto",
            "google/type/decimal.proto",
            "google/type/expr.proto",
            "google/type/fraction.proto",
            "google/type/interval.proto",
            "google/type/latlng.proto",
            "google/type/money.proto",
            "google/type/month.proto",
            "google/type/phone_number.proto",
            "google/type/postal_address.proto",
            "google/type/quaternion.proto",
            "google/type/timeofday.proto");

    private static final Set<String> NAMES = allNames();

    private KnownProtoFiles() {}

    /** Whether an import is a known type: resolved without a reference, and not registered as one by default. */
    public static boolean isKnown(String importName) {
        return NAMES.contains(importName);
    }

    /** Every known import name. */
    public static Set<String> names() {
        return NAMES;
    }

    /**
     * The descriptor of a known import, or null for any other name. A shipped resource that is missing
     * or does not build (a packaging fault) fails the first call for a shipped file with an
     * {@link ExceptionInInitializerError} whose cause names the file.
     */
    public static FileDescriptor file(String importName) {
        FileDescriptor protobufJava = PROTOBUF_JAVA.get(importName);
        return protobufJava != null ? protobufJava : Shipped.FILES.get(importName);
    }

    /** Built on the first import of a shipped file: most schemas import none. */
    private static final class Shipped {
        static final Map<String, FileDescriptor> FILES = build();

        private static Map<String, FileDescriptor> build() {
            Map<String, FileDescriptor> files = new HashMap<>();
            for (String name : SHIPPED) {
                files.put(name, load(name));
            }
            return Map.copyOf(files);
        }

        private static FileDescriptor load(String name) {
            String resource = "known/" + name;
            String text;
            try (InputStream in = KnownProtoFiles.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException(
                            "the known Protobuf file " + name + " is missing from the class path"
                                    + " (resource dev/ferry/serdes/internal/proto/" + resource + ")");
                }
                text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the known Protobuf file " + name, e);
            }
            try {
                // Type names resolved to their full names, as in the descriptor a generated class embeds.
                FileDescriptor parsed = ProtoFiles.buildFrom(name, text, PROTOBUF_JAVA);
                return FileDescriptor.buildFrom(
                        ProtoFiles.resolvedProto(parsed),
                        parsed.getDependencies().toArray(new FileDescriptor[0]));
            } catch (InvalidSchemaException | DescriptorValidationException e) {
                throw new IllegalStateException(
                        "the known Protobuf file " + name + " does not build: " + e.getMessage(), e);
            }
        }
    }

    private static Set<String> allNames() {
        Set<String> names = new HashSet<>(PROTOBUF_JAVA.keySet());
        names.addAll(SHIPPED);
        return Set.copyOf(names);
    }

    private static Map<String, FileDescriptor> protobufJava() {
        Map<String, FileDescriptor> files = new HashMap<>();
        for (FileDescriptor file : List.of(
                com.google.protobuf.AnyProto.getDescriptor(),
                com.google.protobuf.ApiProto.getDescriptor(),
                com.google.protobuf.DurationProto.getDescriptor(),
                com.google.protobuf.EmptyProto.getDescriptor(),
                com.google.protobuf.FieldMaskProto.getDescriptor(),
                com.google.protobuf.SourceContextProto.getDescriptor(),
                com.google.protobuf.StructProto.getDescriptor(),
                com.google.protobuf.TimestampProto.getDescriptor(),
                com.google.protobuf.TypeProto.getDescriptor(),
                com.google.protobuf.WrappersProto.getDescriptor(),
                com.google.protobuf.DescriptorProtos.getDescriptor())) {
            files.put(file.getName(), file);
        }
        return Map.copyOf(files);
    }
}
