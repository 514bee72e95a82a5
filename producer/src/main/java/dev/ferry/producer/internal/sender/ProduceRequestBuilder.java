package dev.ferry.producer.internal.sender;

import dev.ferry.producer.internal.accumulator.ProducerBatch;
import dev.ferry.producer.internal.accumulator.RecordAccumulator;
import dev.ferry.producer.internal.protocol.message.Produce;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds one Produce request from the batches drained for one broker. A batch that goes out for
 * the first time is sealed here, in drain order: stamped with producer id, epoch and base sequence
 * by {@link IdempotenceState}, then closed — compressed, header written, CRC32C computed — so the
 * request carries final bytes. A batch sent again keeps its bytes (restamped in place when the
 * epoch was bumped). Topic ids go in from Produce v13 on.
 *
 * <p>Confined to the I/O thread.
 */
final class ProduceRequestBuilder {
    private final IdempotenceState idempotence;
    private final RecordAccumulator accumulator;
    private final ProducerMetadata metadata;
    /** Null for a producer without transactional.id. */
    private final String transactionalId;

    private final short acks;
    private final int timeoutMs;

    ProduceRequestBuilder(
            IdempotenceState idempotence,
            RecordAccumulator accumulator,
            ProducerMetadata metadata,
            String transactionalId,
            short acks,
            int timeoutMs) {
        this.idempotence = idempotence;
        this.accumulator = accumulator;
        this.metadata = metadata;
        this.transactionalId = transactionalId;
        this.acks = acks;
        this.timeoutMs = timeoutMs;
    }

    Produce.Request build(List<ProducerBatch> batches, short version) {
        Map<String, List<Produce.PartitionData>> byTopic = new LinkedHashMap<>();
        for (ProducerBatch batch : batches) {
            if (!batch.isClosed()) {
                seal(batch);
            }
            byTopic.computeIfAbsent(batch.partition().topic(), topic -> new ArrayList<>())
                    .add(new Produce.PartitionData(batch.partition().partition(), batch.bytes()));
        }
        List<Produce.TopicData> topics = new ArrayList<>(byTopic.size());
        byTopic.forEach((topic, partitions) ->
                topics.add(new Produce.TopicData(topic, version >= 13 ? metadata.topicId(topic) : null, partitions)));
        return new Produce.Request(transactionalId, acks, timeoutMs, topics);
    }

    /** Stamps and closes a batch for its first send. */
    void seal(ProducerBatch batch) {
        BatchStamp stamp = idempotence.stamp(batch);
        batch.close(stamp.producerId(), stamp.epoch(), stamp.baseSequence(), stamp.transactional());
        accumulator.recordCompressionRatio(batch);
    }
}
