package dev.ferry.producer.internal.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.common.FerryException;
import dev.ferry.producer.ProducerListener;
import dev.ferry.producer.ProducerRecord;
import dev.ferry.producer.RecordMetadata;
import dev.ferry.producer.TopicPartition;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ListenerInvokerTest {
    private static final TopicPartition TP = new TopicPartition("t", 0);

    @Test
    void aFailingListenerDoesNotStopTheOthers() {
        // given a listener that throws before one that records
        List<String> events = new ArrayList<>();
        ProducerListener broken = new ProducerListener() {
            @Override
            public void onAcknowledgement(RecordMetadata metadata) {
                throw new IllegalStateException("listener bug");
            }

            @Override
            public void onSend(ProducerRecord<?, ?> record, TopicPartition partition) {
                throw new IllegalStateException("listener bug");
            }
        };
        ProducerListener recording = new ProducerListener() {
            @Override
            public void onSend(ProducerRecord<?, ?> record, TopicPartition partition) {
                events.add("send " + partition);
            }

            @Override
            public void onAcknowledgement(RecordMetadata metadata) {
                events.add("ack " + metadata.offset());
            }

            @Override
            public void onError(TopicPartition partition, FerryException error) {
                events.add("error " + error.getMessage());
            }

            @Override
            public void onRetry(TopicPartition partition, int recordCount, int attempt, FerryException cause) {
                events.add("retry " + recordCount + "x" + attempt);
            }
        };
        ListenerInvoker invoker = new ListenerInvoker(List.of(broken, recording));

        // when
        invoker.onSend(new ProducerRecord<>("t", "v"), TP);
        invoker.onAcknowledgement(new RecordMetadata("t", 0, 7, 1, -1, 1));
        invoker.onError(TP, new FerryException("boom"));
        invoker.onRetry(TP, 3, 2, new FerryException("again"));

        // then
        assertThat(events).containsExactly("send t-0", "ack 7", "error boom", "retry 3x2");
    }

    @Test
    void defaultMethodsDoNothing() {
        ListenerInvoker invoker = new ListenerInvoker(List.of(new ProducerListener() {}));
        invoker.onError(TP, new FerryException("x"));
        assertThat(invoker.isEmpty()).isFalse();
        assertThat(new ListenerInvoker(List.of()).isEmpty()).isTrue();
    }
}
