package dev.ferry.serdes.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/** The plain JSON drop-ins configured from properties, as kafka-clients configures them. */
class KafkaJsonSerdesTest {

    public record Event(Instant at) {}

    public record Note(Optional<String> text) {}

    public record Id(int id) {}

    @Test
    void unknownPropertiesAreSkippedWhenTheKeySaysSoAsConfluentsKafkaJsonDeserializerSkipsThem() {
        Map<String, Object> configs =
                Map.of("json.value.type", Id.class.getName(), "json.fail.unknown.properties", "false");
        KafkaJsonDeserializer<Id> tolerant = new KafkaJsonDeserializer<>();
        tolerant.configure(configs, false);
        ObjectMapper yours = new ObjectMapper();
        KafkaJsonDeserializer<Id> withYourMapper = new KafkaJsonDeserializer<>(yours);
        withYourMapper.configure(configs, false);
        KafkaJsonDeserializer<Id> strict = new KafkaJsonDeserializer<>();
        strict.configure(Map.of("json.value.type", Id.class.getName()), false);

        assertThat(tolerant.deserialize("ids", bytes("{\"id\":1,\"extra\":2}"))).isEqualTo(new Id(1));
        assertThat(withYourMapper.deserialize("ids", bytes("{\"id\":1,\"extra\":2}")))
                .isEqualTo(new Id(1));
        assertThat(yours.isEnabled(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES))
                .isTrue();
        assertThatThrownBy(() -> strict.deserialize("ids", bytes("{\"id\":1,\"extra\":2}")))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("Unrecognized field \"extra\"");
    }

    @Test
    void javaTimeAndOptionalValuesAreWrittenAsConfluentsKafkaJsonSerializerWritesThem() {
        KafkaJsonSerializer<Object> values = new KafkaJsonSerializer<>();
        values.configure(Map.of(), false);
        KafkaJsonSerializer<Object> iso = new KafkaJsonSerializer<>();
        iso.configure(Map.of("json.write.dates.iso8601", "true"), false);

        assertThat(text(values.serialize("t", new Event(Instant.ofEpochSecond(1700000000)))))
                .isEqualTo("{\"at\":1700000000.000000000}");
        assertThat(text(iso.serialize("t", new Event(Instant.ofEpochSecond(1700000000)))))
                .isEqualTo("{\"at\":\"2023-11-14T22:13:20Z\"}");
        assertThat(text(values.serialize("t", new Note(Optional.empty())))).isEqualTo("{\"text\":null}");
    }

    @Test
    void confluentsBytesAreReadBackIntoJavaTimeAndFloatsStayDoublesAsInConfluentsPlainMapper() {
        KafkaJsonDeserializer<Object> events = new KafkaJsonDeserializer<>();
        events.configure(Map.of("json.value.type", Event.class.getName()), false);
        KafkaJsonDeserializer<Object> objects = new KafkaJsonDeserializer<>();
        objects.configure(Map.of(), false);

        assertThat(events.deserialize("t", bytes("{\"at\":1700000000.000000000}")))
                .isEqualTo(new Event(Instant.ofEpochSecond(1700000000)));
        assertThat(objects.deserialize("t", bytes("{\"price\":12.30}"))).isEqualTo(Map.of("price", 12.3));
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aKeyThatCannotBeWrittenIsNamedAKey() {
        KafkaJsonSerializer<Object> keys = new KafkaJsonSerializer<>();
        keys.configure(Map.of(), true);

        assertThatThrownBy(() -> keys.serialize("orders", new Object()))
                .isInstanceOf(SerializationException.class)
                .hasMessageStartingWith("Cannot serialize key of topic 'orders' as JSON: ");
    }
}
