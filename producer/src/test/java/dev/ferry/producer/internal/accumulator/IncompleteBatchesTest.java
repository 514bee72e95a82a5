package dev.ferry.producer.internal.accumulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.producer.TopicPartition;
import dev.ferry.producer.internal.record.Compression;
import dev.ferry.producer.internal.record.RecordBatchWriter;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The batches a flush waits for: each tracked once, from its creation until its release, whatever the order. */
class IncompleteBatchesTest {
    private final RecordSlots.Pool slots = new RecordSlots.Pool(0);
    private final IncompleteBatches incomplete = new IncompleteBatches();

    @Test
    void aFlushSeesEveryBatchAddedAndNotRemoved() {
        List<ProducerBatch> batches = batches(5);
        batches.forEach(incomplete::add);

        remove(batches, 2, 4, 0);

        assertThat(incomplete.completions()).containsExactlyInAnyOrderElementsOf(completions(batches, 1, 3));
        assertThat(incomplete.isEmpty()).isFalse();
        remove(batches, 3, 1);
        assertThat(incomplete.completions()).isEmpty();
        assertThat(incomplete.isEmpty()).isTrue();
    }

    @Test
    void addingTwiceTracksOnceAndRemovingTwiceOrUntrackedChangesNothing() {
        List<ProducerBatch> batches = batches(3);
        incomplete.add(batches.get(0));
        incomplete.add(batches.get(1));
        incomplete.add(batches.get(1));

        remove(batches, 2, 0, 0);

        assertThat(incomplete.completions()).containsExactlyElementsOf(completions(batches, 1));
    }

    @Test
    void aBatchRemovedAndAddedAgainIsTrackedAgain() {
        List<ProducerBatch> batches = batches(2);
        batches.forEach(incomplete::add);
        remove(batches, 0);

        incomplete.add(batches.get(0));

        assertThat(incomplete.completions()).containsExactlyInAnyOrderElementsOf(completions(batches, 0, 1));
    }

    private void remove(List<ProducerBatch> batches, int... indexes) {
        for (int index : indexes) {
            incomplete.remove(batches.get(index));
        }
    }

    private static List<CompletableFuture<Void>> completions(List<ProducerBatch> batches, int... indexes) {
        List<CompletableFuture<Void>> completions = new ArrayList<>();
        for (int index : indexes) {
            completions.add(batches.get(index).completion());
        }
        return completions;
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
