package dev.ferry.examples.quickstart;

import dev.ferry.examples.internal.ExampleEnvironment;
import dev.ferry.examples.internal.LatencyRecorder;
import dev.ferry.examples.internal.ProgressBar;
import dev.ferry.examples.internal.SampleOrders;
import dev.ferry.producer.ProducerConfig;
import java.io.PrintStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.IntFunction;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * One format's round trip: send the orders through the generated topic binding (Ferry's producer
 * and serializer), read them back with a kafka-clients consumer through Ferry's deserializer, and
 * compare every record.
 *
 * @param <V> the generated OrderEvent class of the format
 */
final class RoundTrip<V> {
    static final int PARTITIONS = 3;
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration STALL_TIMEOUT = Duration.ofSeconds(30);

    private final String format;
    private final String topic;
    private final Function<ProducerConfig, BoundTopic<V>> binder;
    private final Deserializer<V> deserializer;
    private final IntFunction<V> orders;

    /**
     * @param format       the name shown
     * @param topic        the topic of the binding
     * @param binder       opens the generated binding of {@code topic} on a producer configuration
     * @param deserializer Ferry's kafka-clients adapter for the consumer
     * @param orders       order {@code i}
     */
    RoundTrip(
            String format,
            String topic,
            Function<ProducerConfig, BoundTopic<V>> binder,
            Deserializer<V> deserializer,
            IntFunction<V> orders) {
        this.format = format;
        this.topic = topic;
        this.binder = binder;
        this.deserializer = deserializer;
        this.orders = orders;
    }

    RoundTripResult run(ExampleEnvironment env, int records, PrintStream out) {
        env.createTopic(topic, PARTITIONS);
        Map<TopicPartition, Long> start = env.endOffsets(topic);
        ReadBackCheck<V> check = new ReadBackCheck<>(records, orders);
        LatencyRecorder latencies = new LatencyRecorder(records);
        AtomicInteger acknowledged = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        AtomicReference<String> firstFailure = new AtomicReference<>();
        AtomicLong lastAckNanos = new AtomicLong();

        ProgressBar sending = ProgressBar.start(out, String.format("%-9s sending", format), records, acknowledged::get);
        String subject;
        long sendStart = System.nanoTime();
        try (BoundTopic<V> bound = binder.apply(ProducerConfig.fromProperties(producerConfig(env)))) {
            subject = bound.subject();
            for (int i = 0; i < records; i++) {
                int index = i;
                latencies.sent(index);
                bound.send(orders.apply(index)).whenComplete((metadata, error) -> {
                    if (error == null) {
                        latencies.acknowledged(index);
                        check.acknowledged(index, metadata.partition(), metadata.offset());
                        acknowledged.incrementAndGet();
                    } else {
                        failed.incrementAndGet();
                        firstFailure.compareAndSet(null, SampleOrders.orderId(index) + ": " + error.getMessage());
                    }
                    lastAckNanos.set(System.nanoTime());
                });
            }
            bound.flush();
        } finally {
            sending.close();
        }
        double sendSeconds = (lastAckNanos.get() - sendStart) / 1e9;
        out.printf("  %-9s sent %,d orders to %s in %.2f s%n", format, acknowledged.get(), topic, sendSeconds);

        long bytes = readBack(env, start, check, out);
        ReadBackCheck.Verdict verdict = check.verdict();
        out.printf("  %-9s read %,d records back%n", format, verdict.read());
        return new RoundTripResult(
                format,
                topic,
                subject,
                env.registry().latest(subject).id(),
                records,
                failed.get(),
                Optional.ofNullable(firstFailure.get()),
                sendSeconds,
                latencies.percentileMillis(50),
                latencies.percentileMillis(99),
                verdict.read() == 0 ? 0 : (double) bytes / verdict.read(),
                verdict);
    }

    private Map<String, Object> producerConfig(ExampleEnvironment env) {
        Map<String, Object> config = new HashMap<>(env.kafkaConfig());
        config.put("bootstrap.servers", env.bootstrapServers());
        config.put("acks", "all");
        config.put("enable.idempotence", "true");
        config.put("compression.type", "lz4");
        config.put("linger.ms", "5");
        config.put("batch.size", "65536");
        config.putIfAbsent("client.id", "ferry-quickstart-" + format);
        return config;
    }

    /** Reads from the offsets before the run to the end, into {@code check}; returns the bytes read. */
    private long readBack(
            ExampleEnvironment env, Map<TopicPartition, Long> start, ReadBackCheck<V> check, PrintStream out) {
        Map<TopicPartition, Long> end = env.endOffsets(topic);
        long expected = end.entrySet().stream()
                .mapToLong(e -> e.getValue() - start.get(e.getKey()))
                .sum();
        AtomicLong read = new AtomicLong();
        long bytes = 0;
        ProgressBar reading = ProgressBar.start(out, String.format("%-9s reading", format), expected, read::get);
        try (KafkaConsumer<String, V> consumer =
                new KafkaConsumer<>(consumerConfig(env), new StringDeserializer(), deserializer)) {
            consumer.assign(start.keySet());
            start.forEach(consumer::seek);
            long lastProgress = System.nanoTime();
            while (!reachedEnd(consumer, end)) {
                ConsumerRecords<String, V> polled;
                try {
                    polled = consumer.poll(POLL);
                } catch (RecordDeserializationException e) {
                    check.unreadable(e.topicPartition().partition(), e.offset(), e.getMessage());
                    consumer.seek(e.topicPartition(), e.offset() + 1);
                    continue;
                }
                for (ConsumerRecord<String, V> record : polled) {
                    check.read(record.partition(), record.offset(), record.key(), record.value());
                    bytes += Math.max(0, record.serializedKeySize()) + Math.max(0, record.serializedValueSize());
                }
                read.addAndGet(polled.count());
                if (!polled.isEmpty()) {
                    lastProgress = System.nanoTime();
                } else if (System.nanoTime() - lastProgress > STALL_TIMEOUT.toNanos()) {
                    out.printf(
                            "  %-9s nothing more to read for %d s before reaching the end offsets %s; stopped%n",
                            format, STALL_TIMEOUT.toSeconds(), end);
                    break;
                }
            }
        } finally {
            reading.close();
        }
        return bytes;
    }

    private Map<String, Object> consumerConfig(ExampleEnvironment env) {
        Map<String, Object> config = new HashMap<>(env.kafkaConfig());
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, env.bootstrapServers());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        config.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "ferry-quickstart-reader-" + format);
        return config;
    }

    private static boolean reachedEnd(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
        return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    }
}
