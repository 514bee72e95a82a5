package dev.ferry.serdes.protobuf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.google.protobuf.AnyProto;
import com.google.protobuf.ApiProto;
import com.google.protobuf.DescriptorProtos;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DurationProto;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.EmptyProto;
import com.google.protobuf.ExtensionRegistry;
import com.google.protobuf.FieldMaskProto;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.SourceContextProto;
import com.google.protobuf.StructProto;
import com.google.protobuf.TimestampProto;
import com.google.protobuf.TypeProto;
import com.google.protobuf.WrappersProto;
import com.squareup.wire.schema.internal.parser.MessageElement;
import com.squareup.wire.schema.internal.parser.ProtoFileElement;
import com.squareup.wire.schema.internal.parser.TypeElement;
import dev.ferry.common.Headers;
import dev.ferry.registry.spi.ParsedSchema;
import dev.ferry.serdes.internal.proto.KnownProtoFiles;
import dev.ferry.serdes.internal.proto.ProtoFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The text Ferry's Protobuf serializer registers against the text Confluent's Java serializer registers
 * for the same generated class ({@link ConfluentText}, which uses no Ferry code), over every file of
 * {@link ProtoCorpus}. The descriptors come from the real protoc, as a generated class carries them:
 * custom options resolved against the extensions in scope, the well-known types protobuf-java's own
 * classes, and every field's {@code json_name} (protoc's Java generator embeds them all, as its
 * descriptor sets do, and Confluent prints each).
 *
 * <p>Map fields included: both print protoc's entry message and a {@code repeated} field of it, and
 * both number the entries in the message indexes, as Confluent's {@code toMessageIndexes} walks its
 * text. The same descriptor registered as base64 (Confluent's JavaScript and Go serializers) gets the
 * text Confluent's registry makes of it too.
 */
class ConfluentTextDifferentialTest {

    /** Files protoc refuses, with the reason: not a difference of the printers. */
    private static final Map<String, String> NOT_COMPILED = Map.of(
            "acme/legacy/registered_by_confluent_java.proto",
            "declares map_entry messages itself, as Confluent's registered text does; protoc refuses the option in source");

    @TempDir
    static Path work;

    private static Path protoc;
    private static Path wellKnown;

    @BeforeAll
    static void installProtoc() throws IOException {
        protoc = work.resolve("protoc.exe");
        Files.copy(Path.of(System.getProperty("ferry.test.protoc")), protoc);
        assertThat(protoc.toFile().setExecutable(true))
                .as("protoc made executable")
                .isTrue();
        wellKnown = writeRoot("well-known", ProtoCorpus.wellKnownTypes().get(0).rootFiles());
    }

    private static final List<ProtoCorpus> CORPUS = ProtoCorpus.all().stream()
            .filter(file -> !NOT_COMPILED.containsKey(file.path()))
            .toList();

    static Stream<ProtoCorpus> corpus() {
        return CORPUS.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void everyMessageTypeIsRegisteredWithTheTextConfluentRegisters(ProtoCorpus file) throws Exception {
        FileDescriptor descriptor = compile(file);
        String confluent = ConfluentText.of(descriptor.toProto());
        ProtoFileElement confluentFile = ConfluentText.toProtoFile(descriptor.toProto());

        assertSameText(ProtoFiles.text(descriptor), confluent, "Ferry's text of " + file);
        try (MessageIndexesDifferentialTest.MockSerdes serdes =
                MessageIndexesDifferentialTest.MockSerdes.open("confluent-text-")) {
            for (Descriptor type : messageTypes(descriptor)) {
                byte[] frame = serdes.serializer()
                        .serialize("t", new Headers(), MessageIndexesDifferentialTest.withRequiredFields(type));
                assertSameText(
                        serdes.registry()
                                .schemaById(MessageIndexesDifferentialTest.schemaId(frame))
                                .text(),
                        confluent,
                        "the text registered for " + type.getFullName() + " of " + file);
                assertThat(MessageIndexesDifferentialTest.indexesIn(frame))
                        .as("message indexes of %s of %s", type.getFullName(), file)
                        .isEqualTo(confluentIndexes(confluentFile, type));
                assertThat(serdes.deserializer()
                                .deserialize("t", new Headers(), frame)
                                .getDescriptorForType()
                                .getFullName())
                        .as("type read back from the frame of %s", type.getFullName())
                        .isEqualTo(type.getFullName());
            }
        }
    }

    /**
     * A file registered as a base64 {@code FileDescriptorProto} (no extensions known, as Confluent's
     * registry parses it): the text Ferry keeps for it is the one Confluent's registry makes of it.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void aBase64DescriptorReadsAsTheTextConfluentsRegistryMakesOfIt(ProtoCorpus file) throws Exception {
        FileDescriptor descriptor = compile(file);
        FileDescriptorProto plain =
                FileDescriptorProto.parseFrom(descriptor.toProto().toByteArray());
        Map<String, String> references = new HashMap<>();
        addReferences(descriptor, references);

        ParsedSchema parsed = new ProtobufFormat()
                .parse(
                        dev.ferry.registry.Schema.protobuf(Base64.getEncoder().encodeToString(plain.toByteArray())),
                        references);

        assertSameText(parsed.canonical(), ConfluentText.of(plain), "Ferry's text of " + file + " as base64");
    }

    /**
     * The text Confluent registered, read back from the registry (the mock registry, a compatibility
     * check, a deserializer): Ferry parses it as source and prints the text Wire's parser and
     * Confluent's printer make of the same text, so it finds the version it was registered as; the
     * text is compatible with the class's descriptor and numbers its messages as Confluent does.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void aRegisteredTextParsedAsSourcePrintsAsConfluentPrintsIt(ProtoCorpus file) throws Exception {
        FileDescriptor descriptor = compile(file);
        String registered = ConfluentText.of(descriptor.toProto());
        Map<String, String> references = new HashMap<>();
        addTextReferences(descriptor, references);

        ParsedSchema parsed = new ProtobufFormat().parse(dev.ferry.registry.Schema.protobuf(registered), references);

        assertSameText(
                parsed.canonical(),
                ConfluentText.print(com.squareup.wire.schema.internal.parser.ProtoParser.Companion.parse(
                        com.squareup.wire.schema.Location.get(file.path()), registered)),
                "Ferry's text of the registered text of " + file);
        assertThat(new ProtobufFormat()
                        .checkCompatibility(
                                dev.ferry.registry.CompatibilityLevel.FULL,
                                parsed,
                                List.of(ProtobufFormat.of(descriptor))))
                .as("the registered text of %s against its descriptor", file)
                .isEmpty();
        ProtoFileElement confluentFile = ConfluentText.toProtoFile(descriptor.toProto());
        for (Descriptor type : messageTypes(descriptor)) {
            Descriptor read = MessageIndexes.find(ProtobufFormat.fileDescriptor(parsed), type.getFullName());
            assertThat(Arrays.stream(MessageIndexes.of(read, parsed, false))
                            .boxed()
                            .toList())
                    .as("message indexes of %s in the registered text of %s", type.getFullName(), file)
                    .isEqualTo(confluentIndexes(confluentFile, type));
        }
    }

    /**
     * A source file parsed by Ferry (as the test kit's {@code SchemaFiles} and the plugin read one)
     * and printed as its generated class registers it: the text protoc's descriptor of the same
     * source prints as in Confluent's serializer. Custom options in every written form (
     * {@code (opt) = V}, {@code (opt).field = V}, aggregates), extensions and map fields included.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void aSourceParsedByFerryPrintsAsItsGeneratedClassRegisters(ProtoCorpus file) throws Exception {
        FileDescriptor parsed = ProtoFiles.build(file.path(), file.text(), file.rootFiles());

        assertSameText(
                ProtoFiles.generatedText(parsed),
                ConfluentText.of(compile(file).toProto()),
                "Ferry's text of the parsed source of " + file);
    }

    /**
     * Equal texts, or a failure naming the file and the first line that differs: a googleapis file
     * prints to hundreds of lines, too many to compare by eye in a whole-text diff.
     */
    private static void assertSameText(String ferry, String confluent, String what) {
        if (ferry.equals(confluent)) {
            return;
        }
        List<String> ours = ferry.lines().toList();
        List<String> theirs = confluent.lines().toList();
        int line = 0;
        while (line < ours.size() && line < theirs.size() && ours.get(line).equals(theirs.get(line))) {
            line++;
        }
        fail(
                "%s differs from Confluent's at line %d:%n  Confluent: %s%n  Ferry:     %s",
                what,
                line + 1,
                line < theirs.size() ? theirs.get(line) : "(end of text)",
                line < ours.size() ? ours.get(line) : "(end of text)");
    }

    private static void addTextReferences(FileDescriptor file, Map<String, String> references) {
        for (FileDescriptor dependency : file.getDependencies()) {
            if (!KnownProtoFiles.isKnown(dependency.getName())) {
                references.put(dependency.getName(), ConfluentText.of(dependency.toProto()));
                addTextReferences(dependency, references);
            }
        }
    }

    private static void addReferences(FileDescriptor file, Map<String, String> references) {
        for (FileDescriptor dependency : file.getDependencies()) {
            if (!KnownProtoFiles.isKnown(dependency.getName())) {
                references.put(
                        dependency.getName(),
                        Base64.getEncoder().encodeToString(dependency.toProto().toByteArray()));
                addReferences(dependency, references);
            }
        }
    }

    /** Confluent's {@code toMessageIndexes(name, false)}: each step the position among the text's messages. */
    private static List<Integer> confluentIndexes(ProtoFileElement file, Descriptor type) {
        String name = type.getFullName();
        if (file.getPackageName() != null) {
            name = name.substring(file.getPackageName().length() + 1);
        }
        List<Integer> indexes = new ArrayList<>();
        List<TypeElement> types = file.getTypes();
        for (String part : name.split("\\.")) {
            int i = 0;
            for (TypeElement candidate : types) {
                if (candidate instanceof MessageElement) {
                    if (candidate.getName().equals(part)) {
                        indexes.add(i);
                        types = candidate.getNestedTypes();
                        break;
                    }
                    i++;
                }
            }
        }
        return indexes;
    }

    /** The shapes of .proto text Confluent's conversion has rules for. */
    private static final List<String> CONVERSION_SHAPES = List.of(
            "oneof ",
            "map_entry",
            "reserved ",
            "extensions ",
            "extend ",
            "optional ",
            "required ",
            "default = ",
            "json_name",
            "deprecated = true",
            "packed = ",
            "stream ",
            "option (",
            "import public",
            "syntax = \"proto3\"",
            "enum ",
            "service ");

    /** The annotations and options Google's APIs use. */
    private static final List<String> GOOGLE_API_SHAPES = List.of(
            "(google.api.http) = {",
            "(google.api.field_behavior) = ",
            "(google.api.resource) = {",
            "(google.api.resource_reference) = {",
            "(google.api.resource_definition) = {",
            "(google.api.method_signature) = ",
            "(google.api.default_host) = ",
            "(google.api.oauth_scopes) = ",
            "extend .google.protobuf.",
            "oneof ",
            "option map_entry = true;",
            "optional ",
            "deprecated = true",
            "stream ",
            "enum ",
            "service ",
            "option java_outer_classname = ",
            "option objc_class_prefix = ",
            "import \"google/protobuf/");

    /** The corpus covers what the issue names, so that a passing run means something. */
    @Test
    void theCorpusCoversTheShapesConfluentsConversionHasRulesFor() throws Exception {
        int files = 0;
        int types = 0;
        int withMaps = 0;
        Map<String, Integer> shapes = new LinkedHashMap<>();
        for (ProtoCorpus file : corpus().toList()) {
            FileDescriptorProto proto = compile(file).toProto();
            files++;
            types += messageTypes(compile(file)).size();
            String text = ConfluentText.of(proto);
            if (text.contains("option map_entry = true;")) {
                withMaps++;
            }
            countShapes(text, CONVERSION_SHAPES, shapes);
        }
        String size = files + " files, " + types + " message types, " + withMaps + " with map fields, shapes " + shapes;
        assertThat(files).as(size).isGreaterThanOrEqualTo(131);
        assertThat(types).as(size).isGreaterThanOrEqualTo(604);
        assertThat(withMaps).as(size).isGreaterThanOrEqualTo(24);
        assertThat(shapes).as(size).hasSameSizeAs(CONVERSION_SHAPES).allSatisfy((shape, count) -> assertThat(count)
                .as(shape)
                .isGreaterThanOrEqualTo(2));
    }

    /**
     * The googleapis part is Google's own published sources, read from its proto jars, not files
     * written here: all of them, with the annotations its APIs use, so that a passing run means the
     * real-world files print alike.
     */
    @Test
    void theGoogleApisCorpusIsEveryFileOfGooglesProtoJarsWithTheOptionsItsApisUse() throws Exception {
        Map<String, Integer> filesByJar = new TreeMap<>();
        int types = 0;
        int lines = 0;
        Map<String, Integer> shapes = new LinkedHashMap<>();
        List<ProtoCorpus> googleApis = ProtoCorpus.googleApis();
        Set<String> jars = googleApis.stream().map(ProtoCorpus::root).collect(Collectors.toSet());
        List<ProtoCorpus> tested =
                corpus().filter(file -> jars.contains(file.root())).toList();
        assertThat(tested).as("the googleapis files compared").hasSameSizeAs(googleApis);
        for (ProtoCorpus file : tested) {
            filesByJar.merge(file.root().replaceAll("-[0-9.]+\\.jar$", ""), 1, Integer::sum);
            types += messageTypes(compile(file)).size();
            String text = ConfluentText.of(compile(file).toProto());
            lines += text.split("\n").length;
            countShapes(text, GOOGLE_API_SHAPES, shapes);
        }
        String size = filesByJar + " files, " + types + " message types, " + lines + " lines of text, shapes " + shapes;
        assertThat(filesByJar).as(size).containsOnlyKeys("proto-google-common-protos", "proto-google-cloud-pubsub-v1");
        assertThat(filesByJar.get("proto-google-common-protos")).as(size).isGreaterThanOrEqualTo(65);
        assertThat(filesByJar.get("proto-google-cloud-pubsub-v1")).as(size).isGreaterThanOrEqualTo(2);
        assertThat(types).as(size).isGreaterThanOrEqualTo(300);
        assertThat(lines).as(size).isGreaterThanOrEqualTo(4730);
        assertThat(shapes).as(size).hasSameSizeAs(GOOGLE_API_SHAPES).allSatisfy((shape, count) -> assertThat(count)
                .as(shape)
                .isGreaterThanOrEqualTo(1));
    }

    /** Counts {@code text} once for each of {@code shapes} it holds. */
    private static void countShapes(String text, List<String> shapes, Map<String, Integer> counts) {
        for (String shape : shapes) {
            if (text.contains(shape)) {
                counts.merge(shape, 1, Integer::sum);
            }
        }
    }

    // ---- compiling with protoc, as for a generated class ----

    private static final Map<String, Path> ROOTS = new HashMap<>();
    private static final Map<String, FileDescriptor> COMPILED = new HashMap<>();

    private static synchronized FileDescriptor compile(ProtoCorpus file) throws Exception {
        String key = file.root() + " " + file.path();
        if (!COMPILED.containsKey(key)) {
            compileRoot(file);
        }
        return COMPILED.get(key);
    }

    /** One protoc run for every corpus file of the file's root: protoc's start dominates a run of one file. */
    private static void compileRoot(ProtoCorpus file) throws Exception {
        Path root = file.root().equals("protobuf-java")
                ? wellKnown
                : ROOTS.computeIfAbsent(file.root(), name -> writeRoot("root-" + ROOTS.size(), file.rootFiles()));
        List<String> paths = corpus().filter(other -> other.root().equals(file.root()))
                .map(ProtoCorpus::path)
                .toList();
        Path out = Files.createTempFile(work, "set", ".pb");
        List<String> command = new ArrayList<>(List.of(
                protoc.toString(),
                "-I",
                root.toString(),
                "-I",
                wellKnown.toString(),
                "--include_imports",
                "--descriptor_set_out=" + out));
        command.addAll(paths);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS))
                .as("protoc finished on %s", file.root())
                .isTrue();
        assertThat(process.exitValue())
                .as("protoc on the files of %s: %s", file.root(), output)
                .isZero();
        Map<String, FileDescriptor> compiled = generated(FileDescriptorSet.parseFrom(Files.readAllBytes(out)));
        for (String path : paths) {
            COMPILED.put(file.root() + " " + path, compiled.get(path));
        }
    }

    private static Path writeRoot(String name, Map<String, String> files) {
        try {
            Path root = Files.createDirectories(work.resolve(name));
            for (Map.Entry<String, String> file : files.entrySet()) {
                Path target = root.resolve(file.getKey());
                Files.createDirectories(target.getParent());
                Files.writeString(target, file.getValue());
            }
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The descriptors generated classes carry, by file name: built like protobuf-java's generated
     * code builds them, options parsed again with the extensions of the files compiled together so
     * that custom options are fields, not unknown bytes.
     */
    private static Map<String, FileDescriptor> generated(FileDescriptorSet set)
            throws DescriptorValidationException, InvalidProtocolBufferException {
        List<FileDescriptorProto> protos = set.getFileList();
        Map<String, FileDescriptor> plain = build(protos);
        ExtensionRegistry extensions = ExtensionRegistry.newInstance();
        for (FileDescriptor file : plain.values()) {
            addExtensions(extensions, file.getExtensions());
            for (Descriptor type : file.getMessageTypes()) {
                addNestedExtensions(extensions, type);
            }
        }
        List<FileDescriptorProto> reparsed = new ArrayList<>();
        for (FileDescriptorProto proto : protos) {
            reparsed.add(FileDescriptorProto.parseFrom(proto.toByteString(), extensions));
        }
        return build(reparsed);
    }

    private static void addNestedExtensions(ExtensionRegistry registry, Descriptor type) {
        addExtensions(registry, type.getExtensions());
        type.getNestedTypes().forEach(nested -> addNestedExtensions(registry, nested));
    }

    private static void addExtensions(ExtensionRegistry registry, List<FieldDescriptor> extensions) {
        for (FieldDescriptor extension : extensions) {
            if (extension.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
                registry.add(extension, DynamicMessage.getDefaultInstance(extension.getMessageType()));
            } else {
                registry.add(extension);
            }
        }
    }

    /** Generated code links the well-known types' own classes: extensions of descriptor.proto's options resolve only against those. */
    private static final Map<String, FileDescriptor> GENERATED = Stream.of(
                    DescriptorProtos.getDescriptor(),
                    AnyProto.getDescriptor(),
                    ApiProto.getDescriptor(),
                    DurationProto.getDescriptor(),
                    EmptyProto.getDescriptor(),
                    FieldMaskProto.getDescriptor(),
                    SourceContextProto.getDescriptor(),
                    StructProto.getDescriptor(),
                    TimestampProto.getDescriptor(),
                    TypeProto.getDescriptor(),
                    WrappersProto.getDescriptor())
            .collect(Collectors.toMap(FileDescriptor::getName, file -> file));

    private static Map<String, FileDescriptor> build(List<FileDescriptorProto> protos)
            throws DescriptorValidationException {
        Map<String, FileDescriptor> built = new LinkedHashMap<>();
        for (FileDescriptorProto proto : protos) {
            if (GENERATED.containsKey(proto.getName())) {
                built.put(proto.getName(), GENERATED.get(proto.getName()));
                continue;
            }
            FileDescriptor[] dependencies =
                    proto.getDependencyList().stream().map(built::get).toArray(FileDescriptor[]::new);
            built.put(proto.getName(), FileDescriptor.buildFrom(proto, dependencies));
        }
        return built;
    }

    private static List<Descriptor> messageTypes(FileDescriptor file) {
        List<Descriptor> all = new ArrayList<>();
        List<Descriptor> queue = new ArrayList<>(file.getMessageTypes());
        for (int i = 0; i < queue.size(); i++) {
            if (!queue.get(i).getOptions().getMapEntry()) {
                all.add(queue.get(i));
                queue.addAll(queue.get(i).getNestedTypes());
            }
        }
        return all;
    }
}
