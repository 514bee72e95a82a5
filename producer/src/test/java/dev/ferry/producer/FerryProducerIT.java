package dev.ferry.producer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.common.Headers;
import dev.ferry.testkit.KafkaCluster;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class FerryProducerIT {
    private static final int PARTITIONS = 3;

    @AutoClose
    private static final KafkaCluster kafka = ItSetup.clusterWithOnly();

    private static Map<String, Object> config(String... pairs) {
        return ItSetup.config(Map.of("bootstrap.servers", kafka.bootstrapServers(), "max.block.ms", 20_000), pairs);
    }

    static Stream<Arguments> codecsAndAcks() {
        List<Arguments> cases = new ArrayList<>();
        for (String codec : List.of("none", "gzip", "snappy", "lz4", "zstd")) {
            for (String acks : List.of("0", "1", "all")) {
                cases.add(Arguments.of(codec, acks));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "compression.type={0} acks={1}")
    @MethodSource("codecsAndAcks")
    void everyRecordArrivesIntactAndInOrder(String codec, String acks) throws Exception {
        String topic = "codec-" + codec + "-acks-" + acks;
        kafka.createTopic(topic, PARTITIONS, 1);
        int count = 3_000;
        long baseTimestamp = 1_700_000_000_000L;
        Map<String, Object> config = config("compression.type", codec, "acks", acks, "linger.ms", "5");
        if (!acks.equals("all")) {
            // without idempotence only one request in flight keeps order across retries (the seed's rule)
            config.put("enable.idempotence", "false");
            config.put("max.in.flight.requests.per.connection", "1");
        }

        List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
        RecordMetadata[] toldCallbacks = new RecordMetadata[count];
        try (FerryProducer<String, String> producer =
                new FerryProducer<>(config, new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < count; i++) {
                Headers headers = new Headers().add("seq", Integer.toString(i)).add("empty", (byte[]) null);
                int seq = i;
                futures.add(producer.send(
                        new ProducerRecord<>(
                                topic,
                                null,
                                baseTimestamp + i,
                                "key-" + (i % 50),
                                "value-" + i + "-" + "x".repeat(i % 200),
                                headers),
                        (metadata, error) -> toldCallbacks[seq] = metadata));
            }
            producer.flush();
        }

        List<ConsumerRecord<byte[], byte[]>> records = ConsumerOracle.readAll(kafka.bootstrapServers(), topic, count);
        assertThat(records).hasSize(count);
        Map<Integer, Integer> lastSeqPerPartition = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            int seq = Integer.parseInt(text(record.headers().lastHeader("seq")));
            // batches reuse their per-record slots: each future and callback must still be told its own record
            RecordMetadata metadata = futures.get(seq).get();
            assertThat(toldCallbacks[seq]).as("callback of record %d", seq).isEqualTo(metadata);
            assertThat(metadata.partition()).as("partition of record %d", seq).isEqualTo(record.partition());
            assertThat(metadata.offset())
                    .as("offset of record %d", seq)
                    .isEqualTo(acks.equals("0") ? RecordMetadata.UNKNOWN_OFFSET : record.offset());
            assertThat(metadata.timestamp()).as("timestamp of record %d", seq).isEqualTo(record.timestamp());
            assertThat(metadata.serializedKeySize()).isEqualTo(record.serializedKeySize());
            assertThat(metadata.serializedValueSize()).isEqualTo(record.serializedValueSize());
            assertThat(string(record.key())).isEqualTo("key-" + (seq % 50));
            assertThat(string(record.value())).isEqualTo("value-" + seq + "-" + "x".repeat(seq % 200));
            assertThat(record.timestamp()).isEqualTo(baseTimestamp + seq);
            assertThat(record.timestampType()).isEqualTo(TimestampType.CREATE_TIME);
            assertThat(record.headers().lastHeader("empty").value()).isNull();
            assertThat(record.partition()).isEqualTo(Utils.toPositive(Utils.murmur2(record.key())) % PARTITIONS);
            Integer previous = lastSeqPerPartition.put(record.partition(), seq);
            assertThat(previous == null || previous < seq)
                    .as("order within partition %d", record.partition())
                    .isTrue();
        }
    }

    /**
     * LZ4 and snappy compress a batch's full blocks (64 and 32 KiB of records) on the sending thread
     * as the records fill them, the rest when the batch is drained: batches of many blocks, read back
     * whole by kafka-clients' consumer.
     */
    @ParameterizedTest(name = "compression.type={0}")
    @ValueSource(strings = {"lz4", "snappy"})
    void batchesOfManyCompressionBlocksArriveIntact(String codec) throws Exception {
        String topic = "blocks-" + codec;
        kafka.createTopic(topic, 1, 1);
        int count = 4_000;
        Map<String, Object> config =
                config("compression.type", codec, "batch.size", "1048576", "linger.ms", "200", "acks", "all");
        Map<String, Double> metrics;
        try (FerryProducer<String, String> producer =
                new FerryProducer<>(config, new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(topic, "k" + i, blockValue(i)));
            }
            producer.flush();
            metrics = producer.metrics();
        }

        // a batch's records, uncompressed, spanned several blocks
        assertThat(metrics.get("batch-size-avg") / metrics.get("compression-rate-avg"))
                .as("uncompressed bytes per batch")
                .isGreaterThan(4 * 64 * 1024);
        List<ConsumerRecord<byte[], byte[]>> records = ConsumerOracle.readAll(kafka.bootstrapServers(), topic, count);
        assertThat(records).hasSize(count);
        for (int i = 0; i < count; i++) {
            assertThat(string(records.get(i).key())).isEqualTo("k" + i);
            assertThat(string(records.get(i).value())).as("value %d", i).isEqualTo(blockValue(i));
        }
    }

    /**
     * Records that stop compressing after the topic learned a ratio of about a tenth (its estimate
     * falls by 0.005 per batch, as kafka-clients' does, so a few hundred batches): batches filled at
     * that estimate take far more records than their buffers hold compressed; the part that does not
     * fit waits uncompressed and is compressed when the batch is sent. Every record arrives.
     */
    @ParameterizedTest(name = "compression.type={0}")
    @ValueSource(strings = {"lz4", "snappy", "zstd", "gzip"})
    void recordsThatStopCompressingArriveIntact(String codec) throws Exception {
        String topic = "stop-compressing-" + codec;
        kafka.createTopic(topic, 1, 1);
        int compressible = 20_000;
        int random = 1_500;
        int batchSize = 16_384;
        Map<String, Object> config = config(
                "compression.type", codec, "batch.size", Integer.toString(batchSize), "linger.ms", "50", "acks", "all");
        List<String> values = new ArrayList<>();
        Random noise = new Random(11);
        try (FerryProducer<String, String> producer =
                new FerryProducer<>(config, new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < compressible; i++) {
                values.add(blockValue(i));
                producer.send(new ProducerRecord<>(topic, "k" + i, values.get(i)));
            }
            producer.flush();
            assertThat(producer.metrics().get("compression-rate-avg"))
                    .as("the ratio learned")
                    .isLessThan(0.3);
            for (int i = compressible; i < compressible + random; i++) {
                byte[] bytes = new byte[750];
                noise.nextBytes(bytes);
                values.add(Base64.getEncoder().encodeToString(bytes));
                producer.send(new ProducerRecord<>(topic, "k" + i, values.get(i)));
            }
            producer.flush();
            assertThat(producer.metrics().get("batch-size-max"))
                    .as("a batch took more records than its buffer holds compressed")
                    .isGreaterThan(2.0 * batchSize);
        }

        List<ConsumerRecord<byte[], byte[]>> records =
                ConsumerOracle.readAll(kafka.bootstrapServers(), topic, values.size());
        assertThat(records).hasSize(values.size());
        for (int i = 0; i < values.size(); i++) {
            assertThat(string(records.get(i).key())).isEqualTo("k" + i);
            assertThat(string(records.get(i).value())).as("value %d", i).isEqualTo(values.get(i));
        }
    }

    private static String blockValue(int i) {
        return ("{\"order\":" + i + ",\"status\":\"CREATED\",\"sku\":\"SKU-" + (i % 97) + "\"}").repeat(1 + i % 20);
    }

    @Test
    void recordsWithoutKeyStickToAPartitionForABatchThenMoveOn() {
        String topic = "sticky";
        kafka.createTopic(topic, PARTITIONS, 1);
        int count = 6_000;
        try (FerryProducer<String, String> producer = new FerryProducer<>(
                config("batch.size", "4096", "linger.ms", "20"), new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(topic, null, "v" + i + "-" + "y".repeat(90)));
            }
            producer.flush();
        }

        List<ConsumerRecord<byte[], byte[]>> records = ConsumerOracle.readAll(kafka.bootstrapServers(), topic, count);
        assertThat(records).hasSize(count);
        Map<Integer, Long> perPartition = new HashMap<>();
        records.forEach(record -> perPartition.merge(record.partition(), 1L, Long::sum));
        assertThat(perPartition).as("every partition gets records").hasSize(PARTITIONS);
        // sticky: consecutive records of a partition come in runs of about a batch (~40 records), not round-robin
        List<ConsumerRecord<byte[], byte[]>> partitionZero =
                records.stream().filter(r -> r.partition() == 0).toList();
        long contiguous = 0;
        for (int i = 1; i < partitionZero.size(); i++) {
            if (sequence(partitionZero.get(i)) == sequence(partitionZero.get(i - 1)) + 1) {
                contiguous++;
            }
        }
        assertThat((double) contiguous / partitionZero.size()).isGreaterThan(0.8);
    }

    /**
     * A batch goes out once it is full, not when linger.ms (two minutes here) ends: full with the
     * record that fills it to batch.size exactly, or with the record that does not fit and starts the
     * next batch. Sizes from the record format: a 100 B value without key or headers,
     * at offset delta under 64 and timestamp delta 0, is 107 bytes plus its 2-byte length; a batch
     * header is 61 bytes.
     */
    @ParameterizedTest(name = "batch.size {0}, {1} records")
    @CsvSource({"1151, 10", "1201, 11"})
    void aBatchIsSentOnceItIsFullWithoutWaitingForLinger(int batchSize, int records) throws Exception {
        String topic = "full-before-linger-" + batchSize;
        kafka.createTopic(topic, 1, 1);
        List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
        try (FerryProducer<String, String> producer = new FerryProducer<>(
                config(
                        "batch.size", Integer.toString(batchSize),
                        "linger.ms", "120000",
                        "delivery.timeout.ms", "300000",
                        "compression.type", "none"),
                new StringSerializer(),
                new StringSerializer())) {
            for (int i = 0; i < records; i++) {
                futures.add(producer.send(
                        new ProducerRecord<String, String>(topic, null, 1_700_000_000_000L, null, "v".repeat(100))));
            }

            for (int i = 0; i < 10; i++) {
                assertThat(futures.get(i).get(30, TimeUnit.SECONDS).offset())
                        .as("record %d of the full batch", i)
                        .isEqualTo(i);
            }
            assertThat(futures.subList(10, records))
                    .as("the next batch lingers")
                    .noneMatch(CompletableFuture::isDone);
        }
        assertThat(futures).allMatch(future -> future.isDone() && !future.isCompletedExceptionally());
    }

    @Test
    void acksZeroCompletesWithoutOffsets() throws Exception {
        kafka.createTopic("acks-zero", 1, 1);
        try (FerryProducer<String, String> producer = new FerryProducer<>(
                config("acks", "0", "enable.idempotence", "false"), new StringSerializer(), new StringSerializer())) {
            RecordMetadata metadata =
                    producer.send(new ProducerRecord<>("acks-zero", "k", "v")).get();

            assertThat(metadata.offset()).isEqualTo(-1);
            assertThat(metadata.hasOffset()).isFalse();
            assertThat(metadata.partition()).isZero();
        }
        assertThat(ConsumerOracle.readAll(kafka.bootstrapServers(), "acks-zero", 1))
                .hasSize(1);
    }

    private static int sequence(ConsumerRecord<byte[], byte[]> record) {
        String value = string(record.value());
        return Integer.parseInt(value.substring(1, value.indexOf('-')));
    }

    private static String text(Header header) {
        return string(header.value());
    }

    private static String string(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }
}
