package dev.ferry.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TopicPartitionTest {

    @Test
    void printsLikeKafkaClients() {
        assertThat(new TopicPartition("orders", 3).toString())
                .isEqualTo(new org.apache.kafka.common.TopicPartition("orders", 3).toString());
    }

    @Test
    void rejectsNegativePartition() {
        assertThatThrownBy(() -> new TopicPartition("orders", -1))
                .hasMessageContaining("orders")
                .hasMessageContaining("-1");
    }
}
