package dev.ferry.producer;

/**
 * An exception that carries an error a Kafka broker returned, by its protocol name and code
 * (for example {@code NOT_LEADER_OR_FOLLOWER}, 6).
 *
 * <p>Implemented by {@link KafkaErrorException} (permanent) and {@link RetriableKafkaErrorException}
 * (transient), so callers can read the broker's error whichever branch of the exception tree it
 * sits in:
 *
 * <pre>{@code
 * if (error instanceof KafkaError kafka && kafka.errorCode() == 29) { ... } // TOPIC_AUTHORIZATION_FAILED
 * }</pre>
 */
public interface KafkaError {
    /** The error's name in the Kafka protocol, e.g. {@code INVALID_TOPIC_EXCEPTION}. */
    String errorName();

    /** The error's code in the Kafka protocol, e.g. {@code 17}. */
    short errorCode();
}
