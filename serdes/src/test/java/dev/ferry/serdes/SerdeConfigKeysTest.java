package dev.ferry.serdes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.common.internal.Redaction;
import dev.ferry.common.internal.config.ConfigKey;
import dev.ferry.common.internal.config.ConfigTable;
import dev.ferry.common.internal.config.KeyOwners;
import dev.ferry.common.testing.ConfigKeysContract;
import dev.ferry.serdes.internal.config.SerdeSettings;
import dev.ferry.serdes.json.JsonSchemaSpecVersion;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import trusted.avro.TrustedOrder;

/** Every key of {@link SerdeSettings#KEYS}: parsed, copied by {@code toBuilder}, masked, rejected. */
class SerdeConfigKeysTest extends ConfigKeysContract<SerdeConfig> {
    private static final String ID = "io.confluent.kafka.serializers.schema.id.";

    SerdeConfigKeysTest() {
        super(
                SerdeSettings.KEYS,
                "config:serdes",
                SerdeConfig::fromProperties,
                config -> config.toBuilder().build(),
                SerdeConfig::values);
    }

    /** Strategies are held as instances, which a sample names by class. */
    @Override
    protected Object held(SerdeConfig config, Sample sample) {
        Object held = config.values().get(sample.key());
        boolean instance = sample.expected() instanceof Class<?> && !(held instanceof Class<?>);
        return instance ? held.getClass() : held;
    }

    @Override
    protected List<Sample> samples() {
        Map<String, Object> noRegistering = Map.of("auto.register.schemas", "false");
        Map<String, Object> specificReader = Map.of("specific.avro.reader", "true");
        return List.of(
                bool("auto.register.schemas", false),
                new Sample(
                        "use.latest.version",
                        "true",
                        noRegistering,
                        true,
                        "yes",
                        "Invalid value 'yes' for configuration use.latest.version: must be true or false"),
                bool("latest.compatibility.strict", false),
                new Sample(
                        "use.schema.id",
                        "5",
                        noRegistering,
                        5,
                        "-2",
                        "Invalid value '-2' for configuration use.schema.id: must be at least 0, or -1 for unset"),
                bool("id.compatibility.strict", false),
                bool("normalize.schemas", true),
                new Sample(
                        "key.subject.name.strategy",
                        "io.confluent.kafka.serializers.subject.RecordNameStrategy",
                        Map.of(),
                        RecordNameStrategy.class,
                        "java.lang.String",
                        "Invalid value 'java.lang.String' for "
                                + "configuration key.subject.name.strategy: must be a class implementing "
                                + "dev.ferry.serdes.SubjectNameStrategy"),
                new Sample(
                        "value.subject.name.strategy",
                        TopicRecordNameStrategy.class,
                        Map.of(),
                        TopicRecordNameStrategy.class,
                        "no.such.Strategy",
                        "Invalid value 'no.such.Strategy' for "
                                + "configuration value.subject.name.strategy: must be a class on the class path"),
                new Sample(
                        "reference.subject.name.strategy",
                        "io.confluent.kafka.serializers.subject.DefaultReferenceSubjectNameStrategy",
                        Map.of(),
                        ReferenceSubjectNameStrategy.DEFAULT.getClass(),
                        42,
                        "Invalid value 42 for configuration "
                                + "reference.subject.name.strategy: must be a class or a class name"),
                new Sample(
                        "key.schema.id.serializer",
                        ID + "HeaderSchemaIdSerializer",
                        Map.of(),
                        SchemaIdWriting.HEADER,
                        "Header",
                        "Invalid value 'Header' for configuration key.schema.id.serializer: must be " + ID
                                + "PrefixSchemaIdSerializer or " + ID + "HeaderSchemaIdSerializer"),
                new Sample(
                        "value.schema.id.serializer",
                        "HeaderSchemaIdSerializer",
                        Map.of(),
                        SchemaIdWriting.HEADER,
                        "DualSchemaIdDeserializer",
                        "Invalid value 'DualSchemaIdDeserializer' for configuration "
                                + "value.schema.id.serializer: must be " + ID + "PrefixSchemaIdSerializer or " + ID
                                + "HeaderSchemaIdSerializer"),
                new Sample(
                        "key.schema.id.deserializer",
                        "PrefixSchemaIdDeserializer",
                        Map.of(),
                        SchemaIdReading.PREFIX,
                        "x",
                        "Invalid value 'x' for configuration key.schema.id.deserializer: must be " + ID
                                + "DualSchemaIdDeserializer or " + ID + "PrefixSchemaIdDeserializer"),
                new Sample(
                        "value.schema.id.deserializer",
                        SchemaIdReading.PREFIX,
                        Map.of(),
                        SchemaIdReading.PREFIX,
                        ID + "ConfigSchemaIdDeserializer",
                        "Invalid value '" + ID + "ConfigSchemaIdDeserializer' for "
                                + "configuration value.schema.id.deserializer: must be " + ID
                                + "DualSchemaIdDeserializer or "
                                + ID + "PrefixSchemaIdDeserializer (a fixed id for every record is not supported)"),
                bool("skip.known.types", false),
                bool("avro.use.logical.type.converters", true),
                bool("avro.remove.java.properties", true),
                bool("specific.avro.reader", true),
                new Sample(
                        "specific.avro.key.type",
                        TrustedOrder.class.getName(),
                        specificReader,
                        TrustedOrder.class,
                        "java.lang.String",
                        "Invalid value 'java.lang.String' for configuration specific.avro.key.type: "
                                + "must be a class implementing org.apache.avro.specific.SpecificRecord"),
                new Sample(
                        "specific.avro.value.type",
                        TrustedOrder.class,
                        specificReader,
                        TrustedOrder.class,
                        "",
                        "Invalid value [hidden] for configuration specific.avro.value.type: must be a class or a class name"),
                new Sample(
                        "specific.protobuf.key.type",
                        "com.google.protobuf.Timestamp",
                        Map.of(),
                        com.google.protobuf.Timestamp.class,
                        String.class,
                        "Invalid value 'java.lang.String' for "
                                + "configuration specific.protobuf.key.type: must be a class implementing "
                                + "com.google.protobuf.Message"),
                new Sample(
                        "specific.protobuf.value.type",
                        com.google.protobuf.Timestamp.class,
                        Map.of(),
                        com.google.protobuf.Timestamp.class,
                        "no.Such",
                        "Invalid value 'no.Such' for configuration "
                                + "specific.protobuf.value.type: must be a class on the class path"),
                new Sample(
                        "json.key.type",
                        "java.util.Map",
                        Map.of(),
                        Map.class,
                        "no.Such",
                        "Invalid value 'no.Such' "
                                + "for configuration json.key.type: must be a class on the class path"),
                new Sample(
                        "json.value.type",
                        Map.class,
                        Map.of(),
                        Map.class,
                        1.5,
                        "Invalid value 1.5 for configuration " + "json.value.type: must be a class or a class name"),
                new Sample(
                        "json.schema.spec.version",
                        "draft_2020_12",
                        Map.of(),
                        JsonSchemaSpecVersion.DRAFT_2020_12,
                        "draft_4",
                        "Invalid value 'draft_4' for configuration json.schema.spec.version: must be one of "
                                + "draft_6, draft_7, draft_2019_09, draft_2020_12 (draft_4 is not generated: the generator "
                                + "starts at draft 6)"),
                bool("json.fail.unknown.properties", false),
                bool("json.write.dates.iso8601", true),
                bool("json.indent.output", true),
                bool("json.envelope.detection", false),
                new Sample(
                        "type.property",
                        "className",
                        Map.of(),
                        "className",
                        " ",
                        "Invalid value [hidden] for configuration type.property: must not be empty"),
                new Sample(
                        "json.type.allowed.packages",
                        "com.acme., org.example.",
                        Map.of(),
                        List.of("com.acme.", "org.example."),
                        42,
                        "Invalid value 42 for configuration json.type.allowed.packages: must be a comma-separated "
                                + "string or a list of strings"));
    }

    private static Sample bool(String key, boolean value) {
        return new Sample(
                key,
                String.valueOf(value).toUpperCase(),
                Map.of(),
                value,
                "maybe",
                "Invalid value 'maybe' for configuration " + key + ": must be true or false");
    }

    @Test
    void noKeyIsASecret() {
        for (ConfigKey<SerdeSettings, ?> key : SerdeSettings.KEYS.keys()) {
            assertThat(key.secret()).as(key.name()).isFalse().isEqualTo(Redaction.looksSecret(key.name()));
        }
    }

    @ParameterizedTest
    @MethodSource("samples")
    void noKeyIsPassedToTheRegistryClient(Sample sample) {
        SerdeConfig config = SerdeConfig.fromProperties(properties(sample, sample.valid()));

        assertThat(config.registryProperties()).doesNotContainKey(sample.key());
    }

    @Test
    void otherComponentsKnowTheseKeysAsTheSerdes() {
        ConfigTable<Object> other = new ConfigTable<>("another component", List.of(), List.of());

        assertThat(KeyOwners.ownerOf("use.latest.version", other)).contains("the serializers and deserializers");
        assertThat(KeyOwners.ownerOf("max.retries", other)).contains("the schema registry client");
    }
}
