package dev.ferry.benchmarks.record;

import dev.ferry.producer.internal.record.BatchCodec;
import dev.ferry.producer.internal.record.Compression;
import dev.ferry.producer.internal.record.RecordBatchWriter;
import java.nio.ByteBuffer;
import java.util.Random;
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
 * Building one 64 KiB batch of 100-byte records, as the producer does between append and drain:
 * Ferry's {@link RecordBatchWriter} against kafka-clients' {@link MemoryRecordsBuilder}, same
 * records, same codec and level, same fill rule, same reused buffer. Score: batches per second.
 *
 * <p>Run: {@code benchmarks/bin/run-jmh RecordBatchBenchmark -f 1 -wi 2 -i 3 -prof gc}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class RecordBatchBenchmark {
    private static final int BATCH_SIZE = 64 * 1024;
    private static final int RECORD_SIZE = 100;
    private static final Header[] NO_HEADERS = new Header[0];

    @Param({"none", "gzip", "snappy", "lz4", "zstd"})
    public String codec;

    private byte[][] values;
    private ByteBuffer buffer;
    private Compression ferryCompression;
    private org.apache.kafka.common.compress.Compression kafkaCompression;
    private long timestamp;

    @Setup(Level.Trial)
    public void setUp() {
        // JSON-like values from a small vocabulary: compressible like real events, not trivially so.
        Random random = new Random(1);
        String[] words = {"\"id\":", "\"amount\":", "\"currency\":\"EUR\"", "\"status\":\"PAID\"", ",", "{", "}", " "};
        values = new byte[1024][];
        for (int i = 0; i < values.length; i++) {
            StringBuilder value = new StringBuilder();
            while (value.length() < RECORD_SIZE) {
                value.append(
                        random.nextBoolean()
                                ? words[random.nextInt(words.length)]
                                : Integer.toString(random.nextInt(100_000)));
            }
            values[i] = value.substring(0, RECORD_SIZE).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        }
        buffer = ByteBuffer.allocate(BATCH_SIZE);
        BatchCodec type = BatchCodec.forConfigName(codec);
        ferryCompression = Compression.of(type);
        kafkaCompression =
                org.apache.kafka.common.compress.Compression.of(codec).build();
        timestamp = 1_700_000_000_000L;
    }

    @Benchmark
    public ByteBuffer ferry() {
        buffer.clear();
        RecordBatchWriter writer = new RecordBatchWriter(buffer, ferryCompression, BATCH_SIZE, 1.0f);
        int i = 0;
        while (writer.tryAppend(timestamp + i, null, values[i & 1023], null) >= 0) {
            i++;
        }
        return writer.close(1000L, (short) 0, 0, false);
    }

    @Benchmark
    public ByteBuffer kafka() {
        buffer.clear();
        MemoryRecordsBuilder builder = MemoryRecords.builder(
                buffer, RecordBatch.CURRENT_MAGIC_VALUE, kafkaCompression, TimestampType.CREATE_TIME, 0L);
        int i = 0;
        while (builder.hasRoomFor(timestamp + i, null, values[i & 1023], NO_HEADERS)) {
            builder.append(timestamp + i, null, values[i & 1023], NO_HEADERS);
            i++;
        }
        builder.setProducerState(1000L, (short) 0, 0, false);
        builder.closeForRecordAppends();
        builder.close();
        return builder.buffer();
    }
}
