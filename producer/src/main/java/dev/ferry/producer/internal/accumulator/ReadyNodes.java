package dev.ferry.producer.internal.accumulator;

import java.util.Set;

/**
 * What the sender should do next: the brokers that lead partitions with sendable batches, how long
 * until another batch could become sendable, and topics whose partitions have no known leader.
 */
public record ReadyNodes(Set<Integer> nodes, long nextCheckDelayMs, Set<String> topicsWithoutLeader) {}
