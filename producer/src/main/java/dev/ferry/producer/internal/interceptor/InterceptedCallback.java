package dev.ferry.producer.internal.interceptor;

import dev.ferry.common.Headers;
import dev.ferry.producer.Callback;
import dev.ferry.producer.ProducerRecord;
import dev.ferry.producer.RecordMetadata;
import dev.ferry.producer.TopicPartition;
import dev.ferry.producer.internal.accumulator.AppendCallback;

/**
 * One record's completion with interceptors: the interceptors first, then the user's callback, as
 * kafka-clients' {@code AppendCallbacks}. It keeps the record's topic, headers and partition, not
 * the record, so a batch waiting for its acknowledgement does not hold keys and values.
 */
public final class InterceptedCallback<K, V> implements AppendCallback {
    private final ProducerInterceptors<K, V> interceptors;
    private final Callback userCallback;
    private final String topic;
    private final Headers headers;
    private final Integer requestedPartition;
    /**
     * Set under the partition queue's lock in {@code onAppend}; read after that lock by the I/O
     * thread, or by the sending thread that appended.
     */
    private TopicPartition partition;
    /** Set before the interceptors hear of the record, so that a throwing user callback does not make them hear twice. */
    private volatile boolean acknowledged;

    public InterceptedCallback(
            ProducerInterceptors<K, V> interceptors, Callback userCallback, ProducerRecord<K, V> record) {
        this.interceptors = interceptors;
        this.userCallback = userCallback;
        this.topic = record.topic();
        this.headers = record.headers();
        this.requestedPartition = record.partition();
    }

    @Override
    public void onAppend(TopicPartition partition) {
        this.partition = partition;
    }

    /** The partition the record joined, or null if it never joined a batch. */
    public TopicPartition partition() {
        return partition;
    }

    /** Whether the interceptors have heard of this record's outcome. */
    public boolean acknowledged() {
        return acknowledged;
    }

    private int failedPartition() {
        if (partition != null) {
            return partition.partition();
        }
        return requestedPartition != null ? requestedPartition : RecordMetadata.UNKNOWN_PARTITION;
    }

    @Override
    public void onCompletion(RecordMetadata metadata, Exception error) {
        acknowledged = true;
        interceptors.onAcknowledgement(
                metadata != null ? metadata : ProducerInterceptors.failed(topic, failedPartition()), error, headers);
        if (userCallback != null) {
            userCallback.onCompletion(metadata, error);
        }
    }
}
