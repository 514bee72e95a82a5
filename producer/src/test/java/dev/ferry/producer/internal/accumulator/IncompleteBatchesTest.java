package dev.ferry.producer.internal.accumulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.producer.TopicPartition;
import dev.ferry.producer.internal.record.Compression;
import dev.ferry.producer.internal.record.RecordBatchWriter;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The batches a flush waits for: each tracked once, from its creation until its release, whatever the order. */
class IncompleteBatchesTest {
    private final RecordSlots.Pool slots = new RecordSlots.Pool(0);
    private final IncompleteBatches incomplete = new IncompleteBatches();

    @Test
    void aFlushSeesEveryBatchAddedAndNotRemoved() {
        List<ProducerBatch> batches = batches(5);
        batches.forEach(incomplete::add);

        incomplete.remove(batches.get(2));
        incomplete.remove(batches.get(4));
        incomplete.remove(batches.get(0));

        assertThat(incomplete.completions())
                .containsExactlyInAnyOrder(
                        batches.get(1).completion(), batches.get(3).completion());
        assertThat(incomplete.isEmpty()).isFalse();
        incomplete.remove(batches.get(3));
        incomplete.remove(batches.get(1));
        assertThat(incomplete.completions()).isEmpty();
        assertThat(incomplete.isEmpty()).isTrue();
    }

    @Test
    void addingTwiceTracksOnceAndRemovingTwiceOrUntrackedChangesNothing() {
        List<ProducerBatch> batches = batches(3);
        incomplete.add(batches.get(0));
        incomplete.add(batches.get(1));
        incomplete.add(batches.get(1));

        incomplete.remove(batches.get(2));
        incomplete.remove(batches.get(0));
        incomplete.remove(batches.get(0));

        assertThat(incomplete.completions()).containsExactly(batches.get(1).completion());
    }

    @Test
    void aBatchRemovedAndAddedAgainIsTrackedAgain() {
        List<ProducerBatch> batches = batches(2);
        batches.forEach(incomplete::add);
        incomplete.remove(batches.get(0));

        incomplete.add(batches.get(0));

        assertThat(incomplete.completions())
                .containsExactlyInAnyOrder(
                        batches.get(0).completion(), batches.get(1).completion());
    }

    private List<ProducerBatch> batches(int count) {
        List<ProducerBatch> batches = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            RecordBatchWriter writer = new RecordBatchWriter(ByteBuffer.allocate(1024), Compression.NONE, 1024, 1.0f);
            batches.add(new ProducerBatch(
                    new TopicPartition("incomplete", i), writer, null, 0L, 120_000L, slots.acquire(16)));
        }
        assertThat(batches.stream().map(ProducerBatch::completion).distinct()).hasSize(count);
        return batches;
    }
}
