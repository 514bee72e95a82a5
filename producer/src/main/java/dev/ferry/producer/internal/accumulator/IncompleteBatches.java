package dev.ferry.producer.internal.accumulator;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The batches created and not yet released: what a flush waits for. Linked through the batches
 * themselves, so tracking one takes a short lock and allocates nothing; a concurrent set allocated
 * a node per batch and updated a size counter that the sending threads and the I/O thread shared,
 * which showed in both threads' profiles at small batches.
 *
 * <p>Thread-safe: every link is guarded by this object's monitor.
 */
final class IncompleteBatches {
    private ProducerBatch head;

    synchronized void add(ProducerBatch batch) {
        if (isTracked(batch)) {
            return;
        }
        batch.nextIncomplete = head;
        if (head != null) {
            head.previousIncomplete = batch;
        }
        head = batch;
    }

    /** Forgets a batch; one not tracked (already removed, or never added) is left alone. */
    synchronized void remove(ProducerBatch batch) {
        if (!isTracked(batch)) {
            return;
        }
        ProducerBatch previous = batch.previousIncomplete;
        ProducerBatch next = batch.nextIncomplete;
        if (previous == null) {
            head = next;
        } else {
            previous.nextIncomplete = next;
        }
        if (next != null) {
            next.previousIncomplete = previous;
        }
        batch.previousIncomplete = null;
        batch.nextIncomplete = null;
    }

    /** Only the head has no previous batch; a removed batch has its links cleared. */
    private boolean isTracked(ProducerBatch batch) {
        return batch == head || batch.previousIncomplete != null;
    }

    synchronized boolean isEmpty() {
        return head == null;
    }

    /** What completes each batch tracked now. */
    synchronized List<CompletableFuture<Void>> completions() {
        List<CompletableFuture<Void>> completions = new ArrayList<>();
        for (ProducerBatch batch = head; batch != null; batch = batch.nextIncomplete) {
            completions.add(batch.completion());
        }
        return completions;
    }
}
