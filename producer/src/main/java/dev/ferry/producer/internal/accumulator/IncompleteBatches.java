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
 * <p>A ring around a fixed element: a tracked batch always has both neighbours, so adding and
 * removing never test whether the ring is empty or the batch at its end. Whether that is so
 * changes with the load, and the JIT compiles a branch it has not yet seen taken as a trap whose
 * first hit throws away the compiled send or response path.
 *
 * <p>Thread-safe: every link is guarded by this object's monitor.
 */
final class IncompleteBatches {
    private final Link ring = new Link();

    IncompleteBatches() {
        ring.previousIncomplete = ring;
        ring.nextIncomplete = ring;
    }

    synchronized void add(ProducerBatch batch) {
        if (batch.nextIncomplete != null) {
            return;
        }
        Link first = ring.nextIncomplete;
        batch.previousIncomplete = ring;
        batch.nextIncomplete = first;
        first.previousIncomplete = batch;
        ring.nextIncomplete = batch;
    }

    /** Forgets a batch; one not tracked (already removed, or never added) is left alone. */
    synchronized void remove(ProducerBatch batch) {
        Link next = batch.nextIncomplete;
        if (next == null) {
            return;
        }
        Link previous = batch.previousIncomplete;
        previous.nextIncomplete = next;
        next.previousIncomplete = previous;
        batch.previousIncomplete = null;
        batch.nextIncomplete = null;
    }

    synchronized boolean isEmpty() {
        return ring.nextIncomplete == ring;
    }

    /** What completes each batch tracked now. */
    synchronized List<CompletableFuture<Void>> completions() {
        List<CompletableFuture<Void>> completions = new ArrayList<>();
        for (Link link = ring.nextIncomplete; link != ring; link = link.nextIncomplete) {
            completions.add(((ProducerBatch) link).completion());
        }
        return completions;
    }

    /** A batch's place in the ring, and the ring's fixed element; both links are null while untracked. */
    static class Link {
        // guarded by the monitor of the IncompleteBatches that tracks the batch
        Link previousIncomplete;
        Link nextIncomplete;
    }
}
