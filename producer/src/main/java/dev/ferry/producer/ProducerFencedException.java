package dev.ferry.producer;

/**
 * Another producer with the same {@code transactional.id} and a newer epoch has taken over
 * ({@code PRODUCER_FENCED} or {@code INVALID_PRODUCER_EPOCH}). Fatal: this producer can only be
 * closed.
 *
 * <pre>{@code
 * try { producer.commitTransaction(); }
 * catch (ProducerFencedException e) { producer.close(); } // a newer instance owns the id now
 * }</pre>
 *
 * <p>Thread safety: immutable.
 */
public class ProducerFencedException extends KafkaErrorException {
    private static final long serialVersionUID = 1L;

    public ProducerFencedException(String errorName, short errorCode, String context) {
        super(errorName, errorCode, context);
    }
}
