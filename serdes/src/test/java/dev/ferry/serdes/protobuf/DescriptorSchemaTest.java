package dev.ferry.serdes.protobuf;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.ferry.serdes.TestSerdeConfigs.USE_LATEST_VERSION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import dev.ferry.common.Headers;
import dev.ferry.registry.CompatibilityLevel;
import dev.ferry.registry.Schema;
import dev.ferry.registry.SchemaReference;
import dev.ferry.registry.spi.InvalidSchemaException;
import dev.ferry.registry.spi.ParsedSchema;
import dev.ferry.serdes.StubbedRegistry;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Protobuf schemas registered as a base64-encoded {@code FileDescriptorProto}, as Confluent's
 * JavaScript serializer registers them: the descriptors are built with protobuf-java's own
 * builders (not parsed by Ferry), one imports the other through a registry reference, and WireMock
 * serves them in Confluent's REST JSON.
 */
class DescriptorSchemaTest {

    private static final HexFormat HEX = HexFormat.of();

    static final FileDescriptorProto MONEY = InteropDescriptors.MONEY;
    static final FileDescriptorProto INTEROP = InteropDescriptors.INTEROP;

    static final String INTEROP_SOURCE = """
            syntax = "proto3";
            package interop;
            import "money.proto";
            message Header { string source = 1; }
            message Priced { interop.money.Money price = 1; string id = 2; }
            """;
    static final String MONEY_SOURCE = """
            syntax = "proto3";
            package interop.money;
            message Money { string currency = 1; }
            """;

    @RegisterExtension
    static final StubbedRegistry REGISTRY = new StubbedRegistry();

    @BeforeAll
    static void stubRegistry() {
        Map<String, Object> interop = Map.of(
                "subject",
                "interop-value",
                "version",
                1,
                "id",
                21,
                "schemaType",
                "PROTOBUF",
                "schema",
                base64(INTEROP),
                "references",
                List.of(Map.of("name", "money.proto", "subject", "money.proto", "version", 1)));
        stub("/schemas/ids/21", interop);
        stub("/subjects/interop-value/versions/latest", interop);
        stub(
                "/subjects/money.proto/versions/1",
                Map.of(
                        "subject",
                        "money.proto",
                        "version",
                        1,
                        "id",
                        20,
                        "schemaType",
                        "PROTOBUF",
                        "schema",
                        base64(MONEY)));
    }

    @Test
    void theDeserializerReadsFramesOfADescriptorSchemaWithADescriptorReference() {
        ProtobufDeserializer<DynamicMessage> deserializer =
                ProtobufDeserializer.<DynamicMessage>builder(REGISTRY.client()).build();

        // 00 | id 21 | indexes [1] (02 02) | field 1 (0a) length 5: Money{currency "EUR"} = 0a 03 "EUR"; field 2 (12)
        // "p1"
        DynamicMessage priced = deserializer.deserialize(
                "interop", new Headers(), HEX.parseHex("0000000015" + "0202" + "0a050a03455552" + "12027031"));

        assertThat(priced.getDescriptorForType().getFullName()).isEqualTo("interop.Priced");
        assertThat(priced.toString()).contains("currency: \"EUR\"").contains("id: \"p1\"");
    }

    @Test
    void useLatestVersionWritesWithADescriptorSchema() throws Exception {
        FileDescriptor money = FileDescriptor.buildFrom(MONEY, new FileDescriptor[0]);
        Descriptor priced =
                FileDescriptor.buildFrom(INTEROP, new FileDescriptor[] {money}).findMessageTypeByName("Priced");
        DynamicMessage message = DynamicMessage.newBuilder(priced)
                .setField(priced.findFieldByName("id"), "p1")
                .build();

        byte[] frame = ProtobufSerializer.<DynamicMessage>builder(REGISTRY.client())
                .config(USE_LATEST_VERSION)
                .build()
                .serialize("interop", new Headers(), message);

        assertThat(HEX.formatHex(frame)).isEqualTo("0000000015" + "0202" + "12027031");
    }

    @Test
    void aDescriptorParsesToTheSameSchemaAsItsSourceAndTheirCompatibilityIsJudged() {
        ProtobufFormat format = new ProtobufFormat();
        Schema descriptorSchema =
                Schema.protobuf(base64(INTEROP), List.of(new SchemaReference("money.proto", "money.proto", 1)));

        ParsedSchema fromDescriptor = format.parse(descriptorSchema, Map.of("money.proto", base64(MONEY)));
        ParsedSchema fromSource = format.parse(Schema.protobuf(INTEROP_SOURCE), Map.of("money.proto", MONEY_SOURCE));
        // A removed field is compatible in Confluent's rules (FIELD_REMOVED); a string made a number is not
        // (FIELD_SCALAR_KIND_CHANGED).
        ParsedSchema numericId = format.parse(
                Schema.protobuf(INTEROP_SOURCE.replace(" string id = 2; ", " int64 id = 2; ")),
                Map.of("money.proto", MONEY_SOURCE));

        // The descriptor names each field's json_name, as Confluent prints it; normalized, the derived ones go.
        assertThat(fromDescriptor.canonical()).contains("  string source = 1 [json_name = \"source\"];\n");
        assertThat(fromDescriptor.canonical().replaceAll(" \\[json_name = \"\\w+\"\\]", ""))
                .isEqualTo(fromSource.canonical());
        assertThat(fromDescriptor.normalized()).isEqualTo(fromSource.normalized());
        assertThat(fromDescriptor.definedNames()).containsExactly("interop.Header", "interop.Priced");
        assertThat(fromDescriptor.declaredReferences()).containsExactly("money.proto");
        assertThat(format.checkCompatibility(CompatibilityLevel.FULL, fromDescriptor, List.of(fromSource)))
                .isEmpty();
        assertThat(format.checkCompatibility(CompatibilityLevel.BACKWARD, numericId, List.of(fromDescriptor)))
                .singleElement()
                .asString()
                .contains("interop.Priced.id (field 2): type changed from string to int64");
        assertThat(ProtobufFormat.protoSource(descriptorSchema)).isEqualTo(fromDescriptor.canonical());
        assertThat(ProtobufFormat.protoSource(Schema.protobuf(INTEROP_SOURCE))).isEqualTo(INTEROP_SOURCE);
    }

    @Test
    void textThatIsNeitherProtoNorADescriptorReportsTheProtoParseError() {
        assertThatThrownBy(() -> new ProtobufFormat().parse(Schema.protobuf("bm90IGEgZGVzY3JpcHRvcg"), Map.of()))
                .isInstanceOf(InvalidSchemaException.class)
                .hasMessageContaining("expected");
        assertThatThrownBy(() -> new ProtobufFormat().parse(Schema.protobuf("message {"), Map.of()))
                .isInstanceOf(InvalidSchemaException.class);
    }

    static String base64(FileDescriptorProto file) {
        return InteropDescriptors.base64(file);
    }

    private static void stub(String path, Map<String, Object> body) {
        REGISTRY.stub(get(urlEqualTo(path)), body);
    }
}
