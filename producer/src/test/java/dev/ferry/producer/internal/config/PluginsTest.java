package dev.ferry.producer.internal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.ferry.common.ConfigException;
import dev.ferry.common.Headers;
import dev.ferry.common.Serializer;
import dev.ferry.producer.Cluster;
import dev.ferry.producer.Partitioner;
import dev.ferry.producer.StringSerializer;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PluginsTest {

    /** Remembers how it was configured. */
    public static final class RecordingSerializer implements Serializer<String> {
        final Map<String, Object> seen = new HashMap<>();
        boolean isKey;

        @Override
        public void configure(Map<String, ?> configs, boolean isKey) {
            seen.putAll(configs);
            this.isKey = isKey;
        }

        @Override
        public byte[] serialize(String topic, Headers headers, String data) {
            return null;
        }
    }

    public static final class FixedPartitioner implements Partitioner {
        final Map<String, Object> configs = new HashMap<>();

        @Override
        public void configure(Map<String, ?> configs) {
            this.configs.putAll(configs);
        }

        @Override
        public int partition(
                String topic, Object key, byte[] keyBytes, Object value, byte[] valueBytes, Cluster cluster) {
            return 0;
        }
    }

    @ParameterizedTest
    @CsvSource({
        "org.apache.kafka.common.serialization.StringSerializer, abc",
        "org.apache.kafka.common.serialization.LongSerializer, 42",
        "org.apache.kafka.common.serialization.IntegerSerializer, 42"
    })
    void kafkaClientsBuiltInNamesGiveEquivalentBytes(String kafkaClass, String input) throws Exception {
        // given the kafka-clients serializer itself as the oracle
        @SuppressWarnings("unchecked")
        org.apache.kafka.common.serialization.Serializer<Object> theirs =
                (org.apache.kafka.common.serialization.Serializer<Object>)
                        Class.forName(kafkaClass).getConstructor().newInstance();
        Object value = kafkaClass.endsWith("StringSerializer")
                ? input
                : kafkaClass.endsWith("LongSerializer")
                        ? (Object) Long.parseLong(input)
                        : (Object) Integer.parseInt(input);

        // when
        Serializer<Object> ours = Plugins.serializer("value.serializer", kafkaClass, Map.of());

        // then
        assertThat(ours.getClass().getPackageName()).isEqualTo("dev.ferry.producer");
        assertThat(ours.serialize("t", new Headers(), value)).isEqualTo(theirs.serialize("t", value));
        theirs.close();
    }

    @Test
    void userSerializerIsCreatedAndConfiguredAsKeyOrValue() {
        Serializer<String> key = Plugins.serializer(
                "key.serializer", RecordingSerializer.class.getName(), Map.of("schema.registry.url", "http://r"));
        Serializer<String> value =
                Plugins.serializer("value.serializer", RecordingSerializer.class.getName(), Map.of());
        assertThat(((RecordingSerializer) key).isKey).isTrue();
        assertThat(((RecordingSerializer) key).seen).containsEntry("schema.registry.url", "http://r");
        assertThat(((RecordingSerializer) value).isKey).isFalse();
    }

    @Test
    void partitionerIsCreatedAndConfigured() {
        Partitioner p = Plugins.partitioner("partitioner.class", FixedPartitioner.class.getName(), Map.of("a", 1));
        assertThat(((FixedPartitioner) p).configs).containsEntry("a", 1);
    }

    /** Fails as a plugin that cannot reach what it needs does. */
    public static final class FailingPartitioner implements Partitioner {
        public FailingPartitioner() {
            throw new IllegalStateException("no region table");
        }

        @Override
        public int partition(
                String topic, Object key, byte[] keyBytes, Object value, byte[] valueBytes, Cluster cluster) {
            return 0;
        }
    }

    @Test
    void badClassNamesAreConfigErrorsInTheTablesStyleNamingKeyAndClass() {
        assertThatThrownBy(() -> Plugins.serializer("key.serializer", "com.example.Missing", Map.of()))
                .isExactlyInstanceOf(ConfigException.class)
                .hasMessage(
                        "Invalid value 'com.example.Missing' for configuration key.serializer: must be a class on the"
                                + " class path");
        assertThatThrownBy(() -> Plugins.serializer("value.serializer", String.class.getName(), Map.of()))
                .isExactlyInstanceOf(ConfigException.class)
                .hasMessage("Invalid value 'java.lang.String' for configuration value.serializer: must be a class"
                        + " implementing dev.ferry.common.Serializer");
        assertThatThrownBy(() -> Plugins.partitioner("partitioner.class", StringSerializer.class.getName(), Map.of()))
                .isExactlyInstanceOf(ConfigException.class)
                .hasMessage("Invalid value 'dev.ferry.producer.StringSerializer' for configuration partitioner.class:"
                        + " must be a class implementing dev.ferry.producer.Partitioner");
    }

    @ParameterizedTest
    @CsvSource({
        "org.apache.kafka.common.serialization.UUIDSerializer",
        "org.apache.kafka.common.serialization.NotInAnyVersion"
    })
    void aKafkaClientsSerializerWithoutAFerryEquivalentIsRefusedWithTheSameHintWhetherOrNotItExists(String name) {
        assertThatThrownBy(() -> Plugins.serializer("value.serializer", name, Map.of()))
                .isExactlyInstanceOf(ConfigException.class)
                .hasMessage("Invalid value '" + name + "' for configuration value.serializer: must be a class"
                        + " implementing dev.ferry.common.Serializer (only kafka-clients' String, ByteArray, Long and"
                        + " Integer serializers are understood; use a Ferry serializer)");
    }

    @Test
    void aPluginWhoseConstructorThrowsIsRefusedWithTheExceptionAsCause() {
        Throwable failure = catchThrowable(
                () -> Plugins.partitioner("partitioner.class", FailingPartitioner.class.getName(), Map.of()));

        assertThat(failure)
                .isExactlyInstanceOf(ConfigException.class)
                .hasMessage("Invalid value '" + FailingPartitioner.class.getName() + "' for configuration"
                        + " partitioner.class: must be a class whose constructor succeeds (it threw"
                        + " java.lang.IllegalStateException)");
        assertThat(failure.getCause())
                .isExactlyInstanceOf(IllegalStateException.class)
                .hasMessage("no region table");
    }
}
