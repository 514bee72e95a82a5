package dev.ferry.producer;

import java.util.Objects;

/**
 * A transient error returned by a Kafka broker, such as {@code NOT_LEADER_OR_FOLLOWER} or
 * {@code NOT_ENOUGH_REPLICAS}: the producer retries it until {@code delivery.timeout.ms}, and a
 * future fails with it only once that time is spent.
 *
 * <p>Thread safety: immutable.
 */
public class RetriableKafkaErrorException extends RetriableException implements KafkaError {
    private static final long serialVersionUID = 1L;

    private final String errorName;
    private final short errorCode;

    /**
     * @param errorName the protocol name of the error, e.g. {@code NOT_LEADER_OR_FOLLOWER}
     * @param errorCode the protocol code of the error
     * @param context   what failed, e.g. {@code "producing to topic orders partition 2"}
     */
    public RetriableKafkaErrorException(String errorName, short errorCode, String context) {
        super(KafkaErrors.describe(errorName, errorCode, context));
        this.errorName = Objects.requireNonNull(errorName, "errorName");
        this.errorCode = errorCode;
    }

    @Override
    public String errorName() {
        return errorName;
    }

    @Override
    public short errorCode() {
        return errorCode;
    }
}
