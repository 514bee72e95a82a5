/**
 * Record batches in Kafka's format (magic v2): {@code RecordBatchWriter} builds one batch,
 * {@code RecordBatchLayout} rewrites producer id, epoch and base sequence in a closed batch,
 * {@code RecordBatchReader} and {@code RecordBatchSplitter} read a batch back and split one the
 * broker rejected as too large, and the per-batch codecs (gzip, snappy, lz4, zstd) compress the
 * records section.
 *
 * <p>Threads: application threads append to a batch's writer under the accumulator's partition
 * lock; the I/O thread closes the batch when it drains it (compression, producer state, CRC),
 * restamps it after an epoch bump and splits it. {@code StagingBuffers} is thread-safe: buffers are
 * taken on application threads and given back on the I/O thread.
 */
package dev.ferry.producer.internal.record;
