package dev.ferry.producer.internal.accumulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.producer.Cluster;
import dev.ferry.producer.Node;
import dev.ferry.producer.PartitionInfo;
import dev.ferry.producer.TimeoutException;
import dev.ferry.producer.TopicPartition;
import dev.ferry.producer.internal.buffer.BufferPool;
import dev.ferry.producer.internal.record.BatchCodec;
import dev.ferry.producer.internal.record.Compression;
import dev.ferry.producer.internal.record.RecordHeader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.apache.kafka.common.record.internal.CompressionRatioEstimator;
import org.apache.kafka.common.record.internal.CompressionType;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A compressed topic whose batches wait (a broker down, {@code max.in.flight} reached): at a
 * compression estimate of about 1 % a 64 KiB batch takes about 6 MiB of records. They used to wait
 * uncompressed until their batch was drained, a full {@code buffer.memory} of such batches a hundred
 * times that; the staging buffers' limit then kept them to about {@code buffer.memory} more. Now a
 * full batch is compressed when it fills, and only the batches still filling stage their records.
 */
class CompressedBacklogTest {
    private static final String TOPIC = "json";
    private static final TopicPartition PARTITION = new TopicPartition(TOPIC, 0);
    private static final long MEMORY = 4L << 20;
    private static final int BATCH_SIZE = 64 * 1024;
    private static final long LINGER_FOREVER_MS = Long.MAX_VALUE / 4;
    private static final RecordHeader[] NO_HEADERS = new RecordHeader[0];
    /** A JSON-like value that lz4 compresses about a hundredfold in a batch of many. */
    private static final byte[] VALUE = "{\"orderId\":12345,\"status\":\"CREATED\",\"customer\":\"alice\"}"
            .repeat(20)
            .getBytes(StandardCharsets.UTF_8);

    private static final int DELIVERY_TIMEOUT_MS = 120_000;

    private final Cluster cluster = cluster();
    private long nowMs = 1_000_000;
    private BufferPool pool;

    /**
     * A full batch is compressed on the thread that filled it, and LZ4 compresses each full block
     * as it fills: records wait compressed, as in kafka-clients, a 64 KiB batch holding about 6 MiB
     * of them and buffer.memory a hundred times its size, and every one is in the batches.
     */
    @ParameterizedTest
    @EnumSource(
            value = BatchCodec.class,
            names = {"GZIP", "ZSTD", "LZ4", "SNAPPY"})
    void recordsWaitCompressedAndNoneIsLost(BatchCodec codec) {
        RecordAccumulator accumulator = accumulator(codec);
        assertThat(learnTheRatio(accumulator))
                .as("the topic's compression ratio")
                .isLessThan(0.1f);

        long waiting = fill(accumulator);
        assertThatThrownBy(() -> accumulator.append(PARTITION, nowMs, null, VALUE, NO_HEADERS, null, 0))
                .isInstanceOf(TimeoutException.class);

        assertThat(waiting * VALUE.length).as("uncompressed bytes waiting").isGreaterThan(10 * MEMORY);
        ReadyNodes ready = new ReadyNodes();
        accumulator.ready(cluster, nowMs, ready);
        assertThat(ready.nodes()).as("full batches do not linger").containsExactly(0);
        assertThat(drainAndRead(accumulator)).isEqualTo(waiting);
        assertThat(pool.availableMemory()).isEqualTo(pool.totalMemory());
    }

    /**
     * The topic's records stop compressing after it learned a ratio of about 1 %: its batches, filled
     * at that estimate, must not hold what they compress to on the heap past their buffers (which
     * {@code buffer.memory} counts) while they wait; what does not fit waits staged, bounded by the
     * staging limit (another {@code buffer.memory}) and a first buffer per batch. Every record reads back.
     */
    @ParameterizedTest
    @EnumSource(value = BatchCodec.class, mode = EnumSource.Mode.EXCLUDE, names = "NONE")
    void recordsThatStopCompressingWaitWithinTheMemoryLimits(BatchCodec codec) {
        RecordAccumulator accumulator = accumulator(codec);
        learnTheRatio(accumulator);
        Random random = new Random(7);
        List<byte[]> sent = new ArrayList<>();

        while (true) {
            byte[] value = new byte[VALUE.length];
            random.nextBytes(value);
            try {
                accumulator.append(PARTITION, nowMs, null, value, NO_HEADERS, null, 0);
            } catch (TimeoutException bufferFull) {
                break;
            }
            sent.add(value);
            assertThat(sent.size() * (long) VALUE.length)
                    .as("records' bytes waiting: buffer.memory, staging limit, a first staging buffer per batch")
                    .isLessThanOrEqualTo(3 * MEMORY);
        }

        List<byte[]> read = new ArrayList<>();
        while (accumulator.queuedBatches(TOPIC, 0) > 0) {
            for (ProducerBatch batch : drain(accumulator)) {
                batch.close(-1L, (short) -1, -1, false);
                for (Record record :
                        MemoryRecords.readableRecords(batch.bytes()).records()) {
                    read.add(Utils.toArray(record.value()));
                }
                complete(accumulator, batch);
            }
        }
        assertThat(read).containsExactlyElementsOf(sent);
        assertThat(pool.availableMemory()).isEqualTo(pool.totalMemory());
    }

    /** Batches that expire unsent give their staging buffers back: the next backlog is as large. */
    @ParameterizedTest
    @EnumSource(
            value = BatchCodec.class,
            names = {"GZIP", "LZ4"})
    void batchesDroppedUnsentGiveTheirStagingBack(BatchCodec codec) {
        RecordAccumulator accumulator = accumulator(codec);
        learnTheRatio(accumulator);
        long first = fill(accumulator);

        nowMs += DELIVERY_TIMEOUT_MS;
        List<ProducerBatch> expired = accumulator.expire(nowMs);
        assertThat(expired).isNotEmpty();
        expired.forEach(accumulator::release);
        long second = fill(accumulator);

        assertThat(second).isEqualTo(first);
    }

    private RecordAccumulator accumulator(BatchCodec codec) {
        pool = new BufferPool(MEMORY, BATCH_SIZE, () -> nowMs * 1_000_000);
        return new RecordAccumulator(
                new RecordAccumulator.Settings(
                        BATCH_SIZE, Compression.of(codec), LINGER_FOREVER_MS, DELIVERY_TIMEOUT_MS),
                pool,
                () -> nowMs);
    }

    /** Appends until buffer.memory is full; the records appended. */
    private long fill(RecordAccumulator accumulator) {
        long appended = 0;
        while (true) {
            try {
                accumulator.append(PARTITION, nowMs, null, VALUE, NO_HEADERS, null, 0);
            } catch (TimeoutException bufferFull) {
                return appended;
            }
            appended++;
            assertThat(appended).as("records before buffer.memory is full").isLessThan(1_000_000);
        }
    }

    /**
     * Batches sent until the topic's estimate reached their ratio, as after a while of sending (it
     * improves by at most 0.005 per batch); the estimate.
     */
    private float learnTheRatio(RecordAccumulator accumulator) {
        float estimate = accumulator.compressionRatioEstimate(TOPIC);
        for (int batches = 0; batches < 1_000; batches++) {
            sendOneBatch(accumulator, () -> VALUE);
            float next = accumulator.compressionRatioEstimate(TOPIC);
            boolean reached = estimate - next < 0.004f;
            estimate = next;
            if (reached) {
                break;
            }
        }
        drainAndRead(accumulator);
        return estimate;
    }

    /** Fills a batch with these values, closes it as the sender does (which updates the estimate) and releases it; its ratio. */
    private float sendOneBatch(RecordAccumulator accumulator, Supplier<byte[]> values) {
        while (accumulator.queuedBatches(TOPIC, 0) > 0) {
            // the last batch's partly filled successor, sent without counting it
            for (ProducerBatch batch : drain(accumulator)) {
                batch.close(-1L, (short) -1, -1, false);
                complete(accumulator, batch);
            }
        }
        while (accumulator.queuedBatches(TOPIC, 0) < 2) {
            accumulator.append(PARTITION, nowMs, null, values.get(), NO_HEADERS, null, 0);
        }
        ProducerBatch first = drain(accumulator).get(0);
        first.close(-1L, (short) -1, -1, false);
        accumulator.recordCompressionRatio(first);
        complete(accumulator, first);
        return first.compressionRatio();
    }

    /**
     * The estimate moves as kafka-clients' {@code CompressionRatioEstimator} moves for the same
     * ratios (the oracle): down by at most 0.005 per batch, up at once by at least 0.05.
     */
    @Test
    void theEstimateMovesAsKafkasEstimatorDoes() {
        RecordAccumulator accumulator = accumulator(BatchCodec.LZ4);
        String oracleTopic = "estimate-oracle-" + System.nanoTime();
        Random random = new Random(3);
        List<Supplier<byte[]>> kinds = List.of(() -> VALUE, () -> {
            byte[] noise = new byte[VALUE.length];
            random.nextBytes(noise);
            return noise;
        });
        int[] sequence = {0, 0, 0, 1, 0, 1, 1, 1, 0};
        for (int kind : sequence) {
            float observed = sendOneBatch(accumulator, kinds.get(kind));
            float expected = CompressionRatioEstimator.updateEstimation(oracleTopic, CompressionType.LZ4, observed);
            assertThat(accumulator.compressionRatioEstimate(TOPIC))
                    .as("after a batch of ratio %s", observed)
                    .isEqualTo(expected);
        }
        assertThat(accumulator.compressionRatioEstimate(TOPIC))
                .as("a fast rise, a slow fall")
                .isGreaterThan(1.0f);
    }

    /** Drains every batch, reads each with kafka-clients and releases it; the records read. */
    private long drainAndRead(RecordAccumulator accumulator) {
        long read = 0;
        while (accumulator.queuedBatches(TOPIC, 0) > 0) {
            for (ProducerBatch batch : drain(accumulator)) {
                batch.close(-1L, (short) -1, -1, false);
                for (Record record :
                        MemoryRecords.readableRecords(batch.bytes()).records()) {
                    ByteBuffer value = record.value();
                    assertThat(value).isEqualTo(ByteBuffer.wrap(VALUE));
                    read++;
                }
                complete(accumulator, batch);
            }
        }
        return read;
    }

    private List<ProducerBatch> drain(RecordAccumulator accumulator) {
        return accumulator.drain(cluster, 0, Integer.MAX_VALUE, nowMs, head -> true);
    }

    private static void complete(RecordAccumulator accumulator, ProducerBatch batch) {
        batch.complete(0, -1, null);
        accumulator.release(batch);
    }

    private static Cluster cluster() {
        Node broker = new Node(0, "broker0", 9092);
        List<PartitionInfo> partitions = new ArrayList<>();
        partitions.add(new PartitionInfo(TOPIC, 0, broker, List.of(broker), List.of(broker), List.of()));
        return new Cluster("test", List.of(broker), partitions);
    }
}
