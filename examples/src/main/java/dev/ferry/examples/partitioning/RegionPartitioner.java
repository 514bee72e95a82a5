package dev.ferry.examples.partitioning;

import dev.ferry.producer.Cluster;
import dev.ferry.producer.Partitioner;
import dev.ferry.schemas.avro.OrderEvent;

/**
 * The seed chapter's custom partitioner: orders from the US go to partition 0, from the EU to 1,
 * from ASIA to 2; orders from any other region are spread by key as the default partitioner does,
 * {@code murmur2(key) % partitions}.
 *
 * <pre>{@code
 * Map<String, Object> config = Map.of(
 *         "bootstrap.servers", "localhost:9092",
 *         "partitioner.class", "dev.ferry.examples.partitioning.RegionPartitioner");
 * }</pre>
 *
 * <p>It reads the region from the value, an Avro or Protobuf {@code OrderEvent} (version 1 or 2);
 * the topic needs at least three partitions. Stateless and thread-safe.
 */
public final class RegionPartitioner implements Partitioner {
    private static final int REGION_PARTITIONS = 3;

    @Override
    public int partition(String topic, Object key, byte[] keyBytes, Object value, byte[] valueBytes, Cluster cluster) {
        int partitions = cluster.partitionCountForTopic(topic)
                .orElseThrow(() -> new IllegalStateException("RegionPartitioner: no metadata for topic " + topic));
        if (partitions < REGION_PARTITIONS) {
            throw new IllegalStateException("RegionPartitioner needs at least " + REGION_PARTITIONS
                    + " partitions (US, EU, ASIA), " + "but topic " + topic + " has " + partitions);
        }
        String region = regionOf(value, topic);
        return switch (region) {
            case "US" -> 0;
            case "EU" -> 1;
            case "ASIA" -> 2;
            default -> {
                if (keyBytes == null) {
                    throw new IllegalArgumentException("RegionPartitioner: an order for topic " + topic
                            + " from region '" + region + "' has no key to spread it by");
                }
                yield Partitioner.murmur2Partition(keyBytes, partitions);
            }
        };
    }

    private static String regionOf(Object value, String topic) {
        if (value instanceof OrderEvent order) {
            return order.getCustomer().getRegion();
        }
        if (value instanceof dev.ferry.schemas.avro.v2.OrderEvent order) {
            return order.getCustomer().getRegion();
        }
        if (value instanceof dev.ferry.schemas.proto.OrderEvent order) {
            return order.getCustomer().getRegion();
        }
        if (value instanceof dev.ferry.schemas.proto.v2.OrderEvent order) {
            return order.getCustomer().getRegion();
        }
        throw new IllegalArgumentException("RegionPartitioner routes OrderEvents, but a record for topic " + topic
                + " has a " + (value == null ? "null value" : value.getClass().getName()));
    }
}
