package dev.ferry.producer.internal.metrics;

import static dev.ferry.producer.internal.PluginCalls.callEach;

import dev.ferry.common.FerryException;
import dev.ferry.producer.ProducerListener;
import dev.ferry.producer.ProducerRecord;
import dev.ferry.producer.RecordMetadata;
import dev.ferry.producer.TopicPartition;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls the user's listeners in order and keeps their failures away from the producer: an exception
 * from a listener is logged with the listener's class and the event, then the next listener runs.
 *
 * <p>Thread safety: as thread-safe as the listeners it calls.
 */
public final class ListenerInvoker implements ProducerListener {
    private static final Logger LOG = LoggerFactory.getLogger(ListenerInvoker.class);
    private static final String FAILURE = "Producer listener {} failed in {} for {}; the record is not affected";

    private final List<ProducerListener> listeners;

    public ListenerInvoker(List<ProducerListener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    public boolean isEmpty() {
        return listeners.isEmpty();
    }

    @Override
    public void onSend(ProducerRecord<?, ?> record, TopicPartition partition) {
        callEach(listeners, l -> l.onSend(record, partition), LOG, FAILURE, "onSend", partition);
    }

    @Override
    public void onAcknowledgement(RecordMetadata metadata) {
        callEach(
                listeners,
                l -> l.onAcknowledgement(metadata),
                LOG,
                FAILURE,
                "onAcknowledgement",
                metadata.topicPartition());
    }

    @Override
    public void onError(TopicPartition partition, FerryException error) {
        callEach(listeners, l -> l.onError(partition, error), LOG, FAILURE, "onError", partition);
    }

    @Override
    public void onRetry(TopicPartition partition, int recordCount, int attempt, FerryException cause) {
        callEach(listeners, l -> l.onRetry(partition, recordCount, attempt, cause), LOG, FAILURE, "onRetry", partition);
    }
}
