package dev.ferry.producer.internal.partition;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.producer.TopicPartition;
import org.junit.jupiter.api.Test;

class TopicPartitionsTest {
    private final TopicPartitions partitions = new TopicPartitions();

    @Test
    void handsOutOneInstancePerPartition() {
        TopicPartition first = partitions.of("orders", 2);

        assertThat(partitions.of("orders", 2)).isSameAs(first).isEqualTo(new TopicPartition("orders", 2));
        assertThat(partitions.of("orders", 1))
                .isEqualTo(new TopicPartition("orders", 1))
                .isNotSameAs(first);
        assertThat(partitions.of("payments", 2)).isEqualTo(new TopicPartition("payments", 2));
    }

    @Test
    void keepsEarlierInstancesWhenATopicGrows() {
        TopicPartition first = partitions.of("orders", 0);

        TopicPartition grown = partitions.of("orders", 40);

        assertThat(grown).isEqualTo(new TopicPartition("orders", 40));
        assertThat(partitions.of("orders", 0)).isSameAs(first);
    }
}
