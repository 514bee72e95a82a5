package dev.ferry.producer.internal.sender;

/**
 * A known defect the deterministic simulation switches on in the real core to prove its invariants
 * catch it; {@link #NONE} everywhere else.
 *
 * <p>Why this shape: an enum of this package, passed only to the package-private
 * {@link ProducerCore#assemble(ProducerCore.Parts, InjectedDefect, int)}, so neither
 * {@code ProducerConfig} nor anything outside {@code internal.sender} can reach it; the public
 * {@code assemble} that {@code FerryProducer} calls always passes {@code NONE}. Each component keeps
 * it in a final field and compares it only on the error path it perverts, so production pays one
 * reference comparison where a failure is handled and nothing on the path of a record that succeeds.
 * One defect at a time is all the simulator asks for.
 */
enum InjectedDefect {
    NONE,
    /**
     * The epoch-bump rule before commit 27731b3: a batch that failed while it may be in the log
     * bumps the epoch at once, so later unacknowledged batches of its epoch (perhaps written) are
     * stamped again, and OUT_OF_ORDER_SEQUENCE_NUMBER for a batch known to be written restamps it;
     * nor was a batch that may still land under the old epoch held back then ({@link #RESTAMP_MAYBE_APPENDED}).
     */
    EAGER_EPOCH_BUMP,
    /** A batch that expired in flight does not give its memory back when its request returns. */
    LEAK_EXPIRED_IN_FLIGHT,
    /** An error that is not retriable (INVALID_RECORD, ...) is retried as if it were. */
    RETRY_NON_RETRIABLE,
    /** Graceful close stops once nothing is queued, abandoning the batches still in flight. */
    CLOSE_IGNORES_IN_FLIGHT,
    /**
     * The epoch-bump rule before the fix of seed 458600: a batch an unanswered attempt of which may
     * still land under the old epoch is stamped again under the new one.
     */
    RESTAMP_MAYBE_APPENDED
}
