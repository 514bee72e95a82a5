package dev.ferry.producer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The seed's RegionPartitioner is writable against this interface. */
class PartitionerTest {

    record UserEvent(String userRegion) {}

    static final class RegionPartitioner implements Partitioner {
        @Override
        public int partition(
                String topic, Object key, byte[] keyBytes, Object value, byte[] valueBytes, Cluster cluster) {
            int n = cluster.partitionCountForTopic(topic).orElseThrow();
            return switch (((UserEvent) value).userRegion()) {
                case "US" -> 0;
                case "EU" -> 1;
                case "ASIA" -> 2;
                default -> Partitioner.murmur2Partition(keyBytes, n);
            };
        }
    }

    @Test
    void regionPartitionerRoutesByValueAndFallsBackToKafkaKeyHash() {
        // given
        Node node = new Node(1, "b", 9092);
        List<PartitionInfo> partitions = java.util.stream.IntStream.range(0, 6)
                .mapToObj(p -> new PartitionInfo("users", p, node, List.of(node), List.of(node), List.of()))
                .toList();
        Cluster cluster = new Cluster("c", List.of(node), partitions);
        byte[] key = "user_123".getBytes(StandardCharsets.UTF_8);
        Partitioner partitioner = new RegionPartitioner();

        // when / then
        assertThat(partitioner.partition("users", "user_123", key, new UserEvent("EU"), null, cluster))
                .isEqualTo(1);
        assertThat(partitioner.partition("users", "user_123", key, new UserEvent("AFRICA"), null, cluster))
                .isEqualTo(org.apache.kafka.clients.producer.internals.BuiltInPartitioner.partitionForKey(key, 6));
    }
}
