package dev.ferry.serdes.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.common.Deserializer;
import dev.ferry.common.Headers;
import dev.ferry.common.SerializationException;
import dev.ferry.common.Serializer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaAdaptersTest {

    private final List<String> calls = new ArrayList<>();

    @Test
    void configureBuildsTheFerrySerializerForKeysOrValuesAndCloseClosesIt() {
        KafkaSerializerAdapter<String> adapter = new KafkaSerializerAdapter<>((configs, isKey) -> {
            calls.add("create " + configs + " isKey=" + isKey);
            return new Upper();
        });

        adapter.configure(Map.of("k", "v"), true);
        byte[] bytes = adapter.serialize("t", "abc");
        adapter.close();

        assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo("ABC");
        assertThat(calls).containsExactly("create {k=v} isKey=true", "serialize t", "close");
    }

    @Test
    void beforeConfigureTheAdapterSaysSoByName() {
        KafkaDeserializerAdapter<String> adapter = new KafkaDeserializerAdapter<>((configs, isKey) -> new Lower());

        assertThatThrownBy(() -> adapter.deserialize("t", new byte[] {65}))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("KafkaDeserializerAdapter is not configured: call configure(Map, isKey)");
    }

    @Test
    void ferrysFailuresBecomeKafkaClientsSerializationExceptionsWithTheCause() {
        KafkaDeserializerAdapter<String> adapter = new KafkaDeserializerAdapter<>((configs, isKey) -> new Lower());
        adapter.configure(Map.of(), false);

        assertThatThrownBy(() -> adapter.deserialize("orders", new byte[0]))
                .isInstanceOf(org.apache.kafka.common.errors.SerializationException.class)
                .hasMessage("empty value of topic orders")
                .hasCauseInstanceOf(SerializationException.class);
        assertThat(adapter.deserialize("orders", "AB".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("ab");
    }

    @Test
    void theConfluentNamedClassesAreThinSubclassesOfTheAdapters() {
        assertThat(List.<Class<?>>of(
                        KafkaAvroSerializer.class, KafkaProtobufSerializer.class, KafkaJsonSchemaSerializer.class))
                .allSatisfy(type -> assertThat(type.getSuperclass()).isEqualTo(KafkaSerializerAdapter.class));
        assertThat(List.<Class<?>>of(
                        KafkaAvroDeserializer.class,
                        KafkaProtobufDeserializer.class,
                        KafkaJsonSchemaDeserializer.class))
                .allSatisfy(type -> assertThat(type.getSuperclass()).isEqualTo(KafkaDeserializerAdapter.class));
    }

    private final class Upper implements Serializer<String> {
        @Override
        public byte[] serialize(String topic, Headers headers, String data) {
            calls.add("serialize " + topic);
            return data.toUpperCase().getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public void close() {
            calls.add("close");
        }
    }

    private static final class Lower implements Deserializer<String> {
        @Override
        public String deserialize(String topic, Headers headers, byte[] data) {
            if (data.length == 0) {
                throw new SerializationException("empty value of topic " + topic);
            }
            return new String(data, StandardCharsets.UTF_8).toLowerCase();
        }
    }
}
