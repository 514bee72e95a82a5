package dev.ferry.examples.evolution;

import dev.ferry.common.Serializer;
import dev.ferry.examples.internal.ExampleEnvironment;
import dev.ferry.producer.FerryProducer;
import dev.ferry.producer.ProducerRecord;
import dev.ferry.producer.StringSerializer;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Creates a topic, writes single records with a producer of one schema version, and reads its raw frames back. */
final class EvolutionTopic {
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private EvolutionTopic() {}

    /** Creates the topic with one partition; returns its end offsets, where the example's records will start. */
    static Map<TopicPartition, Long> create(ExampleEnvironment env, String topic) {
        env.createTopic(topic, 1);
        return env.endOffsets(topic);
    }

    /** A record and the serializer of the schema version that writes it. */
    record Version<V>(Serializer<V> serializer, String key, V value) {}

    /** The frames of the record written with v1 and of the one written with v2, as read back. */
    record Written(byte[] withV1, byte[] withV2) {}

    /** Sends the v1 record, then the v2 one, each with its own producer; reads both frames back from {@code start}. */
    static Written writeBoth(
            ExampleEnvironment env, String topic, Map<TopicPartition, Long> start, Version<?> v1, Version<?> v2) {
        send(env, topic, v1);
        send(env, topic, v2);
        Map<String, byte[]> frames = read(env, topic, start);
        return new Written(frame(frames, topic, v1.key()), frame(frames, topic, v2.key()));
    }

    private static <V> void send(ExampleEnvironment env, String topic, Version<V> version) {
        send(env, topic, version.serializer(), version.key(), version.value());
    }

    /** Sends one record and waits for its acknowledgement, as an application on that schema version would. */
    static <V> void send(ExampleEnvironment env, String topic, Serializer<V> serializer, String key, V value) {
        Map<String, Object> config = new HashMap<>(env.kafkaConfig());
        config.put("bootstrap.servers", env.bootstrapServers());
        config.putIfAbsent("client.id", "ferry-evolution");
        try (FerryProducer<String, V> producer = new FerryProducer<>(config, new StringSerializer(), serializer)) {
            producer.send(new ProducerRecord<>(topic, key, value)).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "sending " + key + " to " + topic + " failed: "
                            + e.getCause().getMessage(),
                    e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException(e.getClass().getSimpleName() + " while sending " + key + " to " + topic, e);
        }
    }

    /** The frames (values as written) of every record from {@code start} to the end, by key. */
    static Map<String, byte[]> read(ExampleEnvironment env, String topic, Map<TopicPartition, Long> start) {
        Map<TopicPartition, Long> end = env.endOffsets(topic);
        Map<String, Object> config = new HashMap<>(env.kafkaConfig());
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, env.bootstrapServers());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        Map<String, byte[]> frames = new LinkedHashMap<>();
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(start.keySet());
            start.forEach(consumer::seek);
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic + " up to its end offsets " + end + " in "
                            + TIMEOUT.toSeconds() + " s");
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                    frames.put(record.key(), record.value());
                }
            }
        }
        return frames;
    }

    /** The schema id of a Confluent wire-format frame: bytes 1 to 4. */
    static int schemaId(byte[] frame) {
        return ByteBuffer.wrap(frame, 1, 4).getInt();
    }

    /** The frame of {@code key}, which must have been read. */
    static byte[] frame(Map<String, byte[]> frames, String topic, String key) {
        byte[] frame = frames.get(key);
        if (frame == null) {
            throw new IllegalStateException(
                    key + " was sent to " + topic + " but not read back; read " + frames.keySet());
        }
        return frame;
    }
}
