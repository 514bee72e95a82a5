/**
 * The memory of batches waiting to be sent, bounded by {@code buffer.memory}:
 * {@link dev.ferry.producer.internal.buffer.BufferPool} reuses {@code batch.size} buffers and makes
 * {@code send()} block, first come first served, for up to {@code max.block.ms} when the memory is
 * used up.
 *
 * <p>Threads: application threads allocate (and give back a buffer an append did not use); the I/O
 * thread gives memory back when a batch is done; any thread reads the metrics. All state is guarded
 * by the pool's monitor, on which waiters wait.
 */
package dev.ferry.producer.internal.buffer;
