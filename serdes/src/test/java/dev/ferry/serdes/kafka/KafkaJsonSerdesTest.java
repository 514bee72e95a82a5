package dev.ferry.serdes.kafka;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/** The plain JSON drop-ins configured from properties, as kafka-clients configures them. */
class KafkaJsonSerdesTest {

    @Test
    void aKeyThatCannotBeWrittenIsNamedAKey() {
        KafkaJsonSerializer<Object> keys = new KafkaJsonSerializer<>();
        keys.configure(Map.of(), true);

        assertThatThrownBy(() -> keys.serialize("orders", new Object()))
                .isInstanceOf(SerializationException.class)
                .hasMessageStartingWith("Cannot serialize key of topic 'orders' as JSON: ");
    }
}
