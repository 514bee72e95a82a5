package dev.ferry.producer;

import dev.ferry.producer.internal.accumulator.RecordAccumulator;
import dev.ferry.producer.internal.buffer.BufferPool;
import dev.ferry.producer.internal.partition.PartitionChooser;
import dev.ferry.producer.internal.partition.StickyPartitioner;
import dev.ferry.producer.internal.record.Compression;
import dev.ferry.producer.internal.record.RecordHeader;
import dev.ferry.producer.internal.sender.ProducerMetadata;
import dev.ferry.producer.internal.sender.Sender;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ferry's Kafka producer: sends records to Apache Kafka over the Kafka wire protocol, with the
 * behaviour and defaults of the Java client (acks=all, idempotence, sticky partitioning for records
 * without a key, murmur2 for records with one, batching, compression, retries until
 * {@code delivery.timeout.ms}).
 *
 * <pre>{@code
 * Map<String, Object> config = Map.of("bootstrap.servers", "localhost:9092", "compression.type", "lz4");
 * try (FerryProducer<String, String> producer =
 *          new FerryProducer<>(config, new StringSerializer(), new StringSerializer())) {
 *     producer.send(new ProducerRecord<>("orders", "order-17", "{...}"), (metadata, error) -> { ... });
 * }
 * }</pre>
 *
 * <p>{@code send} returns at once with a future; the records are delivered by one background I/O
 * thread. Failures of delivery are reported through the future and the callback; misuse (a null
 * record, a closed producer, a record that cannot be serialized) is thrown at once. A producer is
 * thread-safe and meant to be shared: one per application is usually right. Callbacks run on the
 * I/O thread and should be quick.
 */
public final class FerryProducer<K, V> implements Producer<K, V> {
    private static final Logger LOG = LoggerFactory.getLogger(FerryProducer.class);
    private static final RecordHeader[] NO_HEADERS = new RecordHeader[0];

    private final ProducerConfig config;
    private final Serializer<K> keySerializer;
    private final Serializer<V> valueSerializer;
    private final Partitioner customPartitioner;
    private final PartitionChooser chooser;
    private final ConcurrentMap<String, StickyPartitioner> stickyPartitioners = new ConcurrentHashMap<>();
    private final BufferPool pool;
    private final RecordAccumulator accumulator;
    private final ProducerMetadata metadata;
    private final Sender sender;
    private final Thread ioThread;
    private final AtomicBoolean closed = new AtomicBoolean();

    /** A producer configured with kafka-clients' property names; serializers come from {@code key.serializer} / {@code value.serializer}. */
    public FerryProducer(Map<String, ?> configs) {
        this(ProducerConfig.fromProperties(configs), null, null);
    }

    public FerryProducer(Properties properties) {
        this(ProducerConfig.fromProperties(properties), null, null);
    }

    public FerryProducer(Map<String, ?> configs, Serializer<K> keySerializer, Serializer<V> valueSerializer) {
        this(ProducerConfig.fromProperties(configs), keySerializer, valueSerializer);
    }

    public FerryProducer(ProducerConfig config, Serializer<K> keySerializer, Serializer<V> valueSerializer) {
        this.config = Objects.requireNonNull(config, "config");
        if (config.transactionalId() != null) {
            throw new ConfigException("transactional.id", config.transactionalId(),
                    "transactions are not available in this version of Ferry; remove transactional.id");
        }
        this.keySerializer = keySerializer != null ? keySerializer : Plugins.serializer(config, config.keySerializer(), "key.serializer", true);
        this.valueSerializer = valueSerializer != null ? valueSerializer : Plugins.serializer(config, config.valueSerializer(), "value.serializer", false);
        this.customPartitioner = Plugins.partitioner(config);
        this.chooser = new PartitionChooser(customPartitioner, config.partitionerIgnoreKeys());
        this.pool = new BufferPool(config.bufferMemory(), config.batchSize(), System::nanoTime);
        this.accumulator = new RecordAccumulator(new RecordAccumulator.Settings(config.batchSize(), compression(config),
                config.lingerMs(), config.deliveryTimeoutMs()), pool);
        this.metadata = new ProducerMetadata(config.metadataMaxAgeMs());
        this.sender = new Sender(config, accumulator, metadata, FerryProducer::nowMs);
        this.ioThread = new Thread(sender, "ferry-producer-network-thread | " + config.clientId());
        this.ioThread.setDaemon(true);
        this.ioThread.start();
    }

    private static long nowMs() {
        return System.nanoTime() / 1_000_000;
    }

    private static Compression compression(ProducerConfig config) {
        var type = dev.ferry.producer.internal.record.CompressionType.valueOf(config.compressionType().name());
        return switch (config.compressionType()) {
            case GZIP -> Compression.of(type, config.compressionGzipLevel());
            case LZ4 -> Compression.of(type, config.compressionLz4Level());
            case ZSTD -> Compression.of(type, config.compressionZstdLevel());
            default -> Compression.of(type);
        };
    }

    @Override
    public CompletableFuture<RecordMetadata> send(ProducerRecord<K, V> record) {
        return send(record, null);
    }

    @Override
    public CompletableFuture<RecordMetadata> send(ProducerRecord<K, V> record, Callback callback) {
        Objects.requireNonNull(record, "record");
        if (closed.get()) {
            throw new ProducerClosedException("Cannot send after the producer is closed");
        }
        long startNs = System.nanoTime();
        try {
            Cluster cluster = metadata.awaitTopic(record.topic(), config.maxBlockMs(), sender::wakeup);
            Headers headers = record.headers();
            byte[] key = serialize(keySerializer, record.topic(), headers, record.key(), "key");
            byte[] value = serialize(valueSerializer, record.topic(), headers, record.value(), "value");
            RecordHeader[] recordHeaders = recordHeaders(headers);
            checkSize(record.topic(), key, value, recordHeaders);
            int partition = chooser.choose(record.topic(), record.partition(), record.key(), key, record.value(), value, cluster);
            long timestamp = record.timestamp() != null ? record.timestamp() : System.currentTimeMillis();
            long remainingMs = Math.max(0, config.maxBlockMs() - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs));
            RecordAccumulator.AppendResult result = partition == PartitionChooser.STICKY
                    ? appendSticky(record.topic(), cluster, timestamp, key, value, recordHeaders, callback, remainingMs)
                    : accumulator.append(new TopicPartition(record.topic(), partition), timestamp, key, value, recordHeaders,
                            callback, remainingMs, nowMs());
            if (result.batchFull() || result.newBatchCreated()) {
                sender.wakeup();
            }
            return result.future();
        } catch (TimeoutException | RecordTooLargeException | KafkaErrorException e) {
            if (callback != null) {
                callback.onCompletion(null, e);
            }
            return CompletableFuture.failedFuture(e);
        }
    }

    private RecordAccumulator.AppendResult appendSticky(String topic, Cluster cluster, long timestamp, byte[] key, byte[] value,
                                                        RecordHeader[] headers, Callback callback, long maxBlockMs) {
        StickyPartitioner sticky = stickyPartitioners.computeIfAbsent(topic,
                t -> new StickyPartitioner(t, config.batchSize(), () -> ThreadLocalRandom.current().nextInt(Integer.MAX_VALUE)));
        StickyPartitioner.Sticky current = sticky.current(cluster);
        RecordAccumulator.AppendResult result = accumulator.append(new TopicPartition(topic, current.partition()), timestamp,
                key, value, headers, callback, maxBlockMs, nowMs());
        sticky.onAppend(current, (key == null ? 0 : key.length) + (value == null ? 0 : value.length), cluster, result.batchFull());
        return result;
    }

    private <T> byte[] serialize(Serializer<T> serializer, String topic, Headers headers, T data, String what) {
        try {
            return serializer.serialize(topic, headers, data);
        } catch (SerializationException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new SerializationException("Cannot serialize the " + what + " of a record for topic " + topic + " with "
                    + serializer.getClass().getName() + ": " + e.getMessage(), e);
        }
    }

    private static RecordHeader[] recordHeaders(Headers headers) {
        if (headers == null || headers.isEmpty()) {
            return NO_HEADERS;
        }
        List<Header> list = headers.toList();
        RecordHeader[] converted = new RecordHeader[list.size()];
        for (int i = 0; i < converted.length; i++) {
            converted[i] = new RecordHeader(list.get(i).key(), list.get(i).value());
        }
        return converted;
    }

    private void checkSize(String topic, byte[] key, byte[] value, RecordHeader[] headers) {
        int size = dev.ferry.producer.internal.record.RecordBatchWriter.estimateSizeInBytes(key, value, headers);
        if (size > config.maxRequestSize()) {
            throw new RecordTooLargeException("The message is " + size + " bytes when serialized which is larger than "
                    + config.maxRequestSize() + ", which is the value of the max.request.size configuration (topic " + topic + ").");
        }
        if (size > config.bufferMemory()) {
            throw new RecordTooLargeException("The message is " + size + " bytes when serialized which is larger than the total memory "
                    + "buffer you have configured with the buffer.memory configuration (" + config.bufferMemory() + ").");
        }
    }

    @Override
    public void flush() {
        CompletableFuture<Void> flushed = accumulator.beginFlush();
        sender.wakeup();
        try {
            flushed.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptException("interrupted while flushing", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("flush failed", e.getCause());
        }
    }

    @Override
    public List<PartitionInfo> partitionsFor(String topic) {
        return metadata.awaitTopic(topic, config.maxBlockMs(), sender::wakeup).partitionsForTopic(topic);
    }

    @Override
    public Map<String, Double> metrics() {
        return Map.of(
                "buffer-total-bytes", (double) pool.totalMemory(),
                "buffer-available-bytes", (double) pool.availableMemory(),
                "bufferpool-wait-time-ns-total", (double) pool.waitTimeNanosTotal());
    }

    @Override
    public void initTransactions() {
        throw transactionsUnavailable();
    }

    @Override
    public void beginTransaction() {
        throw transactionsUnavailable();
    }

    @Override
    public void sendOffsetsToTransaction(Map<TopicPartition, OffsetAndMetadata> offsets, ConsumerGroupMetadata groupMetadata) {
        throw transactionsUnavailable();
    }

    @Override
    public void commitTransaction() {
        throw transactionsUnavailable();
    }

    @Override
    public void abortTransaction() {
        throw transactionsUnavailable();
    }

    private static IllegalStateException transactionsUnavailable() {
        return new IllegalStateException("This producer has no transactional.id; transactions are not available in this version of Ferry");
    }

    @Override
    public void close() {
        close(Duration.ofMillis(Long.MAX_VALUE));
    }

    /**
     * Sends what is queued and waits up to {@code timeout} for it; what is still pending then fails
     * with {@link ProducerClosedException}. {@code Duration.ZERO} fails everything pending at once.
     */
    @Override
    public void close(Duration timeout) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        boolean fromCallback = Thread.currentThread() == ioThread;
        if (timeout.isZero() || fromCallback) {
            if (fromCallback) {
                LOG.warn("close() called from a send callback: pending records fail instead of being sent");
            }
            sender.forceClose();
        } else {
            sender.initiateClose();
        }
        pool.close();
        if (!fromCallback) {
            join(timeout);
        }
        closeQuietly(keySerializer, "key serializer");
        closeQuietly(valueSerializer, "value serializer");
        closeQuietly(customPartitioner, "partitioner");
    }

    private void join(Duration timeout) {
        try {
            ioThread.join(Math.max(1, Math.min(timeout.toMillis(), Long.MAX_VALUE / 2)));
            if (ioThread.isAlive()) {
                sender.forceClose();
                ioThread.join();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            sender.forceClose();
            throw new InterruptException("interrupted while closing the producer", e);
        }
    }

    private static void closeQuietly(AutoCloseable closeable, String what) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception e) {
            LOG.warn("closing the {} failed", what, e);
        }
    }
}
