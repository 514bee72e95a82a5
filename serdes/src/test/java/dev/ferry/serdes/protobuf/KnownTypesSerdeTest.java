package dev.ferry.serdes.protobuf;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.geo.type.Viewport;
import com.google.geo.type.ViewportProto;
import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.Message;
import com.google.type.Date;
import com.google.type.DateProto;
import com.google.type.LatLng;
import dev.ferry.common.Headers;
import dev.ferry.registry.RegisteredSchema;
import dev.ferry.registry.Schema;
import dev.ferry.registry.SchemaReference;
import dev.ferry.registry.SchemaRegistryClient;
import dev.ferry.serdes.MockRegistry;
import dev.ferry.serdes.SerdeConfig;
import dev.ferry.serdes.StubbedRegistry;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Schemas that import the files Confluent's clients know without a reference ({@code google/type/*},
 * {@code confluent/meta.proto}, {@code confluent/type/*}), as Kafka Connect's {@code ProtobufData} and
 * Confluent's serializer with its defaults register them: no references. The frames are written out
 * by hand from the Protobuf encoding; the generated classes are Google's (common-protos, test scope).
 * Reading is against a stubbed registry that answers as Confluent's does, so that only the
 * deserializer parses the schema.
 */
class KnownTypesSerdeTest {

    /** What Connect registers for a struct with a Date field: the import, and no reference. */
    static final String SHIPMENT = """
            syntax = "proto3";
            package acme;

            import "google/type/date.proto";

            message Shipment {
              .google.type.Date ship_date = 1;
            }
            """;

    /** Connect's shape for a Decimal field. */
    static final String PAYMENT = """
            syntax = "proto3";
            package acme;

            import "confluent/type/decimal.proto";

            message Payment {
              .confluent.type.Decimal amount = 1;
            }
            """;

    /** A field tagged for data contracts. */
    static final String PERSON = """
            syntax = "proto3";
            package acme;

            import "confluent/meta.proto";

            message Person {
              string ssn = 1 [(confluent.field_meta) = { tags: ["PII"] }];
            }
            """;

    /** Shipment{ship_date: {year: 2024, month: 1, day: 31}}: field 1, 7 bytes of varints 2024, 1, 31. */
    static final String SHIPMENT_PAYLOAD = "0a 07 08 e80f 10 01 18 1f";

    /** Payment{amount: {value: 0x04d2 (12.34 unscaled), precision: 8, scale: 2}}. */
    static final String PAYMENT_PAYLOAD = "0a 08 0a 02 04d2 10 08 18 02";

    /** Viewport{low: {latitude: 1.5, longitude: 2.5}}: doubles 0x3ff8000000000000 and 0x4004000000000000. */
    static final String VIEWPORT_PAYLOAD = "0a 12 09 000000000000f83f 11 0000000000000440";

    @RegisterExtension
    static final StubbedRegistry STUBBED = new StubbedRegistry();

    @RegisterExtension
    final MockRegistry mock = new MockRegistry("known-types");

    final SchemaRegistryClient registry = mock.client();
    final Headers headers = new Headers();

    @BeforeAll
    static void stubConfluentsRegistry() {
        stubSchema(42, SHIPMENT);
        // The text Confluent's serializer registers for the generated class with its defaults.
        stubSchema(43, ConfluentText.of(ViewportProto.getDescriptor().toProto()));
        stubSchema(44, PAYMENT);
    }

    /** GET /schemas/ids/{id} as Confluent's registry answers it for a schema without references. */
    static void stubSchema(int id, String text) {
        STUBBED.stub(get(urlEqualTo("/schemas/ids/" + id)), Map.of("schemaType", "PROTOBUF", "schema", text));
    }

    static byte[] frame(int id, String payload) {
        // Magic byte, the id, the message indexes [0] as the single byte 0x00, the payload.
        return HexFormat.of().parseHex(String.format("00%08x00", id) + payload.replace(" ", ""));
    }

    static DynamicMessage parse(byte[] frame, Descriptor type) throws Exception {
        return DynamicMessage.parseFrom(type, ByteString.copyFrom(frame, 6, frame.length - 6));
    }

    static FileDescriptor file(String text) {
        return ProtobufFormat.fileDescriptor(new ProtobufFormat().parse(Schema.protobuf(text), Map.of()));
    }

    @Test
    void aSchemaImportingGoogleTypeDateWithoutAReferenceIsRead() throws Exception {
        byte[] frame = HexFormat.of().parseHex("000000002a000a0708e80f1001181f");

        DynamicMessage shipment = ProtobufDeserializer.<DynamicMessage>builder(STUBBED.client())
                .build()
                .deserialize("shipments", headers, frame);

        assertThat(shipment.getDescriptorForType().getFullName()).isEqualTo("acme.Shipment");
        Message shipDate =
                (Message) shipment.getField(shipment.getDescriptorForType().findFieldByName("ship_date"));
        assertThat(shipDate.getDescriptorForType().getFullName()).isEqualTo("google.type.Date");
        assertThat(Date.parseFrom(shipDate.toByteString()))
                .isEqualTo(
                        Date.newBuilder().setYear(2024).setMonth(1).setDay(31).build());
    }

    @Test
    void aGeneratedClassImportingAGoogleTypeIsReadIntoThatClassAndAsADynamicMessage() {
        byte[] frame = frame(43, VIEWPORT_PAYLOAD);
        Viewport expected = Viewport.newBuilder()
                .setLow(LatLng.newBuilder().setLatitude(1.5).setLongitude(2.5))
                .build();

        Viewport typed = ProtobufDeserializer.<Viewport>builder(STUBBED.client())
                .config(SerdeConfig.builder()
                        .specificProtobufValueType(Viewport.class)
                        .build())
                .build()
                .deserialize("viewports", headers, frame);
        DynamicMessage dynamic = ProtobufDeserializer.<DynamicMessage>builder(STUBBED.client())
                .build()
                .deserialize("viewports", headers, frame);

        assertThat(typed).isEqualTo(expected);
        assertThat(dynamic.getDescriptorForType().getFullName()).isEqualTo("google.geo.type.Viewport");
        assertThat(dynamic.toByteString()).isEqualTo(expected.toByteString());
        assertThat(dynamic.toString()).isEqualTo(expected.toString());
    }

    @Test
    void aGeneratedClassImportingAGoogleTypeIsRegisteredWithoutReferences() {
        Viewport viewport = Viewport.newBuilder()
                .setLow(LatLng.newBuilder().setLatitude(1.5).setLongitude(2.5))
                .build();

        byte[] frame = ProtobufSerializer.<Viewport>builder(registry).build().serialize("viewports", headers, viewport);

        assertThat(registry.subjects()).containsExactly("viewports-value");
        RegisteredSchema registered = registry.latest("viewports-value");
        assertThat(registered.schema().references()).isEmpty();
        assertThat(registered.schema().text())
                .isEqualTo(ConfluentText.of(ViewportProto.getDescriptor().toProto()));
        assertThat(frame).isEqualTo(frame(registered.id(), VIEWPORT_PAYLOAD));
    }

    @Test
    void aDynamicMessageImportingGoogleTypeDateIsRegisteredWithoutReferences() throws Exception {
        Descriptor shipment = file(SHIPMENT).findMessageTypeByName("Shipment");
        DynamicMessage message = parse(frame(0, SHIPMENT_PAYLOAD), shipment);

        byte[] frame =
                ProtobufSerializer.<DynamicMessage>builder(registry).build().serialize("shipments", headers, message);

        assertThat(registry.subjects()).containsExactly("shipments-value");
        RegisteredSchema registered = registry.latest("shipments-value");
        assertThat(registered.schema().references()).isEmpty();
        assertThat(registered.schema().text()).contains("import \"google/type/date.proto\";");
        assertThat(frame).isEqualTo(frame(registered.id(), SHIPMENT_PAYLOAD));
    }

    @Test
    void withSkipKnownTypesFalseGoogleTypeDateIsRegisteredAsConfluentRegistersIt() throws Exception {
        Descriptor shipment = file(SHIPMENT).findMessageTypeByName("Shipment");
        DynamicMessage message = parse(frame(0, SHIPMENT_PAYLOAD), shipment);

        ProtobufSerializer.<DynamicMessage>builder(registry)
                .config(SerdeConfig.builder().skipKnownTypes(false).build())
                .build()
                .serialize("shipments", headers, message);

        assertThat(registry.subjects()).containsExactly("google/type/date.proto", "shipments-value");
        // Confluent's serializer registers its known copy, the text of the generated class's descriptor.
        assertThat(registry.latest("google/type/date.proto").schema().text())
                .isEqualTo(ConfluentText.of(DateProto.getDescriptor().toProto()));
        assertThat(registry.latest("shipments-value").schema().references())
                .containsExactly(new SchemaReference("google/type/date.proto", "google/type/date.proto", 1));
    }

    @Test
    void confluentsDecimalIsReadAndRegisteredWithoutAReference() throws Exception {
        DynamicMessage read = ProtobufDeserializer.<DynamicMessage>builder(STUBBED.client())
                .build()
                .deserialize("payments", headers, frame(44, PAYMENT_PAYLOAD));
        byte[] written =
                ProtobufSerializer.<DynamicMessage>builder(registry).build().serialize("payments", headers, read);

        Message amount = (Message) read.getField(read.getDescriptorForType().findFieldByName("amount"));
        assertThat(amount.getDescriptorForType().getFullName()).isEqualTo("confluent.type.Decimal");
        assertThat(amount.getField(amount.getDescriptorForType().findFieldByName("value")))
                .isEqualTo(ByteString.copyFrom(new byte[] {0x04, (byte) 0xd2}));
        assertThat(amount.getField(amount.getDescriptorForType().findFieldByName("precision")))
                .isEqualTo(8);
        assertThat(amount.getField(amount.getDescriptorForType().findFieldByName("scale")))
                .isEqualTo(2);
        assertThat(registry.subjects()).containsExactly("payments-value");
        RegisteredSchema registered = registry.latest("payments-value");
        assertThat(registered.schema().references()).isEmpty();
        assertThat(written).isEqualTo(frame(registered.id(), PAYMENT_PAYLOAD));
    }

    @Test
    void confluentsMetaIsRegisteredWithoutAReference() throws Exception {
        Descriptor person = file(PERSON).findMessageTypeByName("Person");
        // Person{ssn: "1"}
        DynamicMessage message = parse(frame(0, "0a 01 31"), person);

        byte[] frame =
                ProtobufSerializer.<DynamicMessage>builder(registry).build().serialize("people", headers, message);

        assertThat(registry.subjects()).containsExactly("people-value");
        RegisteredSchema registered = registry.latest("people-value");
        assertThat(registered.schema().references()).isEmpty();
        assertThat(registered.schema().text()).contains("import \"confluent/meta.proto\";", "(confluent.field_meta)");
        assertThat(frame).isEqualTo(frame(registered.id(), "0a 01 31"));
    }
}
