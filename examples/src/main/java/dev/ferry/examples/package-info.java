/**
 * Runnable examples of Ferry, each a {@code main} with a command in {@code examples/bin}:
 * {@link dev.ferry.examples.quickstart.Quickstart} (send, read back and compare typed OrderEvents),
 * {@code transactions} (consume, transform and produce exactly once), {@code partitioning} (a custom
 * partitioner routing by region) and {@code evolution} (OrderEvent v1 and v2 reading each other).
 * Each starts an embedded Kafka broker and the in-memory registry unless pointed at real ones.
 */
package dev.ferry.examples;
