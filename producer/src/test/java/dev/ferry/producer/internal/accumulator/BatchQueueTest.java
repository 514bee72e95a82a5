package dev.ferry.producer.internal.accumulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.producer.TopicPartition;
import dev.ferry.producer.internal.record.Compression;
import dev.ferry.producer.internal.record.RecordBatchWriter;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** A partition's queue of batches, checked against {@code java.util.ArrayDeque} doing the same operations. */
class BatchQueueTest {
    private final RecordSlots.Pool slots = new RecordSlots.Pool(0);
    private final List<ProducerBatch> batches = batches(200);

    @Test
    void anEmptyQueueReadsNullAtBothEndsAndPollingItChangesNothing() {
        BatchQueue queue = new BatchQueue();

        assertThat(queue.peekFirst()).isNull();
        assertThat(queue.peekLast()).isNull();
        assertThat(queue.pollFirst()).isNull();
        assertThat(queue.size()).isZero();
        assertThat(queue.isEmpty()).isTrue();

        queue.addLast(batches.get(0));
        assertThat(queue.peekFirst()).isSameAs(batches.get(0));
        assertThat(queue.peekLast()).isSameAs(batches.get(0));
        assertThat(queue.pollFirst()).isSameAs(batches.get(0));
        assertThat(queue.peekFirst()).isNull();
        assertThat(queue.peekLast()).isNull();
    }

    @Test
    void wrapsAroundAndGrowsKeepingTheOrder() {
        BatchQueue queue = new BatchQueue();
        ArrayDeque<ProducerBatch> expected = new ArrayDeque<>();
        // move the head well past the ring's first length, then queue more than it holds
        for (int i = 0; i < 45; i++) {
            queue.addLast(batches.get(i));
            queue.pollFirst();
        }
        for (int i = 0; i < 100; i++) {
            queue.addLast(batches.get(i));
            expected.addLast(batches.get(i));
            queue.addFirst(batches.get(199 - i));
            expected.addFirst(batches.get(199 - i));
        }

        assertSame(queue, expected);
    }

    @Test
    void removesABatchFromTheMiddleAndSaysWhetherItWasThere() {
        BatchQueue queue = new BatchQueue();
        for (int i = 0; i < 5; i++) {
            queue.addLast(batches.get(i));
        }

        assertThat(queue.remove(batches.get(2))).isTrue();
        assertThat(queue.remove(batches.get(2))).isFalse();
        assertThat(queue.remove(batches.get(7))).isFalse();

        assertThat(queue).containsExactly(batches.get(0), batches.get(1), batches.get(3), batches.get(4));
        assertThat(queue.peekLast()).isSameAs(batches.get(4));
    }

    @Test
    void drainToMovesEveryBatchInOrderAndLeavesTheQueueEmpty() {
        BatchQueue queue = new BatchQueue();
        for (int i = 0; i < 40; i++) {
            queue.addLast(batches.get(i));
        }
        List<ProducerBatch> into = new ArrayList<>(List.of(batches.get(199)));

        queue.drainTo(into);

        assertThat(into).containsExactlyElementsOf(concat(List.of(batches.get(199)), batches.subList(0, 40)));
        assertThat(queue.isEmpty()).isTrue();
        assertThat(queue.peekFirst()).isNull();
        assertThat(queue.peekLast()).isNull();
    }

    @Test
    void iteratingPastTheLastBatchFails() {
        BatchQueue queue = new BatchQueue();
        queue.addLast(batches.get(0));
        Iterator<ProducerBatch> iterator = queue.iterator();
        iterator.next();

        assertThat(iterator.hasNext()).isFalse();
        assertThatThrownBy(iterator::next).isInstanceOf(NoSuchElementException.class);
    }

    @Test
    void randomOperationsLeaveTheSameQueueAsArrayDeque() {
        SplittableRandom random = new SplittableRandom(20261207);
        for (int round = 0; round < 50; round++) {
            BatchQueue queue = new BatchQueue();
            ArrayDeque<ProducerBatch> expected = new ArrayDeque<>();
            for (int step = 0; step < 2_000; step++) {
                ProducerBatch batch = batches.get(random.nextInt(batches.size()));
                switch (random.nextInt(6)) {
                    case 0, 1 -> {
                        if (!expected.contains(batch)) {
                            queue.addLast(batch);
                            expected.addLast(batch);
                        }
                    }
                    case 2 -> {
                        if (!expected.contains(batch)) {
                            queue.addFirst(batch);
                            expected.addFirst(batch);
                        }
                    }
                    case 3, 4 -> assertThat(queue.pollFirst()).isSameAs(expected.pollFirst());
                    default -> assertThat(queue.remove(batch)).isEqualTo(expected.remove(batch));
                }
                assertThat(queue.size()).isEqualTo(expected.size());
                assertThat(queue.peekFirst()).isSameAs(expected.peekFirst());
                assertThat(queue.peekLast()).isSameAs(expected.peekLast());
            }
            assertSame(queue, expected);
        }
    }

    private static void assertSame(BatchQueue queue, ArrayDeque<ProducerBatch> expected) {
        assertThat(queue.size()).isEqualTo(expected.size());
        assertThat(queue.isEmpty()).isEqualTo(expected.isEmpty());
        assertThat(queue.peekFirst()).isSameAs(expected.peekFirst());
        assertThat(queue.peekLast()).isSameAs(expected.peekLast());
        assertThat(queue).containsExactlyElementsOf(expected);
    }

    private static List<ProducerBatch> concat(List<ProducerBatch> first, List<ProducerBatch> second) {
        List<ProducerBatch> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    private List<ProducerBatch> batches(int count) {
        List<ProducerBatch> made = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            RecordBatchWriter writer = new RecordBatchWriter(ByteBuffer.allocate(64), Compression.NONE, 64, 1.0f);
            made.add(new ProducerBatch(new TopicPartition("queue", i), writer, null, 0L, 120_000L, slots.acquire(1)));
        }
        return made;
    }
}
