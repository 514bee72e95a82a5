/**
 * Which partition a record goes to, as kafka-clients 4.x decides it:
 * {@link dev.ferry.producer.internal.partition.PartitionChooser} applies an explicit partition, the
 * user's partitioner, then {@code murmur2(key)}; records without a key (or with
 * {@code partitioner.ignore.keys}) go to the topic's
 * {@link dev.ferry.producer.internal.partition.StickyPartitioner} (KIP-480), weighted by queue
 * depth and broker availability when adaptive partitioning is on (KIP-794,
 * {@code UnkeyedPartitioning}, {@code PartitionLoadStats}, {@code BrokerAvailability}).
 *
 * <p>Threads: application threads choose partitions inside {@code send()}, lock-free; the sticky
 * choice is checked, used and counted under the accumulator's partition lock. The I/O thread
 * reports each readiness check and replaces the load stats (atomically) every round.
 */
package dev.ferry.producer.internal.partition;
