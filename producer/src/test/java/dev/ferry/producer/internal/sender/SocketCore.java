package dev.ferry.producer.internal.sender;

import dev.ferry.producer.ProducerConfig;
import dev.ferry.producer.TopicPartition;
import dev.ferry.producer.internal.accumulator.RecordAccumulator;
import dev.ferry.producer.internal.accumulator.RecordFuture;
import dev.ferry.producer.internal.buffer.BufferPool;
import dev.ferry.producer.internal.metrics.ProducerMetrics;
import dev.ferry.producer.internal.partition.UnkeyedPartitioning;
import dev.ferry.producer.internal.record.Compression;
import dev.ferry.producer.internal.record.RecordHeader;
import java.nio.charset.StandardCharsets;
import java.util.function.LongSupplier;

/**
 * The producer's core wired as {@code FerryProducer} wires it, on real sockets and the real clock,
 * except that a new producer id's sequences start at {@code firstSequence}: a real broker sees the
 * producer cross the wrap at {@code Integer.MAX_VALUE} without being sent 2^31 records first (a
 * broker without state for a producer takes any first sequence). Records go straight into the
 * accumulator of a partition the test names, as {@code send()} puts them after partitioning.
 */
public final class SocketCore implements AutoCloseable {
    private static final LongSupplier NANO_CLOCK = System::nanoTime;
    private static final LongSupplier CLOCK = () -> NANO_CLOCK.getAsLong() / 1_000_000;
    private static final RecordHeader[] NO_HEADERS = new RecordHeader[0];

    private final ProducerConfig config;
    private final RecordAccumulator accumulator;
    private final ProducerMetadata metadata;
    private final Sender sender;
    private final Thread io;

    public SocketCore(ProducerConfig config, int firstSequence) {
        this.config = config;
        ProducerMetrics metrics = new ProducerMetrics(CLOCK);
        this.accumulator = new RecordAccumulator(
                new RecordAccumulator.Settings(
                        config.batchSize(), Compression.of(config), config.lingerMs(), config.deliveryTimeoutMs()),
                new BufferPool(config.bufferMemory(), config.batchSize(), NANO_CLOCK),
                CLOCK);
        this.metadata = ProducerMetadata.forConfig(config, ProducerCore.THREAD_LOCAL_RANDOM, CLOCK);
        ProducerCore core = ProducerCore.assemble(
                new ProducerCore.Parts(
                        config,
                        accumulator,
                        metadata,
                        CLOCK,
                        metrics,
                        null,
                        new UnkeyedPartitioning(config.batchSize(), false, 0),
                        ProducerCore.sockets(config, NANO_CLOCK, metrics),
                        ProducerCore.THREAD_LOCAL_RANDOM),
                InjectedDefect.NONE,
                firstSequence);
        this.sender = core.sender();
        this.io = new Thread(sender, "socket-core-io");
        io.setDaemon(true);
        io.start();
    }

    /** Appends a record to {@code partition} once its topic's metadata is known; {@code key} may be null. */
    public RecordFuture send(TopicPartition partition, String key, String value) {
        metadata.awaitTopic(partition.topic(), config.maxBlockMs(), sender::wakeup);
        RecordFuture future = accumulator.append(
                partition,
                System.currentTimeMillis(),
                key == null ? null : key.getBytes(StandardCharsets.UTF_8),
                value.getBytes(StandardCharsets.UTF_8),
                NO_HEADERS,
                null,
                config.maxBlockMs());
        sender.wakeup();
        return future;
    }

    /** A graceful close: what is queued or in flight is delivered or fails first. */
    @Override
    public void close() throws InterruptedException {
        sender.initiateClose();
        io.join(config.deliveryTimeoutMs() + 10_000L);
        if (io.isAlive()) {
            sender.forceClose();
            io.join();
        }
    }
}
