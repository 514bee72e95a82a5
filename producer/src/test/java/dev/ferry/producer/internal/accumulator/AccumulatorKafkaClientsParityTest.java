package dev.ferry.producer.internal.accumulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.producer.Cluster;
import dev.ferry.producer.Node;
import dev.ferry.producer.PartitionInfo;
import dev.ferry.producer.TopicPartition;
import dev.ferry.producer.internal.buffer.BufferPool;
import dev.ferry.producer.internal.partition.StickyPartitioner;
import dev.ferry.producer.internal.record.BatchCodec;
import dev.ferry.producer.internal.record.Compression;
import dev.ferry.producer.internal.record.RecordHeader;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.internals.RecordAccumulator.AppendCallbacks;
import org.apache.kafka.clients.producer.internals.RecordAccumulator.PartitionerConfig;
import org.apache.kafka.clients.producer.internals.RecordAccumulator.RecordAppendResult;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.common.utils.internals.LogContext;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The accumulator against kafka-clients' own {@code RecordAccumulator} fed the same records: the
 * bytes each append adds, whether it started or filled a batch (what drives the sticky partitioner
 * and the sender's wake-ups), and the sticky partition of every record.
 */
class AccumulatorKafkaClientsParityTest {
    private static final long BASE_TIMESTAMP = 1_700_000_000_000L;
    private static final long MEMORY = 256L * 1024 * 1024;
    private static final int DELIVERY_TIMEOUT_MS = 120_000;
    /** Far enough in the future for every batch's delivery timeout to have passed: expiring then empties every queue. */
    private static final long EXPIRE_ALL_MS = Long.MAX_VALUE / 2;

    /** kafka-clients estimates compression per topic in a static map: every test gets its own topic. */
    private static final AtomicInteger TOPICS = new AtomicInteger();
    /**
     * Enough for two switches with the smallest records even when nothing is sent: a batch.size of
     * them is about 1,600, and with batches never full after an append the switch waits for twice that.
     */
    private static final int RECORDS_PER_WORKLOAD = 8000;

    /** Record shapes: null, tiny and large values (one above batch.size), with and without a key. */
    private static List<Rec> mixedRecords(boolean withHeaders) {
        Random random = new Random(23);
        int[] valueSizes = {-1, 0, 1, 10, 100, 1000, 5000, 20_000, 127, 128, 16_383};
        List<Rec> records = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            int size = valueSizes[random.nextInt(valueSizes.length)];
            byte[] key = random.nextInt(4) == 0 ? bytes(random, random.nextInt(40)) : null;
            byte[] value = size < 0 ? null : bytes(random, size);
            // timestamps that go back as well as forward: the delta is a zigzag varlong of varying length
            long timestamp = BASE_TIMESTAMP + random.nextInt(2_000_000) - 1_000_000;
            records.add(new Rec(timestamp, key, value, withHeaders ? headers(random) : new RecordHeader[0]));
        }
        return records;
    }

    private static RecordHeader[] headers(Random random) {
        int count = random.nextInt(4);
        RecordHeader[] headers = new RecordHeader[count];
        for (int h = 0; h < count; h++) {
            // a multi-byte UTF-8 key: its size is counted in bytes, not chars
            String key = h == 0 ? "trace-id" : "é-" + h;
            headers[h] = new RecordHeader(key, h == 2 ? null : bytes(random, random.nextInt(300)));
        }
        return headers;
    }

    private static byte[] bytes(Random random, int size) {
        byte[] bytes = new byte[size];
        random.nextBytes(bytes);
        return bytes;
    }

    static Stream<Arguments> compressionsAndHeaders() {
        return Stream.of(BatchCodec.values())
                .flatMap(type -> Stream.of(Arguments.of(type, false), Arguments.of(type, true)));
    }

    @ParameterizedTest(name = "{0}, headers {1}")
    @MethodSource("compressionsAndHeaders")
    void everyAppendAddsTheBytesKafkaClientsCounts(BatchCodec compression, boolean withHeaders) throws Exception {
        // given the same mixed records for both accumulators, on one partition, batch.size 16384
        String topic = "appended-" + TOPICS.incrementAndGet();
        List<Rec> records = mixedRecords(withHeaders);
        RecordAccumulator ferry = ferryAccumulator(16_384, compression);
        org.apache.kafka.clients.producer.internals.RecordAccumulator kafka = kafkaAccumulator(16_384, compression);

        for (int i = 0; i < records.size(); i++) {
            Rec r = records.get(i);
            // when
            RecordFuture ours =
                    ferry.append(new TopicPartition(topic, 0), r.timestamp, r.key, r.value, r.headers, null, 1000);
            RecordAppendResult theirs = kafka.append(
                    topic,
                    0,
                    r.timestamp,
                    r.key,
                    r.value,
                    r.kafkaHeaders(),
                    null,
                    1000,
                    0,
                    org.apache.kafka.common.Cluster.empty());

            // then
            assertThat(ours.appendedBytes())
                    .as("bytes appended by record %d of %s: %s", i, topic, r)
                    .isEqualTo(theirs.appendedBytes);
            assertThat(ours.newBatchCreated())
                    .as("new batch for record %d of %s", i, topic)
                    .isEqualTo(theirs.newBatchCreated);
            // kafka-clients wakes its sender for every record while the partition has two batches;
            // ours only when this record made a batch sendable, which theirs counts as full too
            if (ours.filledBatch()) {
                assertThat(theirs.batchIsFull)
                        .as("kafka-clients' batch full after record %d of %s", i, topic)
                        .isTrue();
            }
        }
    }

    static Stream<Arguments> stickyWorkloads() {
        List<Arguments> cases = new ArrayList<>();
        for (int valueSize : new int[] {1, 10, 100, 1000}) {
            for (boolean withHeaders : new boolean[] {false, true}) {
                for (int sentEvery : new int[] {0, 1, 7, 50}) {
                    cases.add(Arguments.of(valueSize, withHeaders, sentEvery, 16_384));
                }
            }
        }
        cases.add(Arguments.of(1, false, 0, 1000));
        cases.add(Arguments.of(1000, true, 3, 1000));
        cases.add(Arguments.of(5000, false, 1, 16_384));
        return cases.stream();
    }

    /**
     * Both accumulators get a view of the cluster in which only the partition the record is not on
     * has a leader, so every switch is seen (a random pick of the same partition would hide it) and
     * the partition of every record must be the same. Sending is modelled by expiring every queued
     * batch after every {@code sentEvery} records (0: never), which empties the queues as a drain
     * does and so exercises the switch held back until the batches are full.
     */
    @ParameterizedTest(name = "value {0} B, headers {1}, sent every {2} records, batch.size {3}")
    @MethodSource("stickyWorkloads")
    void everyRecordGoesToTheStickyPartitionKafkaClientsPicks(
            int valueSize, boolean withHeaders, int sentEvery, int batchSize) throws Exception {
        // given
        String topic = "sticky-" + TOPICS.incrementAndGet();
        Random random = new Random(valueSize * 31L + sentEvery);
        RecordAccumulator ferry = ferryAccumulator(batchSize, BatchCodec.NONE);
        StickyPartitioner sticky = new StickyPartitioner(topic, batchSize, () -> 0);
        org.apache.kafka.clients.producer.internals.RecordAccumulator kafka =
                kafkaAccumulator(batchSize, BatchCodec.NONE);
        int ourPartition = -1;
        int theirPartition = -1;
        int switches = 0;

        for (int i = 0; i < RECORDS_PER_WORKLOAD; i++) {
            Rec r = new Rec(
                    BASE_TIMESTAMP + i,
                    null,
                    bytes(random, valueSize),
                    withHeaders
                            ? new RecordHeader[] {new RecordHeader("source", bytes(random, 8))}
                            : new RecordHeader[0]);
            // when
            RecordFuture ours = ferry.appendSticky(
                    sticky,
                    ferryClusterLeadingOnly(topic, ourPartition == 0 ? 1 : 0),
                    r.timestamp,
                    r.key,
                    r.value,
                    r.headers,
                    null,
                    1000);
            PartitionCapture captured = new PartitionCapture();
            kafka.append(
                    topic,
                    -1,
                    r.timestamp,
                    r.key,
                    r.value,
                    r.kafkaHeaders(),
                    captured,
                    1000,
                    0,
                    kafkaClusterLeadingOnly(topic, theirPartition == 0 ? 1 : 0));

            // then
            switches += ourPartition != -1 && ours.partition().partition() != ourPartition ? 1 : 0;
            ourPartition = ours.partition().partition();
            theirPartition = captured.partition;
            assertThat(ourPartition)
                    .as("partition of record %d of %s after %d switches", i, topic, switches)
                    .isEqualTo(theirPartition);
            if (sentEvery > 0 && i % sentEvery == sentEvery - 1) {
                ferry.expire(EXPIRE_ALL_MS).forEach(ferry::release);
                kafka.expiredBatches(EXPIRE_ALL_MS);
            }
        }
        assertThat(switches)
                .as("switches in %d records of %d B", RECORDS_PER_WORKLOAD, valueSize)
                .isGreaterThanOrEqualTo(2);
    }

    private static RecordAccumulator ferryAccumulator(int batchSize, BatchCodec compression) {
        return new RecordAccumulator(
                new RecordAccumulator.Settings(batchSize, Compression.of(compression), 0, DELIVERY_TIMEOUT_MS),
                new BufferPool(MEMORY, batchSize, System::nanoTime),
                () -> 0L);
    }

    private static org.apache.kafka.clients.producer.internals.RecordAccumulator kafkaAccumulator(
            int batchSize, BatchCodec compression) {
        Metrics metrics = new Metrics();
        return new org.apache.kafka.clients.producer.internals.RecordAccumulator(
                new LogContext(),
                batchSize,
                org.apache.kafka.common.compress.Compression.of(
                                compression.name().toLowerCase())
                        .build(),
                0,
                100L,
                1000L,
                DELIVERY_TIMEOUT_MS,
                new PartitionerConfig(),
                metrics,
                "producer-metrics",
                Time.SYSTEM,
                null,
                new org.apache.kafka.clients.producer.internals.BufferPool(
                        MEMORY, batchSize, metrics, Time.SYSTEM, "producer-metrics"));
    }

    /** Two partitions on one broker; only {@code leading} has a leader, so a switch can only go there. */
    private static Cluster ferryClusterLeadingOnly(String topic, int leading) {
        Node broker = new Node(0, "broker0", 9092);
        List<PartitionInfo> partitions = new ArrayList<>();
        for (int p = 0; p < 2; p++) {
            Node leader = p == leading ? broker : null;
            partitions.add(new PartitionInfo(
                    topic, p, leader, List.of(broker), leader == null ? List.of() : List.of(broker), List.of()));
        }
        return new Cluster("test", List.of(broker), partitions);
    }

    private static org.apache.kafka.common.Cluster kafkaClusterLeadingOnly(String topic, int leading) {
        org.apache.kafka.common.Node broker = new org.apache.kafka.common.Node(0, "broker0", 9092);
        org.apache.kafka.common.Node[] replicas = {broker};
        List<org.apache.kafka.common.PartitionInfo> partitions = new ArrayList<>();
        for (int p = 0; p < 2; p++) {
            partitions.add(new org.apache.kafka.common.PartitionInfo(
                    topic, p, p == leading ? broker : null, replicas, replicas));
        }
        return new org.apache.kafka.common.Cluster(
                "test", List.of(broker), partitions, java.util.Set.of(), java.util.Set.of());
    }

    private static final class PartitionCapture implements AppendCallbacks {
        int partition = -1;

        @Override
        public void setPartition(int partition) {
            this.partition = partition;
        }

        @Override
        public void onCompletion(org.apache.kafka.clients.producer.RecordMetadata metadata, Exception exception) {}
    }

    private record Rec(long timestamp, byte[] key, byte[] value, RecordHeader[] headers) {
        Header[] kafkaHeaders() {
            Header[] converted = new Header[headers.length];
            for (int i = 0; i < headers.length; i++) {
                converted[i] =
                        new org.apache.kafka.common.header.internals.RecordHeader(headers[i].key(), headers[i].value());
            }
            return converted;
        }

        @Override
        public String toString() {
            return "Rec(key " + (key == null ? "null" : key.length + " B") + ", value "
                    + (value == null ? "null" : value.length + " B") + ", headers " + headers.length
                    + ", timestamp delta " + (timestamp - BASE_TIMESTAMP) + ")";
        }
    }
}
