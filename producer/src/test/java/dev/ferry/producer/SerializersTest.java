package dev.ferry.producer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.common.Headers;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The built-in serializers produce exactly kafka-clients' bytes, and read them back. */
class SerializersTest {

    @ParameterizedTest
    @ValueSource(strings = {"", "orders", "é€😀", "a\u0000b"})
    void stringSerializerMatchesKafkaClients(String value) {
        byte[] ours = new StringSerializer().serialize("t", new Headers(), value);
        try (var theirs = new org.apache.kafka.common.serialization.StringSerializer()) {
            assertThat(ours).isEqualTo(theirs.serialize("t", value));
        }
        assertThat(new StringDeserializer().deserialize("t", new Headers(), ours))
                .isEqualTo(value);
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 1, -1, Long.MIN_VALUE, Long.MAX_VALUE, 0x0102030405060708L})
    void longSerializerMatchesKafkaClients(long value) {
        try (var theirs = new org.apache.kafka.common.serialization.LongSerializer()) {
            assertThat(new LongSerializer().serialize("t", new Headers(), value))
                    .isEqualTo(theirs.serialize("t", value));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, -1, Integer.MIN_VALUE, Integer.MAX_VALUE, 0x01020304})
    void integerSerializerMatchesKafkaClients(int value) {
        try (var theirs = new org.apache.kafka.common.serialization.IntegerSerializer()) {
            assertThat(new IntegerSerializer().serialize("t", new Headers(), value))
                    .isEqualTo(theirs.serialize("t", value));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc"})
    void byteArraysPassThrough(String value) {
        byte[] bytes = value.getBytes();
        assertThat(new ByteArraySerializer().serialize("t", new Headers(), bytes))
                .isSameAs(bytes);
        assertThat(new ByteArrayDeserializer().deserialize("t", new Headers(), bytes))
                .isSameAs(bytes);
    }

    @org.junit.jupiter.api.Test
    void nullStaysNull() {
        assertThat(new StringSerializer().serialize("t", new Headers(), null)).isNull();
        assertThat(new LongSerializer().serialize("t", new Headers(), null)).isNull();
        assertThat(new IntegerSerializer().serialize("t", new Headers(), null)).isNull();
        assertThat(new StringDeserializer().deserialize("t", new Headers(), null))
                .isNull();
    }
}
