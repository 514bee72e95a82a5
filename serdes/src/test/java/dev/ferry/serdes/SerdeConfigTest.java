package dev.ferry.serdes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.ferry.common.ConfigException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SerdeConfigTest {

    @Test
    void defaultsAreConfluents() {
        SerdeConfig config = SerdeConfig.defaults();

        assertThat(config.autoRegisterSchemas()).isTrue();
        assertThat(config.useLatestVersion()).isFalse();
        assertThat(config.latestCompatibilityStrict()).isTrue();
        assertThat(config.useSchemaId()).isEqualTo(-1);
        assertThat(config.idCompatibilityStrict()).isTrue();
        assertThat(config.normalizeSchemas()).isFalse();
        assertThat(config.valueSubjectNameStrategy()).isInstanceOf(TopicNameStrategy.class);
        assertThat(config.skipKnownTypes()).isTrue();
        assertThat(config.schemaIdWriting(true)).isEqualTo(SchemaIdWriting.PREFIX);
        assertThat(config.schemaIdWriting(false)).isEqualTo(SchemaIdWriting.PREFIX);
        assertThat(config.schemaIdReading(true)).isEqualTo(SchemaIdReading.DUAL);
        assertThat(config.schemaIdReading(false)).isEqualTo(SchemaIdReading.DUAL);
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "key.schema.id.serializer     | io.confluent.kafka.serializers.schema.id.HeaderSchemaIdSerializer | true  | HEADER",
                "value.schema.id.serializer   | HeaderSchemaIdSerializer                                          | false | HEADER",
                "value.schema.id.serializer   | io.confluent.kafka.serializers.schema.id.PrefixSchemaIdSerializer | false | PREFIX",
                "key.schema.id.deserializer   | io.confluent.kafka.serializers.schema.id.PrefixSchemaIdDeserializer | true | PREFIX",
                "value.schema.id.deserializer | DualSchemaIdDeserializer                                          | false | DUAL"
            })
    void schemaIdPlacementTakesConfluentsClassNames(String key, String value, boolean isKey, String expected) {
        SerdeConfig config = SerdeConfig.fromProperties(Map.of(key, value));

        String chosen = key.endsWith(".serializer")
                ? config.schemaIdWriting(isKey).name()
                : config.schemaIdReading(isKey).name();
        assertThat(chosen).isEqualTo(expected);
        assertThat(config.registryProperties()).doesNotContainKey(key);
        assertThat(SerdeConfig.fromProperties(Map.of(key, value)).toBuilder()
                        .build()
                        .toString())
                .contains("=" + expected);
    }

    @Test
    void readsConfluentKeysAndKeepsTheRestForTheRegistry() {
        SerdeConfig config = SerdeConfig.fromProperties(Map.of(
                "schema.registry.url", "http://registry:8081",
                "auto.register.schemas", "false",
                "use.latest.version", true,
                "latest.compatibility.strict", "false",
                "normalize.schemas", "true",
                "key.subject.name.strategy", "io.confluent.kafka.serializers.subject.RecordNameStrategy",
                "value.subject.name.strategy", TopicRecordNameStrategy.class,
                "specific.protobuf.value.type", "com.google.protobuf.Timestamp",
                "avro.use.logical.type.converters", "true"));

        assertThat(config.autoRegisterSchemas()).isFalse();
        assertThat(config.useLatestVersion()).isTrue();
        assertThat(config.latestCompatibilityStrict()).isFalse();
        assertThat(config.normalizeSchemas()).isTrue();
        assertThat(config.keySubjectNameStrategy()).isInstanceOf(RecordNameStrategy.class);
        assertThat(config.valueSubjectNameStrategy()).isInstanceOf(TopicRecordNameStrategy.class);
        assertThat(config.specificProtobufType(false)).isEqualTo(com.google.protobuf.Timestamp.class);
        assertThat(config.useLogicalTypeConverters()).isTrue();
        assertThat(config.registryProperties()).containsOnly(Map.entry("schema.registry.url", "http://registry:8081"));
    }

    public static final class Prefixed implements SubjectNameStrategy {
        @Override
        public String subjectName(String topic, boolean isKey, String recordName) {
            return "team." + topic;
        }
    }

    @Test
    void userStrategyClassesAreInstantiated() {
        SerdeConfig config =
                SerdeConfig.fromProperties(Map.of("value.subject.name.strategy", Prefixed.class.getName()));

        assertThat(config.valueSubjectNameStrategy().subjectName("orders", false, "x.Order"))
                .isEqualTo("team.orders");
    }

    @Test
    void strategiesNameSubjectsAsConfluents() {
        assertThat(new TopicNameStrategy().subjectName("orders", true, "a.B")).isEqualTo("orders-key");
        assertThat(new TopicNameStrategy().subjectName("orders", false, null)).isEqualTo("orders-value");
        assertThat(new RecordNameStrategy().subjectName("orders", false, "a.B")).isEqualTo("a.B");
        assertThat(new TopicRecordNameStrategy().subjectName("orders", false, "a.B"))
                .isEqualTo("orders-a.B");
        assertThatThrownBy(() -> new RecordNameStrategy().subjectName("orders", false, null))
                .hasMessageContaining("topic 'orders'")
                .hasMessageContaining("primitive");
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "auto.register.schemas       | yes        | Invalid value 'yes' for configuration auto.register.schemas: must be true or false",
                "use.schema.id               | x          | Invalid value 'x' for configuration use.schema.id: must be an int",
                "use.schema.id               | -5         | Invalid value '-5' for configuration use.schema.id: must be at least 0, or -1 for unset",
                "value.subject.name.strategy | java.lang.String | Invalid value 'java.lang.String' for configuration value.subject.name.strategy: must be a class implementing dev.ferry.serdes.SubjectNameStrategy",
                "key.subject.name.strategy   | no.such.Clazz | Invalid value 'no.such.Clazz' for configuration key.subject.name.strategy: must be a class on the class path",
                "specific.protobuf.value.type | java.lang.String | Invalid value 'java.lang.String' for configuration specific.protobuf.value.type: must be a class implementing com.google.protobuf.Message",
                "value.schema.id.serializer   | DualSchemaIdDeserializer | Invalid value 'DualSchemaIdDeserializer' for configuration value.schema.id.serializer: must be io.confluent.kafka.serializers.schema.id.PrefixSchemaIdSerializer or io.confluent.kafka.serializers.schema.id.HeaderSchemaIdSerializer",
                "key.schema.id.deserializer   | io.confluent.kafka.serializers.schema.id.ConfigSchemaIdDeserializer | Invalid value 'io.confluent.kafka.serializers.schema.id.ConfigSchemaIdDeserializer' for configuration key.schema.id.deserializer: must be io.confluent.kafka.serializers.schema.id.DualSchemaIdDeserializer or io.confluent.kafka.serializers.schema.id.PrefixSchemaIdDeserializer (a fixed id for every record is not supported)"
            })
    void malformedValuesNameTheKey(String key, String value, String message) {
        assertThatThrownBy(() -> SerdeConfig.fromProperties(Map.of(key, value)))
                .isInstanceOf(ConfigException.class)
                .hasMessage(message);
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "auto.register.schemas       | http://u:SerdePa55@h:1 | Invalid value [hidden] for configuration auto.register.schemas: must be true or false",
                "use.schema.id               | \"SerdePa55\"         | Invalid value [hidden] for configuration use.schema.id: must be an int",
                "json.value.type             | SerdePa55!             | Invalid value [hidden] for configuration json.value.type: must be a class on the class path",
                "value.subject.name.strategy | password=SerdePa55     | Invalid value [hidden] for configuration value.subject.name.strategy: must be a class on the class path"
            })
    void aRejectedValueThatMayBeASecretIsNotShownDownTheWholeChain(String key, String value, String message) {
        Throwable failure = catchThrowable(() -> SerdeConfig.fromProperties(Map.of(key, value)));

        assertThat(failure).isInstanceOf(ConfigException.class).hasMessage(message);
        StringWriter trace = new StringWriter();
        failure.printStackTrace(new PrintWriter(trace));
        assertThat(trace.toString()).doesNotContain("SerdePa55");
    }

    /** A strategy that cannot start, as one needing a missing resource does. */
    public static final class FailingStrategy implements SubjectNameStrategy {
        public FailingStrategy() {
            throw new IllegalStateException("no subject table");
        }

        @Override
        public String subjectName(String topic, boolean isKey, String recordName) {
            return topic;
        }
    }

    /** A strategy properties cannot name: it needs an argument. */
    public static final class PrefixedStrategy implements SubjectNameStrategy {
        private final String prefix;

        public PrefixedStrategy(String prefix) {
            this.prefix = prefix;
        }

        @Override
        public String subjectName(String topic, boolean isKey, String recordName) {
            return prefix + topic;
        }
    }

    @Test
    void aStrategyWhoseConstructorThrowsIsRefusedWithTheExceptionAsCause() {
        Throwable failure = catchThrowable(() ->
                SerdeConfig.fromProperties(Map.of("value.subject.name.strategy", FailingStrategy.class.getName())));

        assertThat(failure)
                .isExactlyInstanceOf(ConfigException.class)
                .hasMessage("Invalid value '" + FailingStrategy.class.getName() + "' for configuration"
                        + " value.subject.name.strategy: must be a class whose constructor succeeds (it threw"
                        + " java.lang.IllegalStateException)");
        assertThat(failure.getCause())
                .isExactlyInstanceOf(IllegalStateException.class)
                .hasMessage("no subject table");
    }

    @Test
    void aStrategyWithoutAPublicNoArgumentConstructorIsRefusedButItsInstanceIsTaken() {
        assertThatThrownBy(() -> SerdeConfig.fromProperties(
                        Map.of("key.subject.name.strategy", PrefixedStrategy.class.getName())))
                .isExactlyInstanceOf(ConfigException.class)
                .hasMessage("Invalid value '" + PrefixedStrategy.class.getName() + "' for configuration"
                        + " key.subject.name.strategy: must be a class with a public no-argument constructor");
        PrefixedStrategy given = new PrefixedStrategy("p-");
        assertThat(SerdeConfig.fromProperties(Map.of("key.subject.name.strategy", given))
                        .keySubjectNameStrategy())
                .isSameAs(given);
    }

    @Test
    void crossFieldRulesAreCheckedInBuild() {
        assertThatThrownBy(() -> SerdeConfig.builder().useLatestVersion(true).build())
                .isInstanceOf(ConfigException.class)
                .hasMessage(
                        "Invalid value true for configuration use.latest.version: needs auto.register.schemas=false:"
                                + " a serializer either registers the record's schema or writes with the latest one; set"
                                + " auto.register.schemas=false (it defaults to true; Confluent's serializer would silently"
                                + " register and ignore use.latest.version)");
        assertThatThrownBy(() -> SerdeConfig.builder().useSchemaId(3).build())
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid value 3 for configuration use.schema.id: needs auto.register.schemas=false: a"
                        + " serializer either registers the record's schema or writes with a fixed id; set"
                        + " auto.register.schemas=false (it defaults to true; Confluent's serializer would silently"
                        + " register and ignore use.schema.id)");
        assertThatThrownBy(() -> SerdeConfig.builder()
                        .autoRegisterSchemas(false)
                        .useSchemaId(3)
                        .useLatestVersion(true)
                        .build())
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid value 3 for configuration use.schema.id: is set together with"
                        + " use.latest.version=true, allowed: one of them");
        assertThatThrownBy(() ->
                        SerdeConfig.fromProperties(Map.of("specific.avro.key.type", "dev.ferry.serdes.avro.TestOrder")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid value 'dev.ferry.serdes.avro.TestOrder' for configuration specific.avro.key.type:"
                        + " needs specific.avro.reader=true: it names the generated class that reader fills");
    }

    @Test
    void toStringHidesRegistryValues() {
        SerdeConfig config = SerdeConfig.fromProperties(Map.of("basic.auth.user.info", "app:secret"));

        assertThat(config.toString()).contains("basic.auth.user.info").doesNotContain("secret");
        assertThat(config.toBuilder().build().registryProperties()).isEqualTo(config.registryProperties());
    }
}
