package dev.ferry.producer;

import dev.ferry.common.Headers;
import java.util.Map;

/**
 * Sees, and may replace, every record before it is serialized and partitioned, and learns the
 * outcome of each: kafka-clients' {@code ProducerInterceptor} contract, for tracing headers, audit
 * and custom metrics. Name implementations in {@code interceptor.classes} (each needs a public
 * no-argument constructor and gets {@link #configure} with the producer's settings, including the
 * effective {@code client.id}), or pass instances to {@link FerryProducer.Builder#interceptor}.
 *
 * <pre>{@code
 * public final class TraceHeaderInterceptor implements ProducerInterceptor<String, Order> {
 *     public ProducerRecord<String, Order> onSend(ProducerRecord<String, Order> record) {
 *         record.headers().add("trace-id", Tracing.currentId());
 *         return record;
 *     }
 * }
 * }</pre>
 *
 * <ul>
 *   <li>{@link #onSend} runs on the thread calling {@code send()}, in the order the interceptors
 *       were configured, each getting the record the previous one returned. The partitioner and the
 *       serializers see the last record, so a changed key moves the record to the changed key's
 *       partition.</li>
 *   <li>{@link #onAcknowledgement(RecordMetadata, Exception, Headers)} runs once per record, on the
 *       I/O thread just before the record's callback, when the broker acknowledged it or it failed
 *       for good; and on the sending thread when {@code send()} itself fails (buffer full, record
 *       too large, serializer error, closed producer). On failure the metadata carries the topic
 *       and the partition if one was chosen ({@link RecordMetadata#UNKNOWN_PARTITION} otherwise),
 *       with -1 for the other fields.</li>
 *   <li>An exception thrown by any method is logged and ignored, as kafka-clients does: a failing
 *       {@code onSend} leaves the record as the previous interceptor returned it.</li>
 *   <li>{@link #close} is called once when the producer closes.</li>
 * </ul>
 *
 * <p>Thread safety: called from every sending thread and the I/O thread; implementations must be
 * thread-safe and quick, since {@code onAcknowledgement} delays every other delivery.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public interface ProducerInterceptor<K, V> extends AutoCloseable {

    /** The producer's settings by their kafka-clients names; called once, before any record, for interceptors named in the configuration. */
    default void configure(Map<String, ?> configs) {}

    /**
     * Called before the record is serialized and partitioned.
     *
     * @param record the record sent, or the one the previous interceptor returned
     * @return the record to send: this one, or a changed copy
     */
    ProducerRecord<K, V> onSend(ProducerRecord<K, V> record);

    /**
     * The record was acknowledged ({@code exception} null) or failed.
     *
     * @param metadata  where the record was stored; on failure only the topic and maybe the partition
     * @param exception why the record failed, or null
     */
    default void onAcknowledgement(RecordMetadata metadata, Exception exception) {}

    /**
     * Like {@link #onAcknowledgement(RecordMetadata, Exception)}, with the record's headers
     * (read-only); the producer calls this one, which calls the two-argument form by default.
     */
    default void onAcknowledgement(RecordMetadata metadata, Exception exception, Headers headers) {
        onAcknowledgement(metadata, exception);
    }

    /** Called once when the producer closes. */
    @Override
    default void close() {}
}
