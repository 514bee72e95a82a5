package dev.ferry.producer;

import dev.ferry.common.FerryException;
import java.util.Objects;

/**
 * A permanent error returned by a Kafka broker, such as {@code INVALID_TOPIC_EXCEPTION} or
 * {@code TOPIC_AUTHORIZATION_FAILED}: retrying the same request cannot help.
 *
 * <p>The message names the error, its code and what was being done (topic, partition).
 *
 * <pre>{@code
 * catch (KafkaErrorException e) {
 *     log.error("rejected by the broker: {} ({})", e.errorName(), e.errorCode());
 * }
 * }</pre>
 *
 * <p>Thread safety: immutable.
 */
public class KafkaErrorException extends FerryException implements KafkaError {
    private static final long serialVersionUID = 1L;

    private final String errorName;
    private final short errorCode;

    /**
     * @param errorName the protocol name of the error, e.g. {@code INVALID_RECORD}
     * @param errorCode the protocol code of the error
     * @param context   what failed, e.g. {@code "producing to topic orders partition 2"}
     */
    public KafkaErrorException(String errorName, short errorCode, String context) {
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
