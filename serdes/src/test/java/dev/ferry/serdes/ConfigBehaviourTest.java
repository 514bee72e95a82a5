package dev.ferry.serdes;

import static dev.ferry.serdes.TestSerdeConfigs.USE_LATEST_VERSION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import dev.ferry.common.ConfigException;
import dev.ferry.common.Headers;
import dev.ferry.common.SerializationException;
import dev.ferry.registry.Schema;
import dev.ferry.registry.SchemaRegistryClient;
import dev.ferry.serdes.avro.AvroDeserializer;
import dev.ferry.serdes.avro.AvroSerializer;
import dev.ferry.serdes.protobuf.ProtobufFormat;
import dev.ferry.serdes.protobuf.ProtobufSerializer;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What each of Confluent's serializer keys does to the frames and the subjects, on the in-memory registry. */
class ConfigBehaviourTest {

    /** The record's schema: three colours. */
    static final org.apache.avro.Schema RECORD = colours("\"RED\",\"GREEN\",\"BLUE\"");
    /** The registered one: two colours, so it cannot read a record written with the record's schema. */
    static final org.apache.avro.Schema REGISTERED = colours("\"RED\",\"GREEN\"");

    static final String PING = """
            syntax = "proto3";
            package cfg;
            message Ping { string id = 1; string note = 2; }
            """;
    /** PING with its fields declared in another order and laid out differently: equal once normalized. */
    static final String PING_REORDERED = """
            syntax = "proto3";
            package cfg;

            message Ping {
                string note = 2;
                string id   = 1;
            }
            """;

    static final String MONEY = """
            syntax = "proto3";
            package cfg.money;
            message Money { string currency = 1; }
            """;
    static final String PRICED = """
            syntax = "proto3";
            package cfg;
            import "money.proto";
            message Priced { cfg.money.Money price = 1; }
            """;

    @RegisterExtension
    final MockRegistry mock = new MockRegistry("config-behaviour");

    final SchemaRegistryClient registry = mock.client();
    final Headers headers = new Headers();

    static org.apache.avro.Schema colours(String symbols) {
        return new org.apache.avro.Schema.Parser()
                .parse("{\"type\":\"record\",\"name\":\"Paint\",\"namespace\":\"cfg\",\"fields\":["
                        + "{\"name\":\"id\",\"type\":\"string\"},"
                        + "{\"name\":\"colour\",\"type\":{\"type\":\"enum\",\"name\":\"Colour\",\"symbols\":[" + symbols
                        + "]}}]}");
    }

    static GenericRecord red() {
        GenericRecord paint = new GenericData.Record(RECORD);
        paint.put("id", "p-1");
        paint.put("colour", new GenericData.EnumSymbol(RECORD.getField("colour").schema(), "RED"));
        return paint;
    }

    static int idOf(byte[] frame) {
        return ByteBuffer.wrap(frame, 1, 4).getInt();
    }

    AvroSerializer<GenericRecord> avro(SerdeConfig config) {
        return AvroSerializer.<GenericRecord>builder(registry).config(config).build();
    }

    @Test
    void idCompatibilityStrictChecksTheFixedSchemaOnlyWhenTrue() {
        int id = registry.register("paints-value", Schema.avro(REGISTERED.toString()));
        SerdeConfig fixed =
                SerdeConfig.builder().autoRegisterSchemas(false).useSchemaId(id).build();

        assertThatThrownBy(() -> avro(fixed).serialize("paints", headers, red()))
                .isInstanceOf(SerializationException.class)
                .hasMessageStartingWith(
                        "Cannot serialize value of topic 'paints' under subject 'paints-value' with use.schema.id=" + id
                                + ": the registered schema cannot read the record's schema: ")
                .hasMessageContaining("BLUE");

        byte[] frame =
                avro(fixed.toBuilder().idCompatibilityStrict(false).build()).serialize("paints", headers, red());

        assertThat(idOf(frame)).isEqualTo(id);
        GenericRecord back =
                AvroDeserializer.<GenericRecord>builder(registry).build().deserialize("paints", headers, frame);
        assertThat(back.getSchema()).isEqualTo(REGISTERED);
        assertThat(back.get("colour").toString()).isEqualTo("RED");
    }

    @Test
    void latestCompatibilityStrictFalseWritesWithTheLatestIdEvenWhenItCannotReadTheRecord() {
        registry.register("paints-value", Schema.avro(colours("\"RED\"").toString()));
        int latest = registry.register("paints-value", Schema.avro(REGISTERED.toString()));

        assertThatThrownBy(() -> avro(USE_LATEST_VERSION).serialize("paints", headers, red()))
                .isInstanceOf(SerializationException.class)
                .hasMessageStartingWith("Cannot serialize value of topic 'paints' under subject 'paints-value' with "
                        + "use.latest.version (version 2): the registered schema cannot read the record's schema: ");

        byte[] frame = avro(USE_LATEST_VERSION.toBuilder()
                        .latestCompatibilityStrict(false)
                        .build())
                .serialize("paints", headers, red());

        assertThat(idOf(frame)).isEqualTo(latest);
        assertThat(AvroDeserializer.<GenericRecord>builder(registry)
                        .build()
                        .deserialize("paints", headers, frame)
                        .get("colour")
                        .toString())
                .isEqualTo("RED");
    }

    @Test
    void normalizeSchemasFindsAnEquivalentSchemaRegisteredInAnotherLayout() {
        int registered = registry.register("pings-value", Schema.protobuf(PING_REORDERED));
        Descriptor ping = ProtobufFormat.fileDescriptor(new ProtobufFormat().parse(Schema.protobuf(PING), Map.of()))
                .findMessageTypeByName("Ping");
        DynamicMessage message = DynamicMessage.newBuilder(ping)
                .setField(ping.findFieldByName("id"), "p-1")
                .build();
        SerdeConfig lookupOnly =
                SerdeConfig.builder().autoRegisterSchemas(false).build();

        assertThatThrownBy(() -> ProtobufSerializer.<DynamicMessage>builder(registry)
                        .config(lookupOnly)
                        .build()
                        .serialize("pings", headers, message))
                .isInstanceOf(SerializationException.class)
                .hasMessageStartingWith(
                        "Cannot serialize value of topic 'pings' under subject 'pings-value' (the schema "
                                + "is not registered and auto.register.schemas=false): ");
        byte[] normalizedLookup = ProtobufSerializer.<DynamicMessage>builder(registry)
                .config(lookupOnly.toBuilder().normalizeSchemas(true).build())
                .build()
                .serialize("pings", headers, message);
        byte[] normalizedRegister = ProtobufSerializer.<DynamicMessage>builder(registry)
                .config(SerdeConfig.builder().normalizeSchemas(true).build())
                .build()
                .serialize("pings", headers, message);

        assertThat(idOf(normalizedLookup)).isEqualTo(registered);
        assertThat(idOf(normalizedRegister)).isEqualTo(registered);
        assertThat(registry.versions("pings-value")).containsExactly(1);

        byte[] asIs =
                ProtobufSerializer.<DynamicMessage>builder(registry).build().serialize("pings", headers, message);
        assertThat(idOf(asIs)).isNotEqualTo(registered);
        assertThat(registry.versions("pings-value")).containsExactly(1, 2);
    }

    /** A reference strategy named by class, as in properties. */
    public static final class PrefixedReferences implements ReferenceSubjectNameStrategy {
        @Override
        public String subjectName(String referenceName, String topic, boolean isKey) {
            return "refs-" + topic + "-" + referenceName;
        }
    }

    @Test
    void referenceSubjectNameStrategyByClassNameFromProperties() {
        FileDescriptor priced = ProtobufFormat.fileDescriptor(
                new ProtobufFormat().parse(Schema.protobuf(PRICED), Map.of("money.proto", MONEY)));
        DynamicMessage message = PricedMessages.inEuros(priced);
        ProtobufSerializer<DynamicMessage> serializer = new ProtobufSerializer<>();
        serializer.configure(
                properties(SerdeConfig.REFERENCE_SUBJECT_NAME_STRATEGY, PrefixedReferences.class.getName()), false);

        serializer.serialize("prices", headers, message);

        assertThat(registry.subjects()).containsExactlyInAnyOrder("prices-value", "refs-prices-money.proto");
        assertThat(registry.latest("prices-value").schema().references())
                .singleElement()
                .satisfies(reference -> assertThat(reference.subject()).isEqualTo("refs-prices-money.proto"));
        assertThatThrownBy(() -> SerdeConfig.fromProperties(
                        Map.of(SerdeConfig.REFERENCE_SUBJECT_NAME_STRATEGY, "java.lang.String")))
                .isInstanceOf(ConfigException.class)
                .hasMessage(
                        "Invalid value 'java.lang.String' for configuration reference.subject.name.strategy: must be "
                                + "a class implementing dev.ferry.serdes.ReferenceSubjectNameStrategy");
    }

    /** A user's subject strategy named by class, as in properties. */
    public static final class ShoutingTopics implements SubjectNameStrategy {
        @Override
        public String subjectName(String topic, boolean isKey, String recordName) {
            return topic.toUpperCase(Locale.ROOT) + (isKey ? "-KEY" : "-VALUE");
        }
    }

    @Test
    void topicRecordAndUserStrategiesNamedInPropertiesNameTheSubjects() {
        AvroSerializer<GenericRecord> topicRecord = new AvroSerializer<>();
        topicRecord.configure(
                properties(
                        SerdeConfig.VALUE_SUBJECT_NAME_STRATEGY,
                        "io.confluent.kafka.serializers.subject.TopicRecordNameStrategy"),
                false);
        AvroSerializer<GenericRecord> user = new AvroSerializer<>();
        user.configure(properties(SerdeConfig.KEY_SUBJECT_NAME_STRATEGY, ShoutingTopics.class.getName()), true);

        topicRecord.serialize("paints", headers, red());
        user.serialize("paints", headers, red());

        assertThat(registry.subjects()).containsExactlyInAnyOrder("paints-cfg.Paint", "PAINTS-KEY");
    }

    private Map<String, Object> properties(String key, String value) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("schema.registry.url", mock.url());
        properties.put(key, value);
        return properties;
    }
}
