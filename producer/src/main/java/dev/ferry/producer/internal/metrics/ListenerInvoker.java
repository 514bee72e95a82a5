package dev.ferry.producer.internal.metrics;

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

    private final List<ProducerListener> listeners;

    public ListenerInvoker(List<ProducerListener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    public boolean isEmpty() {
        return listeners.isEmpty();
    }

    @Override
    public void onSend(ProducerRecord<?, ?> record, TopicPartition partition) {
        for (ProducerListener l : listeners) {
            try {
                l.onSend(record, partition);
            } catch (RuntimeException e) {
                logFailure(l, "onSend", partition, e);
            }
        }
    }

    @Override
    public void onAcknowledgement(RecordMetadata metadata) {
        for (ProducerListener l : listeners) {
            try {
                l.onAcknowledgement(metadata);
            } catch (RuntimeException e) {
                logFailure(l, "onAcknowledgement", metadata.topicPartition(), e);
            }
        }
    }

    @Override
    public void onError(TopicPartition partition, FerryException error) {
        for (ProducerListener l : listeners) {
            try {
                l.onError(partition, error);
            } catch (RuntimeException e) {
                logFailure(l, "onError", partition, e);
            }
        }
    }

    @Override
    public void onRetry(TopicPartition partition, int recordCount, int attempt, FerryException cause) {
        for (ProducerListener l : listeners) {
            try {
                l.onRetry(partition, recordCount, attempt, cause);
            } catch (RuntimeException e) {
                logFailure(l, "onRetry", partition, e);
            }
        }
    }

    private static void logFailure(
            ProducerListener listener, String event, TopicPartition partition, RuntimeException e) {
        LOG.warn(
                "Producer listener {} failed in {} for {}; the record is not affected",
                listener.getClass().getName(),
                event,
                partition,
                e);
    }
}
