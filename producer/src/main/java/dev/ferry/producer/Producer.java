package dev.ferry.producer;

import dev.ferry.common.FerryException;
import dev.ferry.common.SerializationException;
import java.io.Closeable;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Sends records to Kafka: the interface of {@code FerryProducer}, shaped like kafka-clients'
 * {@code Producer} so code ports by changing imports.
 *
 * <pre>{@code
 * try (Producer<String, String> producer = new FerryProducer<>(Map.of(
 *         "bootstrap.servers", "localhost:9092",
 *         "key.serializer", StringSerializer.class.getName(),
 *         "value.serializer", StringSerializer.class.getName()))) {
 *     producer.send(new ProducerRecord<>("orders", "order-1", "{...}"))
 *             .thenAccept(md -> log.info("stored at {}-{}@{}", md.topic(), md.partition(), md.offset()));
 * }
 * }</pre>
 *
 * <p>Delivery failures (after retries until {@code delivery.timeout.ms}) arrive through the future
 * or callback as a {@link FerryException}, and so do a full buffer or unknown metadata past
 * {@code max.block.ms}, a record too large and a topic the brokers refuse, as in kafka-clients;
 * programmer errors (a null record, a closed producer, a serializer failure) are thrown by
 * {@code send()} itself.
 *
 * <p>Thread safety: a producer is thread-safe and meant to be shared by all threads of an
 * application. The transactional verbs must be called from one thread at a time.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public interface Producer<K, V> extends Closeable {

    /**
     * Queues the record for sending and returns at once, unless the buffer is full or the topic's
     * metadata is unknown: then it blocks up to {@code max.block.ms}.
     *
     * @return completes with the record's metadata once acknowledged, or exceptionally with a
     *         {@link FerryException}: a {@link TimeoutException} when buffer memory or metadata stayed
     *         unavailable for {@code max.block.ms}
     * @throws SerializationException   if the key or value cannot be serialized
     * @throws ProducerClosedException  if the producer is closed
     */
    CompletableFuture<RecordMetadata> send(ProducerRecord<K, V> record);

    /**
     * Like {@link #send(ProducerRecord)}, and also calls {@code callback} on the I/O thread when done.
     * As in kafka-clients, the returned future completes only after the callbacks of the record's
     * batch, its own among them, have run: a thread waiting in {@code get()} sees what they did.
     */
    CompletableFuture<RecordMetadata> send(ProducerRecord<K, V> record, Callback callback);

    /** Sends every queued record now and blocks until each has completed (delivered or failed). */
    void flush();

    /** The partitions of the topic, waiting up to {@code max.block.ms} for its metadata. */
    List<PartitionInfo> partitionsFor(String topic);

    /** A snapshot of the producer's metrics, keyed by the kafka-clients metric names. */
    Map<String, Double> metrics();

    /**
     * Registers the {@code transactional.id} with its coordinator, fencing older producers with the
     * same id and completing or aborting their open transaction. Call once, before any other
     * transactional verb.
     */
    void initTransactions();

    /** Starts a transaction; every record sent until commit or abort belongs to it. */
    void beginTransaction();

    /** Adds the consumer group's offsets to the current transaction, committed atomically with it. */
    void sendOffsetsToTransaction(Map<TopicPartition, OffsetAndMetadata> offsets, ConsumerGroupMetadata groupMetadata);

    /** Flushes and commits the current transaction. */
    void commitTransaction();

    /** Aborts the current transaction; its records will never be visible to read_committed consumers. */
    void abortTransaction();

    /** Flushes, completes every pending future and stops; waits as long as needed. */
    @Override
    void close();

    /**
     * Like {@link #close()}, but waits at most {@code timeout}; records still pending then fail with
     * {@link ProducerClosedException}. {@code Duration.ZERO} fails everything pending at once.
     */
    void close(Duration timeout);
}
