package dev.ferry.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.common.Headers;
import org.junit.jupiter.api.Test;

class ProducerRecordTest {

    @Test
    void convenienceConstructorsLeaveUnsetFieldsNullAndHeadersEmpty() {
        // when
        ProducerRecord<String, String> valueOnly = new ProducerRecord<>("orders", "v");
        ProducerRecord<String, String> keyed = new ProducerRecord<>("orders", "k", "v");
        ProducerRecord<String, String> explicit = new ProducerRecord<>("orders", 3, 1000L, "k", "v");

        // then
        assertThat(valueOnly.key()).isNull();
        assertThat(valueOnly.partition()).isNull();
        assertThat(valueOnly.timestamp()).isNull();
        assertThat(valueOnly.headers()).isEmpty();
        assertThat(keyed.key()).isEqualTo("k");
        assertThat(keyed.partition()).isNull();
        assertThat(explicit.partition()).isEqualTo(3);
        assertThat(explicit.timestamp()).isEqualTo(1000L);
    }

    @Test
    void keepsGivenHeaders() {
        Headers headers = new Headers().add("h", "1");
        assertThat(new ProducerRecord<>("t", null, "k", "v", headers).headers()).isSameAs(headers);
    }

    @Test
    void rejectsInvalidFieldsNamingTopic() {
        assertThatThrownBy(() -> new ProducerRecord<>(null, "v"))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("topic");
        assertThatThrownBy(() -> new ProducerRecord<>("orders", -1, "k", "v"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("orders")
                .hasMessageContaining("-1");
        assertThatThrownBy(() -> new ProducerRecord<>("orders", null, -5L, "k", "v"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("timestamp")
                .hasMessageContaining("-5");
    }

    @Test
    void equalityIsByValue() {
        assertThat(new ProducerRecord<>("t", 1, 2L, "k", "v")).isEqualTo(new ProducerRecord<>("t", 1, 2L, "k", "v"));
    }
}
