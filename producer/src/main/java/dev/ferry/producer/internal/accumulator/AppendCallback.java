package dev.ferry.producer.internal.accumulator;

import dev.ferry.producer.Callback;
import dev.ferry.producer.TopicPartition;

/**
 * A callback that must learn its record's partition when the record joins a batch, as
 * kafka-clients' {@code AppendCallbacks.setPartition}: for records partitioned inside the
 * accumulator (sticky) nothing else knows it before the batch may already have failed.
 */
public interface AppendCallback extends Callback {

    /** Called under the partition queue's lock, before the batch can be drained. */
    void onAppend(TopicPartition partition);
}
