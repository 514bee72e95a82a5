package dev.ferry.producer.internal.accumulator;

/**
 * Decides, at drain time, whether a partition's oldest batch may go now and stamps it for its first
 * send. Idempotence and transactions live behind it: ordering across retries, sequence numbers,
 * partitions that must first be added to the transaction.
 */
public interface DrainGate {

    /** Whether the batch at the head of its partition's queue may be sent now. */
    boolean mayDrain(ProducerBatch head);

    /** Closes a batch that is sent for the first time: producer id, epoch, base sequence, transactional bit. */
    void stamp(ProducerBatch batch);
}
