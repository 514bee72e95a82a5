package dev.ferry.producer.internal.sender;

import dev.ferry.common.FerryException;
import dev.ferry.producer.ProducerListener;
import dev.ferry.producer.internal.accumulator.ProducerBatch;
import dev.ferry.producer.internal.accumulator.RecordAccumulator;
import dev.ferry.producer.internal.metrics.ProducerMetrics;
import java.util.function.IntFunction;

/**
 * The one way a batch fails for good, whatever failed it (a broker error, an expiry, an
 * authentication failure, an abort, a close): the transaction learns of it, the error metrics count
 * it, its futures and callbacks complete, the idempotence bookkeeping settles it, and its memory
 * goes back to the pool — or, while its request is still in the network, once that returns.
 * Every path that fails a batch goes through here, so none forgets a step (a forgotten release
 * leaks {@code buffer.memory} until {@code send()} blocks).
 *
 * <p>Confined to the I/O thread.
 */
final class BatchFailures {
    private final RecordAccumulator accumulator;
    private final IdempotenceState idempotence;
    /** Null for a producer without transactional.id. */
    private final TransactionManager transactions;

    private final ProducerMetrics metrics;
    /** Null when the user registered none. */
    private final ProducerListener listener;

    BatchFailures(
            RecordAccumulator accumulator,
            IdempotenceState idempotence,
            TransactionManager transactions,
            ProducerMetrics metrics,
            ProducerListener listener) {
        this.accumulator = accumulator;
        this.idempotence = idempotence;
        this.transactions = transactions;
        this.metrics = metrics;
        this.listener = listener;
    }

    /** Fails a batch that is not in the network: queued, or back from the broker. */
    void fail(ProducerBatch batch, FerryException cause) {
        fail(batch, cause, index -> cause);
    }

    /** As {@link #fail(ProducerBatch, FerryException)}, each record with its own cause. */
    void fail(ProducerBatch batch, FerryException cause, IntFunction<FerryException> causeOfRecord) {
        notifyTransaction(cause);
        complete(batch, causeOfRecord);
        idempotence.failed(batch);
        accumulator.release(batch);
    }

    /**
     * Fails a batch the idempotence bookkeeping let go of at an epoch bump (see
     * {@link IdempotenceState#maybeBumpEpoch}): it is taken off its queue, where it waited to be sent again.
     */
    void failNotStampedAgain(ProducerBatch batch, FerryException cause) {
        accumulator.remove(batch);
        notifyTransaction(cause);
        complete(batch, cause);
        accumulator.release(batch);
    }

    /**
     * Fails a batch whose request is still in the network (its delivery.timeout.ms passed): its
     * fate on the broker is unknown (see {@link IdempotenceState#unknownOutcome}), and its memory is
     * released when the request returns.
     */
    void failInFlight(ProducerBatch batch, FerryException cause) {
        notifyTransaction(cause);
        complete(batch, cause);
        idempotence.unknownOutcome(batch);
    }

    /**
     * Fails a queued batch because its transaction is being aborted: the transaction knows already,
     * unless the batch had gone out before and its request may still land.
     */
    void failForAbort(ProducerBatch batch, FerryException cause) {
        if (batch.attempts() > 0 && transactions != null) {
            transactions.onSentBatchAbandoned();
        }
        complete(batch, cause);
        idempotence.failed(batch);
        accumulator.release(batch);
    }

    private void notifyTransaction(FerryException cause) {
        // the transaction turns abortable before the future fails, so whoever the future wakes sees that state
        if (transactions != null) {
            transactions.onBatchFailed(cause);
        }
    }

    private void complete(ProducerBatch batch, FerryException cause) {
        complete(batch, index -> cause);
    }

    private void complete(ProducerBatch batch, IntFunction<FerryException> causeOfRecord) {
        metrics.recordErrors(batch.partition().topic(), batch.recordCount());
        batch.fail(causeOfRecord, listener);
    }
}
