package dev.ferry.examples.transactions;

import dev.ferry.examples.internal.ExampleEnvironment;
import dev.ferry.examples.internal.SampleOrders;
import dev.ferry.schemas.avro.OrderEvent;
import dev.ferry.serdes.kafka.KafkaAvroDeserializer;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The output topic as one consumer sees it, from this run's start to its end: how many records,
 * which orders, and whether each is the PAID version of the order seeded.
 *
 * @param read         records read
 * @param distinct     distinct orders among them
 * @param duplicated   records of an order read before
 * @param missing      seeded orders not read
 * @param mismatched   records that are not the PAID version of a seeded order
 * @param firstProblem the first problem found
 */
record OutputCheck(int read, int distinct, int duplicated, int missing, int mismatched, Optional<String> firstProblem) {
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration STALL_TIMEOUT = Duration.ofSeconds(30);

    boolean exactlyOnce() {
        return duplicated == 0 && missing == 0 && mismatched == 0;
    }

    /** Reads {@code topic} from {@code start} to its current end with the given isolation level. */
    static OutputCheck read(ExampleEnvironment env, String topic, Map<TopicPartition, Long> start, int records,
            boolean readCommitted) {
        Map<TopicPartition, Long> end = env.endOffsets(topic);
        Map<String, Object> config = new HashMap<>(env.kafkaConfig());
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, env.bootstrapServers());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, readCommitted ? "read_committed" : "read_uncommitted");
        boolean[] seen = new boolean[records];
        int read = 0;
        int distinct = 0;
        int duplicated = 0;
        int mismatched = 0;
        String firstProblem = null;
        try (KafkaConsumer<String, OrderEvent> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new KafkaAvroDeserializer<OrderEvent>(env.registry(), Map.of("specific.avro.reader", true)))) {
            consumer.assign(start.keySet());
            start.forEach(consumer::seek);
            long lastProgress = System.nanoTime();
            while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
                var polled = consumer.poll(POLL);
                if (!polled.isEmpty()) {
                    lastProgress = System.nanoTime();
                } else if (System.nanoTime() - lastProgress > STALL_TIMEOUT.toNanos()) {
                    throw new IllegalStateException("nothing more to read from " + topic + " for " + STALL_TIMEOUT.toSeconds()
                            + " s before reaching its end offsets " + end);
                }
                for (ConsumerRecord<String, OrderEvent> record : polled) {
                    read++;
                    int index = SampleOrders.indexOf(record.key());
                    String where = topic + "-" + record.partition() + " offset " + record.offset();
                    if (index < 0 || index >= records) {
                        mismatched++;
                        firstProblem = firstProblem != null ? firstProblem : where + ": key '" + record.key() + "' was not seeded";
                    } else if (seen[index]) {
                        duplicated++;
                        firstProblem = firstProblem != null ? firstProblem : where + ": " + record.key() + " read a second time";
                    } else {
                        seen[index] = true;
                        distinct++;
                        if (!ConsumeTransformProduce.paid(SampleOrders.avro(index)).equals(record.value())) {
                            mismatched++;
                            firstProblem = firstProblem != null ? firstProblem
                                    : where + ": " + record.key() + " is not the PAID order seeded: " + record.value();
                        }
                    }
                }
            }
        }
        return new OutputCheck(read, distinct, duplicated, records - distinct, mismatched, Optional.ofNullable(firstProblem));
    }
}
