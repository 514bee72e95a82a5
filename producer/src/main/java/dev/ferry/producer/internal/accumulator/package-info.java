/**
 * The per-partition queues of batches between {@code send()} and the I/O thread:
 * {@link dev.ferry.producer.internal.accumulator.RecordAccumulator} owns the queues,
 * {@link dev.ferry.producer.internal.accumulator.ProducerBatch} one partition's records with their
 * futures and callbacks, {@link dev.ferry.producer.internal.accumulator.RecordFuture} the future
 * {@code send()} returns, and {@link dev.ferry.producer.internal.accumulator.DrainGate} the hook
 * through which idempotence and transactions decide, at drain time, whether a batch may go (the
 * sender stamps and closes it afterwards, as it builds the request).
 *
 * <p>Threads: application threads append, each partition's queue guarded by its own monitor (the
 * queue itself); the I/O thread checks readiness, drains, re-enqueues retries, splits and expires
 * under the same monitors. Once drained, a batch is touched by the I/O thread only, which also
 * completes every {@code RecordFuture} and runs the callbacks.
 */
package dev.ferry.producer.internal.accumulator;
