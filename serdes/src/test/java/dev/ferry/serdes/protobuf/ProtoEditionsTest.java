package dev.ferry.serdes.protobuf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.DescriptorProtos.MethodOptions;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.TimestampProto;
import dev.ferry.common.Headers;
import dev.ferry.registry.SchemaRegistryClient;
import dev.ferry.registry.SchemaRegistryClients;
import dev.ferry.registry.spi.InvalidSchemaException;
import dev.ferry.serdes.internal.proto.ProtoFiles;
import dev.ferry.serdes.internal.proto.ProtoPrinter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Editions ({@code edition = "2023"}): parsed, built, printed and registered as protoc compiles them. */
class ProtoEditionsTest {

    private static final String PATH = "acme/edition/catalog.proto";
    private static final String LOOKUP = "acme/edition/lookup.proto";

    @TempDir
    Path work;

    private static String catalog() throws Exception {
        return read(PATH);
    }

    private static String read(String path) throws Exception {
        return Files.readString(Path.of("src/test/resources/proto-editions").resolve(path));
    }

    private static FileDescriptor parsed() throws Exception {
        return ProtoFiles.build(PATH, catalog(), Map.of());
    }

    @Test
    void theFeaturesMeanWhatProtocMakesOfThem() throws Exception {
        Descriptor product = parsed().findMessageTypeByName("Product");

        assertThat(product.findFieldByName("sku").hasPresence())
                .as("explicit presence, edition 2023's default")
                .isTrue();
        assertThat(product.findFieldByName("price_cents").hasPresence())
                .as("features.field_presence = IMPLICIT")
                .isFalse();
        assertThat(product.findFieldByName("internal_ref").isRequired())
                .as("LEGACY_REQUIRED")
                .isTrue();
        assertThat(product.findFieldByName("sizes").isPacked())
                .as("packed, edition 2023's default")
                .isTrue();
        assertThat(product.findFieldByName("legacy_codes").isPacked())
                .as("EXPANDED")
                .isFalse();
        assertThat(product.findFieldByName("status").legacyEnumFieldTreatedAsClosed())
                .as("Status is OPEN")
                .isFalse();
        assertThat(product.getFile().findEnumTypeByName("Region").isClosed())
                .as("the file's enums are CLOSED")
                .isTrue();
        assertThat(product.findNestedTypeByName("Variant")
                        .findFieldByName("color")
                        .hasPresence())
                .as("IMPLICIT in a nested message")
                .isFalse();
        assertThat(product.findNestedTypeByName("Variant")
                        .findFieldByName("weight_grams")
                        .hasPresence())
                .isTrue();
        assertThat(product.findFieldByName("labels").isMapField()).isTrue();
    }

    /**
     * Ferry's parser and protoc give the same descriptor, hence the same printed text; the text reads
     * back as itself (its oneofs after the other fields, as Confluent prints them).
     */
    @Test
    void ferrysParserAgreesWithProtocAndThePrintedTextReadsBackAsItself() throws Exception {
        FileDescriptor protoc = compileWithProtoc();
        String text = ProtoFiles.text(parsed());

        assertThat(text)
                .startsWith("edition = \"2023\";\n")
                .contains("int64 price_cents = 2 [features.field_presence = IMPLICIT];")
                .contains("option features.enum_type = CLOSED;")
                .doesNotContain("optional ")
                .doesNotContain("syntax");
        assertThat(ProtoFiles.text(protoc)).isEqualTo(text);
        FileDescriptor reread = ProtoFiles.build(PATH, text, Map.of());
        assertThat(ProtoFiles.text(reread)).isEqualTo(text);
        assertThat(ProtoFiles.resolvedProto(parsed())).isEqualTo(ProtoFiles.resolvedProto(protoc));
    }

    @Test
    void aRecordOfAnEditionsTypeIsRegisteredAndReadBack() throws Exception {
        Descriptor product = compileWithProtoc().findMessageTypeByName("Product");
        DynamicMessage record = DynamicMessage.newBuilder(product)
                .setField(product.findFieldByName("sku"), "A-1")
                .setField(product.findFieldByName("internal_ref"), "r")
                .addRepeatedField(product.findFieldByName("sizes"), 38)
                .setField(product.findFieldByName("percent"), 10)
                .build();
        String scope = "editions-" + UUID.randomUUID();
        try (SchemaRegistryClient registry =
                SchemaRegistryClients.create(Map.of("schema.registry.url", "mock://" + scope))) {
            byte[] frame =
                    ProtobufSerializer.<DynamicMessage>builder(registry).build().serialize("t", new Headers(), record);
            DynamicMessage read = ProtobufDeserializer.<DynamicMessage>builder(registry)
                    .build()
                    .deserialize("t", new Headers(), frame);

            assertThat(read.toByteString()).isEqualTo(record.toByteString());
            assertThat(registry.latest("t-value").schema().text()).startsWith("edition = \"2023\";");
        } finally {
            SchemaRegistryClients.dropMockScope(scope);
        }
    }

    /**
     * Confluent's conversion has no edition (ProtobufSchema.toProtoFile maps only proto2 and proto3):
     * its text starts with the package and reads back as proto2, whose packing and enum rules differ. Ferry keeps it.
     */
    @Test
    void confluentsTextLosesTheEditionFerrysKeepsIt() throws Exception {
        FileDescriptorProto proto = compileWithProtoc().toProto();

        assertThat(ConfluentText.of(proto))
                .startsWith("package acme.edition;")
                .doesNotContain("edition = ")
                .contains("  optional string sku = 1;\n");
        assertThat(ProtoFiles.text(compileWithProtoc())).startsWith("edition = \"2023\";");
    }

    /**
     * Features of oneofs, services, methods and enum values (edition 2024's enforce_naming_style
     * applies to all of them): kept by the parser as protoc keeps them, and printed where Confluent's
     * conversion prints a features option. Its text of an editions file is not Ferry's (see
     * {@link #confluentsTextLosesTheEditionFerrysKeepsIt}): it prints the six features it knows as an
     * aggregate and the others not at all, so enforce_naming_style becomes an empty {@code features = {}}.
     */
    @Test
    void featuresOfOneofsServicesMethodsAndEnumValuesAreKeptAndPrintedAsConfluentPrintsThem() throws Exception {
        FileDescriptor protoc = compileWithProtoc(LOOKUP);
        FileDescriptor parsed = ProtoFiles.build(LOOKUP, read(LOOKUP), Map.of());

        assertThat(ProtoFiles.resolvedProto(parsed)).isEqualTo(ProtoFiles.resolvedProto(protoc));
        // The proto, as written: protobuf-java's descriptors hold features resolved, not in their options.
        FileDescriptorProto proto = parsed.toProto();
        assertThat(proto.getMessageType(0)
                        .getOneofDecl(0)
                        .getOptions()
                        .getFeatures()
                        .hasEnforceNamingStyle())
                .isTrue();
        assertThat(proto.getEnumType(0).getValue(1).getOptions().getFeatures().hasEnforceNamingStyle())
                .isTrue();
        var service = proto.getService(0);
        assertThat(service.getOptions().getFeatures().hasEnforceNamingStyle()).isTrue();
        assertThat(service.getOptions().getDeprecated()).isTrue();
        assertThat(service.getMethod(0).getOptions().getFeatures().hasEnforceNamingStyle())
                .isTrue();
        assertThat(service.getMethod(0).getOptions().getIdempotencyLevel())
                .isEqualTo(MethodOptions.IdempotencyLevel.NO_SIDE_EFFECTS);
        String text = ProtoFiles.text(parsed);
        assertThat(text)
                .startsWith("edition = \"2024\";\n")
                .contains("  oneof key {\n    option features.enforce_naming_style = STYLE_LEGACY;\n")
                .contains("service Catalog {\n  option deprecated = true;\n"
                        + "  option features.enforce_naming_style = STYLE_LEGACY;\n")
                .contains("    option idempotency_level = NO_SIDE_EFFECTS;\n")
                .contains("shelf_top = 1 [features.enforce_naming_style = STYLE_LEGACY];");
        assertThat(ConfluentText.of(protoc.toProto()))
                .contains("  oneof key {\n    option features = {\n    };\n")
                .contains("  option features = {\n  };\n\n  rpc find")
                .contains("    option idempotency_level = NO_SIDE_EFFECTS;\n    option features = {\n    };\n")
                .contains("shelf_top = 1 [features = {\n  }];");
        assertThat(ProtoFiles.text(ProtoFiles.build(LOOKUP, text, Map.of()))).isEqualTo(text);
    }

    @Test
    void edition2024IsReadToo() {
        FileDescriptor file =
                ProtoFiles.build("b.proto", "edition = \"2024\";\nmessage B {\n  string b = 1;\n}\n", Map.of());

        assertThat(file.findMessageTypeByName("B").findFieldByName("b").hasPresence())
                .isTrue();
        assertThat(ProtoFiles.text(file)).startsWith("edition = \"2024\";\n");
    }

    @Test
    void labelsAndFeaturesOutOfPlaceAreRefusedWithTheLine() {
        assertThatThrownBy(() -> ProtoFiles.build(
                        "a.proto", "edition = \"2023\";\nmessage A {\n  optional string a = 1;\n}\n", Map.of()))
                .isInstanceOf(InvalidSchemaException.class)
                .hasMessageContaining("a.proto:3:")
                .hasMessageContaining("optional");
        assertThatThrownBy(() -> ProtoFiles.build(
                        "a.proto", "edition = \"2023\";\nmessage A {\n  required string a = 1;\n}\n", Map.of()))
                .isInstanceOf(InvalidSchemaException.class)
                .hasMessageContaining("LEGACY_REQUIRED");
        assertThatThrownBy(() -> ProtoFiles.build(
                        "a.proto",
                        "syntax = \"proto3\";\nmessage A {\n  string a = 1 [features.field_presence = IMPLICIT];\n}\n",
                        Map.of()))
                .isInstanceOf(InvalidSchemaException.class)
                .hasMessageContaining("features.field_presence");
        assertThatThrownBy(() -> ProtoFiles.build(
                        "a.proto",
                        "edition = \"2023\";\noption features = { field_presence: IMPLICIT };\nmessage A {}\n",
                        Map.of()))
                .isInstanceOf(InvalidSchemaException.class)
                .hasMessageContaining("a.proto:2:")
                .hasMessageContaining("features.<name>");
        assertThatThrownBy(() -> ProtoFiles.build("a.proto", "edition = \"1999\";\nmessage A {}\n", Map.of()))
                .isInstanceOf(InvalidSchemaException.class)
                .hasMessageContaining("1999");
    }

    private FileDescriptor compileWithProtoc() throws Exception {
        return compileWithProtoc(PATH);
    }

    private FileDescriptor compileWithProtoc(String path) throws Exception {
        Path protoc = work.resolve("protoc.exe");
        if (!Files.exists(protoc)) {
            Files.copy(Path.of(System.getProperty("ferry.test.protoc")), protoc);
            assertThat(protoc.toFile().setExecutable(true)).isTrue();
        }
        Path root = Files.createDirectories(work.resolve("src"));
        Files.createDirectories(root.resolve(path).getParent());
        Files.writeString(root.resolve(path), read(path));
        Path wellKnown = Files.createDirectories(work.resolve("wkt/google/protobuf"));
        Files.writeString(
                wellKnown.resolve("timestamp.proto"),
                ProtoCorpus.wellKnownTypes().get(0).rootFiles().get("google/protobuf/timestamp.proto"));
        Path out = work.resolve("set.pb");
        Process process = new ProcessBuilder(
                        protoc.toString(),
                        "-I",
                        root.toString(),
                        "-I",
                        work.resolve("wkt").toString(),
                        "--descriptor_set_out=" + out,
                        // Source-retention features (enforce_naming_style) stay, as in the source Ferry parses.
                        "--retain_options",
                        path)
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        FileDescriptorProto proto = withoutDerivedJsonNames(
                FileDescriptorSet.parseFrom(Files.readAllBytes(out)).getFile(0));
        return FileDescriptor.buildFrom(proto, new FileDescriptor[] {TimestampProto.getDescriptor()});
    }

    /** protoc names every field's json_name in a descriptor set, Ferry's parser (as protoc's) only the explicit ones. */
    private static FileDescriptorProto withoutDerivedJsonNames(FileDescriptorProto file) {
        FileDescriptorProto.Builder builder = file.toBuilder();
        builder.getMessageTypeBuilderList().forEach(ProtoEditionsTest::withoutDerivedJsonNames);
        builder.getExtensionBuilderList().forEach(ProtoEditionsTest::withoutDerivedJsonName);
        return builder.build();
    }

    private static void withoutDerivedJsonNames(DescriptorProto.Builder message) {
        message.getFieldBuilderList().forEach(ProtoEditionsTest::withoutDerivedJsonName);
        message.getExtensionBuilderList().forEach(ProtoEditionsTest::withoutDerivedJsonName);
        message.getNestedTypeBuilderList().forEach(ProtoEditionsTest::withoutDerivedJsonNames);
    }

    private static void withoutDerivedJsonName(FieldDescriptorProto.Builder field) {
        if (field.getJsonName().equals(ProtoPrinter.defaultJsonName(field.getName()))) {
            field.clearJsonName();
        }
    }
}
