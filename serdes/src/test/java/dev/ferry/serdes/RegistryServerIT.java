package dev.ferry.serdes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import dev.ferry.common.Headers;
import dev.ferry.common.SerializationException;
import dev.ferry.registry.CachedSchemaRegistryClient;
import dev.ferry.registry.CompatibilityLevel;
import dev.ferry.registry.Schema;
import dev.ferry.registry.SchemaRegistryConfig;
import dev.ferry.serdes.avro.AvroDeserializer;
import dev.ferry.serdes.avro.AvroSerializer;
import dev.ferry.serdes.protobuf.InteropDescriptors;
import dev.ferry.serdes.protobuf.ProtobufDeserializer;
import dev.ferry.serdes.protobuf.ProtobufFormat;
import dev.ferry.serdes.protobuf.ProtobufSerializer;
import dev.ferry.testkit.ApicurioRegistry;
import java.util.Map;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The serdes against a real registry server (Apicurio 3.3.3, Confluent API): auto-registration
 * through the serializer, reading back by id through the deserializer, and a compatibility level
 * enforced by the server surfacing as a clear error.
 */
class RegistryServerIT {

    static ApicurioRegistry server;
    static CachedSchemaRegistryClient registry;
    final Headers headers = new Headers();

    @BeforeAll
    static void startRegistry() {
        server = ApicurioRegistry.start();
        registry = new CachedSchemaRegistryClient(
                SchemaRegistryConfig.builder().urls(server.url()).build());
    }

    @AfterAll
    static void stopRegistry() {
        if (registry != null) {
            registry.close();
        }
        if (server != null) {
            server.close();
        }
    }

    static org.apache.avro.Schema order(String extraFields) {
        return new org.apache.avro.Schema.Parser()
                .parse("{\"type\":\"record\",\"name\":\"Order\",\"namespace\":\"it\","
                        + "\"fields\":[{\"name\":\"id\",\"type\":\"string\"}" + extraFields + "]}");
    }

    @Test
    void avroAutoRegistersAndReadsBack() {
        GenericRecord record = new GenericData.Record(order(""));
        record.put("id", "o-1");

        byte[] frame = AvroSerializer.<GenericRecord>builder(registry).build().serialize("it-avro", headers, record);
        GenericRecord back =
                AvroDeserializer.<GenericRecord>builder(registry).build().deserialize("it-avro", headers, frame);

        assertThat(back.get("id")).hasToString("o-1");
    }

    @Test
    void protobufRegistersImportsAndReadsBack() {
        String money = "syntax = \"proto3\";\npackage it.money;\nmessage Money { string currency = 1; }\n";
        FileDescriptor file = ProtobufFormat.fileDescriptor(new ProtobufFormat()
                .parse(
                        Schema.protobuf(
                                "syntax = \"proto3\";\npackage it;\nimport \"it/money.proto\";\nmessage Priced { it.money.Money price = 1; }\n"),
                        Map.of("it/money.proto", money)));
        DynamicMessage message = PricedMessages.inEuros(file);

        byte[] frame =
                ProtobufSerializer.<DynamicMessage>builder(registry).build().serialize("it-proto", headers, message);
        DynamicMessage back =
                ProtobufDeserializer.<DynamicMessage>builder(registry).build().deserialize("it-proto", headers, frame);

        assertThat(back.toByteArray()).isEqualTo(message.toByteArray());
        assertThat(back.getDescriptorForType().getFullName()).isEqualTo("it.Priced");
    }

    @Test
    void protobufRegisteredAsABase64DescriptorIsStoredVerbatimAndRead() {
        String money = InteropDescriptors.base64(InteropDescriptors.MONEY);
        String interop = InteropDescriptors.base64(InteropDescriptors.INTEROP);
        registry.register("it-descriptor-money", Schema.protobuf(money));
        int moneyVersion =
                registry.lookup("it-descriptor-money", Schema.protobuf(money)).version();
        int id = registry.register(
                "it-descriptor-value",
                Schema.protobuf(
                        interop,
                        java.util.List.of(new dev.ferry.registry.SchemaReference(
                                "money.proto", "it-descriptor-money", moneyVersion))));

        assertThat(registry.schemaById(id).text()).isEqualTo(interop);
        // 00 | id | indexes [1] | Priced{price: Money{currency "EUR"}, id "p1"}
        byte[] frame = java.nio.ByteBuffer.allocate(18)
                .put((byte) 0)
                .putInt(id)
                .put(new byte[] {2, 2})
                .put(java.util.HexFormat.of().parseHex("0a050a03455552" + "12027031"))
                .array();
        DynamicMessage read = ProtobufDeserializer.<DynamicMessage>builder(registry)
                .build()
                .deserialize("it-descriptor", headers, frame);
        assertThat(read.getDescriptorForType().getFullName()).isEqualTo("interop.Priced");
        assertThat(read.toString()).contains("currency: \"EUR\"").contains("id: \"p1\"");
    }

    @Test
    void aCompatibilityLevelEnforcedByTheServerIsAClearError() {
        GenericRecord v1 = new GenericData.Record(order(""));
        v1.put("id", "a");
        AvroSerializer.<GenericRecord>builder(registry).build().serialize("it-compat", headers, v1);
        registry.setCompatibility("it-compat-value", CompatibilityLevel.BACKWARD);
        GenericRecord v2 = new GenericData.Record(order(",{\"name\":\"note\",\"type\":\"string\"}"));
        v2.put("id", "b");
        v2.put("note", "n");

        assertThatThrownBy(() ->
                        AvroSerializer.<GenericRecord>builder(registry).build().serialize("it-compat", headers, v2))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("topic 'it-compat'")
                .hasMessageContaining("subject 'it-compat-value'")
                .hasMessageContaining("incompatible");
    }
}
