package dev.ferry.examples.internal;

import dev.ferry.schemas.avro.OrderEvent;
import dev.ferry.serdes.kafka.KafkaAvroDeserializer;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads what a run wrote to a topic of Avro OrderEvents: from the offsets taken before the run to
 * the end offsets taken now, with a kafka-clients consumer and Ferry's deserializer. Fails when
 * nothing more arrives for 30 s before the end is reached, so an example never hangs.
 */
public final class OrderTopicReader {
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration STALL_TIMEOUT = Duration.ofSeconds(30);

    private OrderTopicReader() {}

    /**
     * @param isolationLevel {@code read_committed} or {@code read_uncommitted}
     * @param each           called for every record, in the order polled
     */
    public static void read(
            ExampleEnvironment env,
            String topic,
            Map<TopicPartition, Long> start,
            String isolationLevel,
            Consumer<ConsumerRecord<String, OrderEvent>> each) {
        Map<TopicPartition, Long> end = env.endOffsets(topic);
        Map<String, Object> config = new HashMap<>(env.kafkaConfig());
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, env.bootstrapServers());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolationLevel);
        try (KafkaConsumer<String, OrderEvent> consumer = new KafkaConsumer<>(
                config,
                new StringDeserializer(),
                new KafkaAvroDeserializer<OrderEvent>(env.registry(), Map.of("specific.avro.reader", true)))) {
            consumer.assign(start.keySet());
            start.forEach(consumer::seek);
            long lastProgress = System.nanoTime();
            while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
                var polled = consumer.poll(POLL);
                if (!polled.isEmpty()) {
                    lastProgress = System.nanoTime();
                } else if (System.nanoTime() - lastProgress > STALL_TIMEOUT.toNanos()) {
                    throw new IllegalStateException("nothing more to read from " + topic + " for "
                            + STALL_TIMEOUT.toSeconds() + " s before reaching its end offsets " + end);
                }
                polled.forEach(each);
            }
        }
    }
}
