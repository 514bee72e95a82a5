package dev.ferry.producer.internal.interceptor;

import static dev.ferry.producer.internal.PluginCalls.callEach;

import dev.ferry.common.Headers;
import dev.ferry.producer.ProducerInterceptor;
import dev.ferry.producer.ProducerRecord;
import dev.ferry.producer.RecordMetadata;
import dev.ferry.producer.TopicPartition;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the producer's interceptors in order with kafka-clients' rules: an exception from an
 * interceptor is logged and ignored, and a failing {@code onSend} passes on the record the previous
 * interceptor returned.
 *
 * <p>Thread safety: as thread-safe as the interceptors it calls.
 */
public final class ProducerInterceptors<K, V> {
    private static final Logger LOG = LoggerFactory.getLogger(ProducerInterceptors.class);

    private final List<ProducerInterceptor<K, V>> interceptors;

    public ProducerInterceptors(List<ProducerInterceptor<K, V>> interceptors) {
        this.interceptors = List.copyOf(interceptors);
    }

    /** The record after every interceptor's {@code onSend}. */
    public ProducerRecord<K, V> onSend(ProducerRecord<K, V> record) {
        ProducerRecord<K, V> intercepted = record;
        for (ProducerInterceptor<K, V> interceptor : interceptors) {
            try {
                ProducerRecord<K, V> changed = interceptor.onSend(intercepted);
                // a null would fail the send; kafka-clients would fail it with an NPE that blames no one
                if (changed == null) {
                    LOG.warn(
                            "Producer interceptor {} returned null from onSend for topic {}; the record is sent as it was",
                            interceptor.getClass().getName(),
                            record.topic());
                } else {
                    intercepted = changed;
                }
            } catch (Exception e) {
                LOG.warn(
                        "Producer interceptor {} failed in onSend for topic {}, partition {}; the record is sent as it was",
                        interceptor.getClass().getName(),
                        record.topic(),
                        record.partition(),
                        e);
            }
        }
        return intercepted;
    }

    /** Every interceptor's {@code onAcknowledgement} for a record that was acknowledged or failed. */
    public void onAcknowledgement(RecordMetadata metadata, Exception exception, Headers headers) {
        callEach(
                interceptors,
                interceptor -> interceptor.onAcknowledgement(metadata, exception, headers),
                LOG,
                "Producer interceptor {} failed in onAcknowledgement for {}-{}; the record is not affected",
                metadata.topic(),
                metadata.partition());
    }

    /**
     * A record failed inside {@code send()}: the interceptors learn it as an acknowledgement with
     * the partition, if one was chosen ({@code null} otherwise, then the record's own or
     * {@link RecordMetadata#UNKNOWN_PARTITION}).
     */
    public void onSendError(ProducerRecord<K, V> record, TopicPartition partition, Exception exception) {
        int partitionNumber = partition != null
                ? partition.partition()
                : record.partition() != null ? record.partition() : RecordMetadata.UNKNOWN_PARTITION;
        onAcknowledgement(failed(record.topic(), partitionNumber), exception, record.headers());
    }

    static RecordMetadata failed(String topic, int partition) {
        return new RecordMetadata(topic, partition, RecordMetadata.UNKNOWN_OFFSET, -1, -1, -1);
    }

    /** Closes every interceptor, logging a failure and going on to the next. */
    public void close() {
        callEach(interceptors, ProducerInterceptor::close, LOG, "Producer interceptor {} failed to close");
    }
}
