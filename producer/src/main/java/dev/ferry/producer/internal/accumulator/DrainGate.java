package dev.ferry.producer.internal.accumulator;

/**
 * Decides, at drain time, whether a partition's oldest batch may go now. Idempotence and
 * transactions live behind it: ordering across retries, the five-batch limit per partition,
 * partitions that must first be added to the transaction. Stamping and compressing a drained batch
 * is the sender's request-building step, not the drain's.
 */
@FunctionalInterface
public interface DrainGate {

    /** Whether the batch at the head of its partition's queue may be sent now. */
    boolean mayDrain(ProducerBatch head);
}
