package dev.ferry.producer;

import dev.ferry.common.Header;
import dev.ferry.common.Headers;
import dev.ferry.common.SerializationException;
import dev.ferry.common.Serializer;
import dev.ferry.producer.internal.accumulator.RecordAccumulator;
import dev.ferry.producer.internal.accumulator.RecordFuture;
import dev.ferry.producer.internal.buffer.BufferPool;
import dev.ferry.producer.internal.config.Plugins;
import dev.ferry.producer.internal.config.ProducerPlugins;
import dev.ferry.producer.internal.interceptor.InterceptedCallback;
import dev.ferry.producer.internal.interceptor.ProducerInterceptors;
import dev.ferry.producer.internal.metrics.AppInfo;
import dev.ferry.producer.internal.metrics.JmxReporter;
import dev.ferry.producer.internal.metrics.ListenerInvoker;
import dev.ferry.producer.internal.metrics.ProducerMetrics;
import dev.ferry.producer.internal.metrics.ProducerMetrics.TransactionCall;
import dev.ferry.producer.internal.metrics.ReporterBridge;
import dev.ferry.producer.internal.partition.PartitionChooser;
import dev.ferry.producer.internal.partition.TopicPartitions;
import dev.ferry.producer.internal.partition.UnkeyedPartitioning;
import dev.ferry.producer.internal.record.Compression;
import dev.ferry.producer.internal.record.RecordHeader;
import dev.ferry.producer.internal.sender.ProducerCore;
import dev.ferry.producer.internal.sender.ProducerMetadata;
import dev.ferry.producer.internal.sender.ProtocolWarmUp;
import dev.ferry.producer.internal.sender.Sender;
import dev.ferry.producer.internal.sender.TransactionManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
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
    /** The one time source of a producer: the buffer pool waits in its nanoseconds, everything else in its milliseconds. */
    private static final LongSupplier NANO_CLOCK = System::nanoTime;

    private static final LongSupplier CLOCK = () -> NANO_CLOCK.getAsLong() / 1_000_000;

    private final ProducerConfig config;
    private final Serializer<K> keySerializer;
    private final Serializer<V> valueSerializer;
    private final Partitioner customPartitioner;
    /** Null when no interceptor was configured, so the hot path skips them. */
    private final ProducerInterceptors<K, V> interceptors;

    private final PartitionChooser chooser;
    private final UnkeyedPartitioning unkeyed;
    private final BufferPool pool;
    private final ProducerMetrics metrics;
    /** Null with the JMX reporter turned off. */
    private final JmxReporter jmx;
    /** Null without metric reporters. */
    private final ReporterBridge reporters;
    /** Null when no listener was registered, so the hot path skips it. */
    private final ProducerListener listener;

    private final RecordAccumulator accumulator;
    private final ProducerMetadata metadata;
    private final Sender sender;
    /** Null without transactional.id. */
    private final TransactionManager transactions;

    private final Runnable wakeSender;
    private final TopicPartitions topicPartitions = new TopicPartitions();
    private final Thread ioThread;
    private final AtomicBoolean closed = new AtomicBoolean();

    /** A producer configured with kafka-clients' property names; serializers come from {@code key.serializer} / {@code value.serializer}. */
    public FerryProducer(Map<String, ?> configs) {
        this(builder(ProducerConfig.fromProperties(configs)));
    }

    public FerryProducer(Properties properties) {
        this(builder(ProducerConfig.fromProperties(properties)));
    }

    public FerryProducer(Map<String, ?> configs, Serializer<K> keySerializer, Serializer<V> valueSerializer) {
        this(FerryProducer.<K, V>builder(ProducerConfig.fromProperties(configs))
                .keySerializer(keySerializer)
                .valueSerializer(valueSerializer));
    }

    public FerryProducer(ProducerConfig config, Serializer<K> keySerializer, Serializer<V> valueSerializer) {
        this(FerryProducer.<K, V>builder(config).keySerializer(keySerializer).valueSerializer(valueSerializer));
    }

    private FerryProducer(Builder<K, V> builder) {
        this.config = builder.config.forNewProducer();
        this.keySerializer =
                ProducerPlugins.serializer(builder.keySerializer, config, "key.serializer", config.keySerializer());
        this.valueSerializer = ProducerPlugins.serializer(
                builder.valueSerializer, config, "value.serializer", config.valueSerializer());
        this.customPartitioner = builder.partitioner != null
                ? builder.partitioner
                : config.partitionerClass() == null
                        ? null
                        : Plugins.partitioner("partitioner.class", config.partitionerClass(), config.pluginConfigs());
        this.interceptors = ProducerPlugins.interceptors(config, builder.interceptors);
        this.chooser = new PartitionChooser(customPartitioner, config.partitionerIgnoreKeys());
        this.unkeyed = new UnkeyedPartitioning(
                config.batchSize(),
                config.partitionerAdaptivePartitioningEnable(),
                config.partitionerAvailabilityTimeoutMs());
        this.metrics = new ProducerMetrics(CLOCK);
        this.pool =
                new BufferPool(config.bufferMemory(), config.batchSize(), NANO_CLOCK, metrics::recordBufferPoolWait);
        metrics.bindBufferPool(pool);
        this.listener = builder.listeners.isEmpty() ? null : new ListenerInvoker(List.copyOf(builder.listeners));
        this.accumulator = new RecordAccumulator(
                new RecordAccumulator.Settings(
                        config.batchSize(), Compression.of(config), config.lingerMs(), config.deliveryTimeoutMs()),
                pool,
                CLOCK);
        this.metadata = ProducerMetadata.forConfig(config, ProducerCore.THREAD_LOCAL_RANDOM, CLOCK);
        metrics.gauge("metadata-age", () -> metadata.ageMs(CLOCK.getAsLong()) / 1000.0);
        ProducerCore core = ProducerCore.assemble(new ProducerCore.Parts(
                config,
                accumulator,
                metadata,
                CLOCK,
                metrics,
                listener,
                unkeyed,
                ProducerCore.sockets(config, NANO_CLOCK, metrics),
                ProducerCore.THREAD_LOCAL_RANDOM));
        this.sender = core.sender();
        this.transactions = core.transactions();
        this.wakeSender = sender::wakeup;
        this.ioThread = new Thread(sender, "ferry-producer-network-thread | " + config.clientId());
        this.ioThread.setDaemon(true);
        this.jmx = config.jmxReporterEnabled()
                ? JmxReporter.start(config.clientId(), metrics, new AppInfo(System.currentTimeMillis()))
                : null;
        List<MetricsReporter> metricsReporters = ProducerPlugins.metricsReporters(config, builder.metricsReporters);
        this.reporters =
                metricsReporters.isEmpty() ? null : ReporterBridge.start(config.clientId(), metrics, metricsReporters);
        this.ioThread.start();
        // while the I/O thread opens its first connection, so the two cold starts overlap
        ProtocolWarmUp.ensureDone();
    }

    /**
     * A typed way to build a producer, with what a properties map cannot carry: serializer and
     * partitioner instances, and listeners.
     *
     * <pre>{@code
     * FerryProducer<String, OrderEvent> producer = FerryProducer.<String, OrderEvent>builder(config)
     *         .keySerializer(new StringSerializer())
     *         .valueSerializer(orderSerializer)
     *         .listener(auditListener)
     *         .build();
     * }</pre>
     */
    public static <K, V> Builder<K, V> builder(ProducerConfig config) {
        return new Builder<>(Objects.requireNonNull(config, "config"));
    }

    @Override
    public CompletableFuture<RecordMetadata> send(ProducerRecord<K, V> record) {
        return send(record, null);
    }

    /**
     * {@inheritDoc}
     *
     * <p>With interceptors, each sees the record first and may replace it; the record they return is
     * the one serialized, partitioned and sent.
     */
    @Override
    public CompletableFuture<RecordMetadata> send(ProducerRecord<K, V> record, Callback callback) {
        Objects.requireNonNull(record, "record");
        if (interceptors == null) {
            return doSend(record, callback);
        }
        ProducerRecord<K, V> intercepted = interceptors.onSend(record);
        InterceptedCallback<K, V> completion = new InterceptedCallback<>(interceptors, callback, intercepted);
        try {
            return doSend(intercepted, completion);
        } catch (RuntimeException e) {
            if (!completion.acknowledged()) {
                interceptors.onSendError(intercepted, completion.partition(), e);
            }
            throw e;
        }
    }

    private CompletableFuture<RecordMetadata> doSend(ProducerRecord<K, V> record, Callback callback) {
        if (closed.get()) {
            throw new ProducerClosedException("Cannot send after the producer is closed");
        }
        if (transactions != null) {
            transactions.checkSendAllowed();
        }
        try {
            // max.block.ms covers the waits only, as in kafka-clients: the metadata wait here and the
            // wait for buffer memory in the accumulator. So a record whose topic is known reads the
            // clock once, for its timestamp unless it has one (the accumulator reads the monotonic
            // clock only for a record that starts a batch); each read costs 20-30 ns on a virtual
            // machine, about as much as encoding a 100 B record.
            long waitedMs = 0;
            Cluster cluster = metadata.clusterWithTopic(record.topic());
            Integer explicitPartition = record.partition();
            if (cluster == null
                    || (explicitPartition != null
                            && explicitPartition
                                    >= cluster.partitionsForTopic(record.topic())
                                            .size())) {
                long waitStartNs = NANO_CLOCK.getAsLong();
                cluster = metadata.awaitPartition(
                        record.topic(),
                        explicitPartition == null ? 0 : explicitPartition,
                        config.maxBlockMs(),
                        wakeSender);
                long waitedNs = NANO_CLOCK.getAsLong() - waitStartNs;
                metrics.recordMetadataWait(waitedNs);
                waitedMs = waitedNs / 1_000_000;
            }
            Headers headers = record.headers();
            byte[] key = serialize(keySerializer, record.topic(), headers, record.key(), "key");
            byte[] value = serialize(valueSerializer, record.topic(), headers, record.value(), "value");
            headers.setReadOnly();
            RecordHeader[] recordHeaders = recordHeaders(headers);
            checkSize(record.topic(), key, value, recordHeaders);
            int partition = chooser.choose(
                    record.topic(), record.partition(), record.key(), key, record.value(), value, cluster);
            long timestamp = record.timestamp() != null ? record.timestamp() : System.currentTimeMillis();
            long remainingMs = Math.max(0, config.maxBlockMs() - waitedMs);
            RecordFuture result;
            try {
                result = partition == PartitionChooser.STICKY
                        ? accumulator.appendSticky(
                                unkeyed.forTopic(record.topic()),
                                cluster,
                                timestamp,
                                key,
                                value,
                                recordHeaders,
                                callback,
                                remainingMs)
                        : accumulator.append(
                                topicPartitions.of(record.topic(), partition),
                                timestamp,
                                key,
                                value,
                                recordHeaders,
                                callback,
                                remainingMs);
            } catch (TimeoutException bufferFull) {
                metrics.recordBufferExhausted();
                throw bufferFull;
            }
            if (transactions != null) {
                transactions.addPartition(result.partition());
            }
            // not short-circuit: a record rarely fills a batch exactly, so on its own that test would be
            // a branch the JIT compiles as a trap, and its first hit would discard the compiled send()
            if (result.filledBatch() | result.newBatchCreated()) {
                sender.wakeup();
            }
            if (listener != null) {
                listener.onSend(record, result.partition());
            }
            return result;
        } catch (TimeoutException | RecordTooLargeException | KafkaErrorException | AuthenticationException e) {
            if (callback != null) {
                callback.onCompletion(null, e);
            }
            return CompletableFuture.failedFuture(e);
        }
    }

    private <T> byte[] serialize(Serializer<T> serializer, String topic, Headers headers, T data, String what) {
        try {
            return serializer.serialize(topic, headers, data);
        } catch (SerializationException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new SerializationException(
                    "Cannot serialize the " + what + " of a record for topic " + topic + " with "
                            + serializer.getClass().getName() + ": " + e.getMessage(),
                    e);
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
            throw new RecordTooLargeException(
                    "The message is " + size + " bytes when serialized which is larger than " + config.maxRequestSize()
                            + ", which is the value of the max.request.size configuration (topic " + topic + ").");
        }
        if (size > config.bufferMemory()) {
            throw new RecordTooLargeException(
                    "The message is " + size + " bytes when serialized which is larger than the total memory "
                            + "buffer you have configured with the buffer.memory configuration ("
                            + config.bufferMemory() + ").");
        }
    }

    @Override
    public void flush() {
        rejectOnIoThread("flush()");
        long startNs = NANO_CLOCK.getAsLong();
        CompletableFuture<Void> flushed = accumulator.beginFlush();
        sender.wakeup();
        try {
            flushed.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptException("interrupted while flushing", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("flush failed", e.getCause());
        } finally {
            metrics.recordFlushTime(NANO_CLOCK.getAsLong() - startNs);
        }
    }

    @Override
    public List<PartitionInfo> partitionsFor(String topic) {
        return metadata.awaitTopic(topic, config.maxBlockMs(), sender::wakeup).partitionsForTopic(topic);
    }

    /** A snapshot of the producer's metrics by their kafka-clients names (record-send-rate, request-latency-avg, ...). */
    @Override
    public Map<String, Double> metrics() {
        return metrics.snapshot();
    }

    /**
     * Registers {@code transactional.id} with its coordinator, fencing any older producer with the
     * same id and finishing its open transaction. Call once, before the first transaction.
     */
    @Override
    public void initTransactions() {
        rejectOnIoThread("initTransactions()");
        timed(TransactionCall.INIT, () -> await(transactions().initTransactions(), "InitProducerId"));
    }

    @Override
    public void beginTransaction() {
        timed(TransactionCall.BEGIN, () -> transactions().beginTransaction());
    }

    /**
     * Commits the consumer's offsets as part of the transaction, so input and output are committed
     * together (consume-transform-produce).
     */
    @Override
    public void sendOffsetsToTransaction(
            Map<TopicPartition, OffsetAndMetadata> offsets, ConsumerGroupMetadata groupMetadata) {
        rejectOnIoThread("sendOffsetsToTransaction()");
        Objects.requireNonNull(offsets, "offsets");
        Objects.requireNonNull(groupMetadata, "groupMetadata");
        TransactionManager transactions = transactions();
        timed(TransactionCall.SEND_OFFSETS, () -> {
            // TxnOffsetCommit v6 names topics by id, so the producer learns the input topics' ids first
            offsets.keySet().stream()
                    .map(TopicPartition::topic)
                    .distinct()
                    .forEach(topic -> metadata.awaitTopic(topic, config.maxBlockMs(), sender::wakeup));
            CompletableFuture<Void> committed = transactions.sendOffsets(offsets, groupMetadata);
            sender.wakeup();
            await(committed, "TxnOffsetCommit");
        });
    }

    /**
     * Sends what is queued, then commits: the transaction's records become visible to
     * {@code read_committed} consumers together. If any record of the transaction failed, this
     * throws and the transaction must be aborted. Waits up to {@code max.block.ms}; after a
     * {@link TimeoutException} call it again, which answers with the same commit's outcome.
     */
    @Override
    public void commitTransaction() {
        rejectOnIoThread("commitTransaction()");
        timed(TransactionCall.COMMIT, () -> {
            CompletableFuture<Void> committed = transactions().beginCommit();
            // the I/O thread sends EndTxn once every batch is done, so waiting for the commit waits for
            // them, and for no longer than max.block.ms (flush() would wait without a bound)
            accumulator.beginFlush();
            await(committed, "EndTxn (commit)");
        });
    }

    /** Drops what is not sent yet, waits for what is in flight, then aborts: nothing of the transaction becomes visible. */
    @Override
    public void abortTransaction() {
        rejectOnIoThread("abortTransaction()");
        timed(TransactionCall.ABORT, () -> {
            CompletableFuture<Void> aborted = transactions().beginAbort();
            sender.wakeup();
            await(aborted, "EndTxn (abort)");
        });
    }

    /** Counts the time a transactional call blocks, failed or not, as kafka-clients' txn-*-time-ns-total. */
    private void timed(TransactionCall call, Runnable work) {
        long startNs = NANO_CLOCK.getAsLong();
        try {
            work.run();
        } finally {
            metrics.recordTransactionTime(call, NANO_CLOCK.getAsLong() - startNs);
        }
    }

    /** The I/O thread runs the callbacks; a call that waits for it from there would wait forever. */
    private void rejectOnIoThread(String call) {
        if (Thread.currentThread() == ioThread) {
            throw new IllegalStateException(call + " called from a send callback would deadlock: the callback runs on "
                    + "the producer's I/O thread, which " + call + " waits for; call it from another thread");
        }
    }

    private TransactionManager transactions() {
        if (transactions == null) {
            throw new IllegalStateException(
                    "This producer has no transactional.id: transactional calls are not available");
        }
        if (closed.get()) {
            throw new IllegalStateException("Cannot perform a transactional call after the producer is closed");
        }
        return transactions;
    }

    private void await(CompletableFuture<Void> result, String what) {
        sender.wakeup();
        try {
            result.get(config.maxBlockMs(), TimeUnit.MILLISECONDS);
            transactions.outcomeSeen(result);
        } catch (java.util.concurrent.TimeoutException e) {
            transactions.callTimedOut(result);
            throw new TimeoutException("Timeout expired after " + config.maxBlockMs() + " ms while awaiting " + what
                    + " (max.block.ms); the call may be repeated");
        } catch (InterruptedException e) {
            transactions.callTimedOut(result);
            Thread.currentThread().interrupt();
            throw new InterruptException("interrupted while awaiting " + what, e);
        } catch (ExecutionException e) {
            transactions.outcomeSeen(result);
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw new IllegalStateException(what + " failed", e.getCause());
        }
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
        if (interceptors != null) {
            interceptors.close();
        }
        closeQuietly(keySerializer, "key serializer");
        closeQuietly(valueSerializer, "value serializer");
        closeQuietly(customPartitioner, "partitioner");
        closeQuietly(jmx, "JMX reporter");
        closeQuietly(reporters, "metric reporters");
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

    /** Builds a {@link FerryProducer}; see {@link FerryProducer#builder(ProducerConfig)}. Not thread-safe. */
    public static final class Builder<K, V> {
        private final ProducerConfig config;
        private Serializer<K> keySerializer;
        private Serializer<V> valueSerializer;
        private Partitioner partitioner;
        private final List<ProducerListener> listeners = new ArrayList<>();
        private final List<ProducerInterceptor<K, V>> interceptors = new ArrayList<>();
        private final List<MetricsReporter> metricsReporters = new ArrayList<>();

        private Builder(ProducerConfig config) {
            this.config = config;
        }

        /** The key serializer; without one, {@code key.serializer} names its class. */
        public Builder<K, V> keySerializer(Serializer<K> serializer) {
            this.keySerializer = serializer;
            return this;
        }

        /** The value serializer; without one, {@code value.serializer} names its class. */
        public Builder<K, V> valueSerializer(Serializer<V> serializer) {
            this.valueSerializer = serializer;
            return this;
        }

        /** A partitioner instance; it takes precedence over {@code partitioner.class}. */
        public Builder<K, V> partitioner(Partitioner partitioner) {
            this.partitioner = Objects.requireNonNull(partitioner, "partitioner");
            return this;
        }

        /** Adds a listener; listeners are called in the order they were added. */
        public Builder<K, V> listener(ProducerListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * Adds an interceptor instance, called after those of {@code interceptor.classes}, in the
         * order added; the producer closes it but does not call its {@code configure}.
         */
        public Builder<K, V> interceptor(ProducerInterceptor<K, V> interceptor) {
            interceptors.add(Objects.requireNonNull(interceptor, "interceptor"));
            return this;
        }

        /**
         * Adds a metrics reporter instance, besides those of {@code metric.reporters}; the producer
         * closes it but does not call its {@code configure}.
         */
        public Builder<K, V> metricsReporter(MetricsReporter reporter) {
            metricsReporters.add(Objects.requireNonNull(reporter, "reporter"));
            return this;
        }

        public FerryProducer<K, V> build() {
            return new FerryProducer<>(this);
        }
    }
}
