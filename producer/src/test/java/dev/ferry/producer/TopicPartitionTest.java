package dev.ferry.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class TopicPartitionTest {

    @Test
    void printsLikeKafkaClients() {
        assertThat(new TopicPartition("orders", 3).toString())
                .isEqualTo(new org.apache.kafka.common.TopicPartition("orders", 3).toString());
    }

    @Test
    void equalByTopicAndPartition() {
        TopicPartition orders3 = new TopicPartition("orders", 3);
        TopicPartition same = new TopicPartition(new String("orders"), 3);

        assertThat(orders3).isEqualTo(same).hasSameHashCodeAs(same);
        assertThat(orders3)
                .isNotEqualTo(new TopicPartition("orders", 4))
                .isNotEqualTo(new TopicPartition("orderz", 3))
                .isNotEqualTo("orders-3")
                .isNotEqualTo(null);
        assertThat(new HashSet<>(List.of(orders3, new TopicPartition("orders", 4), same)))
                .hasSize(2);
    }

    @Test
    void rejectsNegativePartition() {
        assertThatThrownBy(() -> new TopicPartition("orders", -1))
                .hasMessageContaining("orders")
                .hasMessageContaining("-1");
    }
}
