package dev.ferry.producer.internal.accumulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.common.FerryException;
import dev.ferry.producer.Callback;
import dev.ferry.producer.RecordMetadata;
import dev.ferry.producer.TopicPartition;
import dev.ferry.producer.internal.record.Compression;
import dev.ferry.producer.internal.record.RecordBatchWriter;
import dev.ferry.producer.internal.record.RecordHeader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * A batch's completion as the user's threads see it: kafka-clients' ProducerBatch runs every
 * callback of the batch before it completes the records' future, so {@code send(record,
 * callback).get()} returns only once the callback has run, and sees what it did.
 */
class ProducerBatchTest {
    private static final TopicPartition TP0 = new TopicPartition("orders", 0);
    private static final RecordHeader[] NO_HEADERS = new RecordHeader[0];
    private static final long WAIT_SECONDS = 30;

    @Test
    void aRecordsFutureCompletesOnlyOnceEveryCallbackOfItsBatchHasRun() throws Exception {
        holdsEveryFutureUntilTheLastCallbackHasRun(batch -> batch.complete(100, -1, null));
    }

    @Test
    void aRecordsFutureFailsOnlyOnceEveryCallbackOfItsBatchHasRun() throws Exception {
        holdsEveryFutureUntilTheLastCallbackHasRun(batch -> batch.fail(new FerryException("refused"), null));
    }

    /**
     * A callback's Error ends the I/O thread, and the batch's records still complete: every future,
     * the throwing record's and the later ones' too, so no get() waits forever.
     */
    @Test
    void aCallbacksErrorStillCompletesEveryFutureOfItsBatch() {
        ProducerBatch batch = batchOfTwo();
        RecordFuture first = append(batch, "a", (metadata, error) -> {
            throw new StackOverflowError("thrown by the test's callback");
        });
        RecordFuture last = append(batch, "b", null);

        assertThatThrownBy(() -> batch.complete(100, -1, null)).isInstanceOf(StackOverflowError.class);

        assertThat(first.join().offset()).isEqualTo(100);
        assertThat(last.join().offset()).isEqualTo(101);
        assertThat(batch.completion()).isDone();
    }

    private static ProducerBatch batchOfTwo() {
        return new ProducerBatch(
                TP0,
                new RecordBatchWriter(ByteBuffer.allocate(1_024), Compression.NONE, 1_024, 1.0f),
                null,
                0,
                120_000,
                new RecordSlots(2));
    }

    /**
     * Two records, each with a callback that notes it ran; the second one's callback blocks until the
     * test lets it go. Meanwhile a thread waits in get() on each record's future.
     */
    private static void holdsEveryFutureUntilTheLastCallbackHasRun(Consumer<ProducerBatch> completion)
            throws Exception {
        // given
        ProducerBatch batch = batchOfTwo();
        // written by the callbacks on the completing thread, read by the waiting ones: not volatile,
        // so what they see after get() returns is what the future's completion publishes
        boolean[] ran = new boolean[2];
        CountDownLatch lastCallbackEntered = new CountDownLatch(1);
        CountDownLatch lastCallbackReleased = new CountDownLatch(1);
        RecordFuture first = append(batch, "a", (metadata, error) -> ran[0] = true);
        RecordFuture last = append(batch, "b", (metadata, error) -> {
            ran[1] = true;
            lastCallbackEntered.countDown();
            awaitQuietly(lastCallbackReleased);
        });
        List<FutureTask<boolean[]>> waiters = new ArrayList<>();
        for (RecordFuture future : List.of(first, last)) {
            waiters.add(waitFor(future, ran));
        }
        List<Thread> waiting = new ArrayList<>();
        for (FutureTask<boolean[]> waiter : waiters) {
            Thread thread = new Thread(waiter, "waits-in-get");
            thread.start();
            waiting.add(thread);
        }
        Awaitility.await().atMost(Duration.ofSeconds(WAIT_SECONDS)).until(() -> waiting.stream()
                .allMatch(thread -> thread.getState() == Thread.State.WAITING));

        // when
        Thread completing = new Thread(() -> completion.accept(batch), "completes-the-batch");
        completing.start();
        assertThat(lastCallbackEntered.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();

        // then
        try {
            assertThat(first)
                    .as("the first record's future while the last callback runs")
                    .isNotDone();
            assertThat(last)
                    .as("the last record's future while its callback runs")
                    .isNotDone();
            assertThat(waiters).as("get() while the last callback runs").noneMatch(FutureTask::isDone);
        } finally {
            lastCallbackReleased.countDown();
        }
        for (FutureTask<boolean[]> waiter : waiters) {
            assertThat(waiter.get(WAIT_SECONDS, TimeUnit.SECONDS))
                    .as("the callbacks that ran, as the thread that waited in get() sees them")
                    .containsExactly(true, true);
        }
        completing.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
        assertThat(batch.completion()).isDone();
    }

    private static RecordFuture append(ProducerBatch batch, String value, Callback callback) {
        return batch.tryAppend(0, null, value.getBytes(StandardCharsets.UTF_8), NO_HEADERS, callback);
    }

    /** get() on the future, then a copy of what the callbacks noted, read on the waiting thread. */
    private static FutureTask<boolean[]> waitFor(CompletableFuture<RecordMetadata> future, boolean[] ran) {
        return new FutureTask<>(() -> {
            try {
                future.get();
            } catch (ExecutionException failed) {
                // a failed batch: get() returned all the same
            }
            return ran.clone();
        });
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            if (!latch.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
                throw new AssertionError("the test never released the callback");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
