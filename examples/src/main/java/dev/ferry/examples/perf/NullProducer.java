package dev.ferry.examples.perf;

import dev.ferry.producer.Callback;
import dev.ferry.producer.ConsumerGroupMetadata;
import dev.ferry.producer.OffsetAndMetadata;
import dev.ferry.producer.PartitionInfo;
import dev.ferry.producer.Producer;
import dev.ferry.producer.ProducerRecord;
import dev.ferry.producer.RecordMetadata;
import dev.ferry.producer.TopicPartition;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * {@code --client null}: a producer that acknowledges every record at once, in {@code send()}, and
 * does nothing else. Behind {@link FerryPerfProducer} it leaves exactly the tool's own work per
 * record (payload, record object, callback, latency statistics), so a run of it measures what the
 * tool itself costs. It allocates nothing per record: one metadata and one completed future serve
 * every record. It keeps the last record and callback, so that they escape as they do into a real
 * producer; otherwise the JIT could drop their allocation and understate the tool's cost.
 */
final class NullProducer implements Producer<byte[], byte[]> {
    private final RecordMetadata metadata;
    private final CompletableFuture<RecordMetadata> acknowledged;
    private ProducerRecord<byte[], byte[]> lastRecord;
    private Callback lastCallback;

    NullProducer() {
        this.metadata = new RecordMetadata("ferry-perf-null", 0, RecordMetadata.UNKNOWN_OFFSET, 0L, -1, -1);
        this.acknowledged = CompletableFuture.completedFuture(metadata);
    }

    @Override
    public CompletableFuture<RecordMetadata> send(ProducerRecord<byte[], byte[]> record) {
        lastRecord = record;
        return acknowledged;
    }

    @Override
    public CompletableFuture<RecordMetadata> send(ProducerRecord<byte[], byte[]> record, Callback callback) {
        lastRecord = record;
        lastCallback = callback;
        callback.onCompletion(metadata, null);
        return acknowledged;
    }

    @Override
    public void flush() {
        // every record is acknowledged inside send()
    }

    @Override
    public List<PartitionInfo> partitionsFor(String topic) {
        return List.of();
    }

    @Override
    public Map<String, Double> metrics() {
        return Map.of();
    }

    @Override
    public void initTransactions() {
        throw transactionsUnsupported();
    }

    @Override
    public void beginTransaction() {
        throw transactionsUnsupported();
    }

    @Override
    public void sendOffsetsToTransaction(
            Map<TopicPartition, OffsetAndMetadata> offsets, ConsumerGroupMetadata groupMetadata) {
        throw transactionsUnsupported();
    }

    @Override
    public void commitTransaction() {
        throw transactionsUnsupported();
    }

    @Override
    public void abortTransaction() {
        throw transactionsUnsupported();
    }

    @Override
    public void close() {
        // nothing was opened
    }

    @Override
    public void close(Duration timeout) {
        // nothing was opened
    }

    private static UnsupportedOperationException transactionsUnsupported() {
        return new UnsupportedOperationException("ferry-perf's null producer has no transactions");
    }
}
