package dev.ferry.producer.internal.partition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.producer.Cluster;
import dev.ferry.producer.Partitioner;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.Test;

class PartitionChooserTest {
    private static final Cluster CLUSTER = TestClusters.cluster("t", 6, 2);
    private static final byte[] KEY = "user_123".getBytes(StandardCharsets.UTF_8);
    private static final Partitioner ALWAYS_4 = (topic, key, keyBytes, value, valueBytes, cluster) -> 4;

    @Test
    void explicitPartitionWinsOverEverything() {
        assertThat(new PartitionChooser(ALWAYS_4, false).choose("t", 5, "k", KEY, "v", null, CLUSTER))
                .isEqualTo(5);
    }

    @Test
    void customPartitionerWinsOverKeyHash() {
        assertThat(new PartitionChooser(ALWAYS_4, false).choose("t", null, "k", KEY, "v", null, CLUSTER))
                .isEqualTo(4);
    }

    @Test
    void keyedRecordsUseKafkaClientsHash() {
        assertThat(new PartitionChooser(null, false).choose("t", null, "k", KEY, "v", null, CLUSTER))
                .isEqualTo(BuiltInPartitioner.partitionForKey(KEY, 6));
    }

    @Test
    void unkeyedOrIgnoredKeysGoSticky() {
        assertThat(new PartitionChooser(null, false).choose("t", null, null, null, "v", null, CLUSTER))
                .isEqualTo(PartitionChooser.STICKY);
        assertThat(new PartitionChooser(null, true).choose("t", null, "k", KEY, "v", null, CLUSTER))
                .isEqualTo(PartitionChooser.STICKY);
    }

    @Test
    void outOfRangePartitionsNameTopicAndRange() {
        assertThatThrownBy(() -> new PartitionChooser(null, false).choose("t", 6, null, null, "v", null, CLUSTER))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("explicit partition")
                .hasMessageContaining("6")
                .hasMessageContaining("[0..6)")
                .hasMessageContaining("topic t");
        Partitioner broken = (topic, key, keyBytes, value, valueBytes, cluster) -> -3;
        assertThatThrownBy(() -> new PartitionChooser(broken, false).choose("t", null, null, null, "v", null, CLUSTER))
                .hasMessageContaining("-3")
                .hasMessageContaining(broken.getClass().getName());
    }
}
