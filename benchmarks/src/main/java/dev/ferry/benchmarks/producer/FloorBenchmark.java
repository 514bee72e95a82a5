package dev.ferry.benchmarks.producer;

import dev.ferry.examples.perf.PerfPayloads;
import dev.ferry.producer.RecordMetadata;
import dev.ferry.producer.internal.protocol.ApiKey;
import dev.ferry.producer.internal.protocol.ProtocolWriter;
import dev.ferry.producer.internal.protocol.RequestCodec;
import dev.ferry.producer.internal.protocol.RequestHeader;
import dev.ferry.producer.internal.protocol.message.Produce;
import dev.ferry.producer.internal.record.BatchCodec;
import dev.ferry.producer.internal.record.Compression;
import dev.ferry.producer.internal.record.RecordBatchLayout;
import dev.ferry.producer.internal.record.RecordBatchWriter;
import dev.ferry.producer.internal.record.StagingBuffers;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MemoryRecordsBuilder;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The floor of issue #20: the client work per record that no producer can avoid in the goal
 * configuration (acks=all, idempotence, lz4, batch.size=64 KiB, 3 partitions, one broker), on the
 * records {@code ferry-perf} sends ({@link PerfPayloads}: no key, no headers, random capital
 * letters). Every benchmark is one record: work done once per batch or per request is done every
 * N-th record, N being how many records the batch or request holds, so each score is that work's
 * share per record.
 *
 * <ul>
 *   <li>{@code encode}: a CreateTime and the record copied into a 64 KiB batch with Ferry's
 *       {@link RecordBatchWriter}, codec none; closing the batch (header, CRC32C) included.
 *   <li>{@code encodeLz4}: the same with lz4 (the records staged, compressed at close): encoding,
 *       lz4 and CRC32C together, the batch part of the floor. Its lz4 share is
 *       {@code encodeLz4 - encode}.
 *   <li>{@code crc32c}: the CRC32C of a finished lz4 batch, its share per record.
 *   <li>{@code framing}: a Produce request of three such batches (one per partition) built and
 *       framed by {@link RequestCodec}, its share per record.
 *   <li>{@code completeFuture}: the record's future and its {@link RecordMetadata}, completed.
 *   <li>{@code kafkaEncode}, {@code kafkaEncodeLz4}: kafka-clients' {@link MemoryRecordsBuilder}
 *       doing what {@code encode} and {@code encodeLz4} do, the reference line.
 * </ul>
 *
 * <p>Floor per record = {@code encodeLz4 + framing + completeFuture}.
 *
 * <p>Run: {@code benchmarks/bin/run-jmh FloorBenchmark -f 1 -wi 3 -i 5 -w 2 -r 2 -prof gc}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class FloorBenchmark {
    private static final int BATCH_SIZE = 64 * 1024;
    private static final int PARTITIONS = 3;
    /** Distinct values cycled through: the first ones ferry-perf sends, more than fit in a batch. */
    private static final int VALUES = 4096;

    private static final Header[] NO_HEADERS = new Header[0];
    private static final Compression LZ4 = Compression.of(BatchCodec.LZ4);

    @Param({"100", "1000"})
    public int recordSize;

    private byte[][] values;
    private int next;

    private ByteBuffer ferryNoneBuffer;
    private RecordBatchWriter ferryNone;
    private ByteBuffer ferryLz4Buffer;
    private RecordBatchWriter ferryLz4;
    /** The lz4 ratio the producer learns from its batches, as its estimate for the next ones. */
    private float lz4Ratio;
    /** Where lz4 batches stage their records, reused as the accumulator reuses them. */
    private final StagingBuffers staging = new StagingBuffers(2, Long.MAX_VALUE);

    private ByteBuffer kafkaNoneBuffer;
    private MemoryRecordsBuilder kafkaNone;
    private ByteBuffer kafkaLz4Buffer;
    private MemoryRecordsBuilder kafkaLz4;
    private org.apache.kafka.common.compress.Compression kafkaLz4Compression;

    private ByteBuffer finishedBatch;
    private int recordsPerBatch;
    private int crcCountdown;
    private final ProtocolWriter protocolWriter = new ProtocolWriter();
    private final UUID topicId = UUID.randomUUID();
    private ByteBuffer[] requestBatches;
    private int correlationId;
    private int framingCountdown;

    @Setup(Level.Trial)
    public void setUp() {
        PerfPayloads payloads = new PerfPayloads();
        values = new byte[VALUES][];
        for (int i = 0; i < VALUES; i++) {
            values[i] = new byte[recordSize];
            payloads.next(values[i]);
        }
        kafkaLz4Compression =
                org.apache.kafka.common.compress.Compression.of("lz4").build();
        ferryNoneBuffer = ByteBuffer.allocate(BATCH_SIZE);
        ferryLz4Buffer = ByteBuffer.allocate(BATCH_SIZE);
        kafkaNoneBuffer = ByteBuffer.allocate(BATCH_SIZE);
        kafkaLz4Buffer = ByteBuffer.allocate(BATCH_SIZE);
        lz4Ratio = 1.0f;
        // two batches: the second is filled at the ratio the first one measured, as the producer does
        for (int round = 0; round < 2; round++) {
            RecordBatchWriter writer =
                    new RecordBatchWriter(ByteBuffer.allocate(BATCH_SIZE), LZ4, BATCH_SIZE, lz4Ratio);
            for (int i = 0; writer.tryAppend(1_700_000_000_000L + i, null, values[i % VALUES], null) >= 0; i++) {
                recordsPerBatch = i + 1;
            }
            finishedBatch = writer.close(1000L, (short) 0, 0, false);
            lz4Ratio = writer.actualCompressionRatio();
        }
        ferryNone = new RecordBatchWriter(ferryNoneBuffer.clear(), Compression.NONE, BATCH_SIZE, 1.0f);
        ferryLz4 = new RecordBatchWriter(ferryLz4Buffer.clear(), LZ4, BATCH_SIZE, lz4Ratio, staging);
        kafkaNone = kafkaBuilder(kafkaNoneBuffer, org.apache.kafka.common.compress.Compression.NONE);
        kafkaLz4 = kafkaBuilder(kafkaLz4Buffer, kafkaLz4Compression);
        kafkaLz4.setEstimatedCompressionRatio(lz4Ratio);
        requestBatches = new ByteBuffer[PARTITIONS];
        for (int p = 0; p < PARTITIONS; p++) {
            requestBatches[p] = finishedBatch.duplicate();
        }
        crcCountdown = recordsPerBatch;
        framingCountdown = recordsPerBatch * PARTITIONS;
        System.out.printf(
                "%nFloorBenchmark: %d B records, %d per 64 KiB lz4 batch (lz4 ratio %.3f)%n",
                recordSize, recordsPerBatch, lz4Ratio);
    }

    private static MemoryRecordsBuilder kafkaBuilder(
            ByteBuffer buffer, org.apache.kafka.common.compress.Compression compression) {
        buffer.clear();
        return MemoryRecords.builder(
                buffer, RecordBatch.CURRENT_MAGIC_VALUE, compression, TimestampType.CREATE_TIME, 0L);
    }

    private byte[] nextValue() {
        byte[] value = values[next];
        next = (next + 1) & (VALUES - 1);
        return value;
    }

    @Benchmark
    public Object encode() {
        byte[] value = nextValue();
        long timestamp = System.currentTimeMillis();
        if (ferryNone.tryAppend(timestamp, null, value, null) >= 0) {
            return ferryNone;
        }
        ByteBuffer batch = ferryNone.close(1000L, (short) 0, 0, false);
        ferryNone = new RecordBatchWriter(ferryNoneBuffer.clear(), Compression.NONE, BATCH_SIZE, 1.0f);
        ferryNone.tryAppend(timestamp, null, value, null);
        return batch;
    }

    @Benchmark
    public Object encodeLz4() {
        byte[] value = nextValue();
        long timestamp = System.currentTimeMillis();
        if (ferryLz4.tryAppend(timestamp, null, value, null) >= 0) {
            return ferryLz4;
        }
        ByteBuffer batch = ferryLz4.close(1000L, (short) 0, 0, false);
        lz4Ratio = ferryLz4.actualCompressionRatio();
        ferryLz4 = new RecordBatchWriter(ferryLz4Buffer.clear(), LZ4, BATCH_SIZE, lz4Ratio, staging);
        ferryLz4.tryAppend(timestamp, null, value, null);
        return batch;
    }

    @Benchmark
    public Object crc32c() {
        if (--crcCountdown == 0) {
            crcCountdown = recordsPerBatch;
            RecordBatchLayout.writeCrc(finishedBatch);
        }
        return finishedBatch;
    }

    @Benchmark
    public Object framing() {
        if (--framingCountdown > 0) {
            return protocolWriter;
        }
        framingCountdown = recordsPerBatch * PARTITIONS;
        // as Sender.sendProduce builds it: one topic, one batch per partition
        List<Produce.PartitionData> partitions = new ArrayList<>(PARTITIONS);
        for (int p = 0; p < PARTITIONS; p++) {
            partitions.add(new Produce.PartitionData(p, requestBatches[p]));
        }
        List<Produce.TopicData> topics = new ArrayList<>(1);
        topics.add(new Produce.TopicData("perf", topicId, partitions));
        Produce.Request request = new Produce.Request(null, (short) -1, 30_000, topics);
        return RequestCodec.encode(
                protocolWriter,
                new RequestHeader(ApiKey.PRODUCE, (short) 13, ++correlationId, "perf-producer-client"),
                request);
    }

    @Benchmark
    public Object completeFuture() {
        CompletableFuture<RecordMetadata> future = new CompletableFuture<>();
        future.complete(new RecordMetadata("perf", 1, 4242L, 1_700_000_000_000L, -1, recordSize));
        return future;
    }

    @Benchmark
    public Object kafkaEncode() {
        byte[] value = nextValue();
        long timestamp = System.currentTimeMillis();
        if (kafkaNone.hasRoomFor(timestamp, null, value, NO_HEADERS)) {
            kafkaNone.append(timestamp, null, value, NO_HEADERS);
            return kafkaNone;
        }
        kafkaNone.setProducerState(1000L, (short) 0, 0, false);
        kafkaNone.close();
        kafkaNone = kafkaBuilder(kafkaNoneBuffer, org.apache.kafka.common.compress.Compression.NONE);
        kafkaNone.append(timestamp, null, value, NO_HEADERS);
        return kafkaNone;
    }

    @Benchmark
    public Object kafkaEncodeLz4() {
        byte[] value = nextValue();
        long timestamp = System.currentTimeMillis();
        if (kafkaLz4.hasRoomFor(timestamp, null, value, NO_HEADERS)) {
            kafkaLz4.append(timestamp, null, value, NO_HEADERS);
            return kafkaLz4;
        }
        kafkaLz4.setProducerState(1000L, (short) 0, 0, false);
        kafkaLz4.close();
        float ratio = (float) kafkaLz4.compressionRatio();
        kafkaLz4 = kafkaBuilder(kafkaLz4Buffer, kafkaLz4Compression);
        kafkaLz4.setEstimatedCompressionRatio(ratio);
        kafkaLz4.append(timestamp, null, value, NO_HEADERS);
        return kafkaLz4;
    }
}
