package dev.ferry.producer.internal.buffer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.ferry.producer.ProducerClosedException;
import dev.ferry.producer.TimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BufferPoolTest {
    private static final int BATCH = 1024;
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    private CompletableFuture<ByteBuffer> allocateAsync(BufferPool pool, int size, long maxBlockMs) {
        return CompletableFuture.supplyAsync(
                () -> {
                    try {
                        return pool.allocate(size, maxBlockMs);
                    } catch (InterruptedException e) {
                        throw new CompletionException(e);
                    }
                },
                threads);
    }

    private static void awaitQueued(BufferPool pool, int waiters) {
        await().atMost(Duration.ofSeconds(10)).until(() -> pool.queued() == waiters);
    }

    @Test
    void batchSizeBuffersAreReusedAndOthersOnlyCounted() throws InterruptedException {
        // given
        BufferPool pool = new BufferPool(4 * BATCH, BATCH, System::nanoTime);

        // when
        ByteBuffer batch = pool.allocate(BATCH, 0);
        ByteBuffer odd = pool.allocate(100, 0);
        long availableWhileUsed = pool.availableMemory();
        batch.put((byte) 1);
        pool.deallocate(batch);
        pool.deallocate(odd);
        ByteBuffer again = pool.allocate(BATCH, 0);

        // then
        assertThat(batch.capacity()).isEqualTo(BATCH);
        assertThat(odd.capacity()).isEqualTo(100);
        assertThat(availableWhileUsed).isEqualTo(4 * BATCH - BATCH - 100);
        assertThat(again).isSameAs(batch);
        assertThat(again.position()).as("cleared for reuse").isZero();
        assertThat(pool.availableMemory()).isEqualTo(3 * BATCH);
        assertThat(pool.totalMemory()).isEqualTo(4 * BATCH);
    }

    @Test
    void pooledBuffersAreBrokenUpForOtherSizes() throws InterruptedException {
        // given all memory sits in pooled buffers
        BufferPool pool = new BufferPool(2 * BATCH, BATCH, System::nanoTime);
        pool.deallocate(pool.allocate(BATCH, 0));
        ByteBuffer second = pool.allocate(BATCH, 0);
        pool.deallocate(second);

        // when a larger buffer is asked for
        ByteBuffer large = pool.allocate(2 * BATCH, 0);

        // then
        assertThat(large.capacity()).isEqualTo(2 * BATCH);
        assertThat(pool.availableMemory()).isZero();
    }

    @Test
    void blocksWhileFullAndContinuesWhenMemoryIsReturned() throws Exception {
        // given a full pool
        BufferPool pool = new BufferPool(BATCH, BATCH, System::nanoTime);
        ByteBuffer held = pool.allocate(BATCH, 0);

        // when another allocation waits, then the memory comes back
        CompletableFuture<ByteBuffer> waiting = allocateAsync(pool, BATCH, 60_000);
        awaitQueued(pool, 1);
        assertThat(waiting).isNotDone();
        pool.deallocate(held);

        // then
        assertThat(waiting.get()).isSameAs(held);
        assertThat(pool.queued()).isZero();
        assertThat(pool.waitTimeNanosTotal()).isPositive();
    }

    /**
     * buffer.memory not a multiple of batch.size: a waiter first gathers the unpooled remainder, and
     * when a batch buffer comes back it takes that buffer rather than break it up and allocate a new
     * one (kafka-clients' BufferPool breaks it up, a batch.size of garbage per batch).
     */
    @Test
    void aWaiterTakesAReturnedBatchBufferEvenWithPartOfTheRemainderGathered() throws Exception {
        // given two batch buffers in use and half a batch unpooled
        BufferPool pool = new BufferPool(2 * BATCH + BATCH / 2, BATCH, System::nanoTime);
        ByteBuffer first = pool.allocate(BATCH, 0);
        ByteBuffer second = pool.allocate(BATCH, 0);
        CompletableFuture<ByteBuffer> waiting = allocateAsync(pool, BATCH, 10_000);
        awaitQueued(pool, 1);
        assertThat(pool.availableMemory())
                .as("the remainder, gathered by the waiter")
                .isZero();

        // when a batch buffer comes back
        pool.deallocate(first);

        // then the waiter has that very buffer and the remainder is free again
        ByteBuffer third = waiting.get(10, TimeUnit.SECONDS);
        assertThat(third).isSameAs(first);
        assertThat(pool.availableMemory()).isEqualTo(BATCH / 2);
        // and both batch buffers stay pooled: nothing lost, nothing broken up
        pool.deallocate(second);
        pool.deallocate(third);
        assertThat(pool.availableMemory()).isEqualTo(2 * BATCH + BATCH / 2);
        assertThat(pool.allocate(BATCH, 0)).isSameAs(second);
        assertThat(pool.allocate(BATCH, 0)).isSameAs(third);
    }

    @Test
    void timesOutAfterMaxBlockSayingBufferFull() throws InterruptedException {
        // given a full pool
        BufferPool pool = new BufferPool(BATCH, BATCH, System::nanoTime);
        pool.allocate(BATCH, 0);
        long start = System.nanoTime();

        // when / then
        assertThatThrownBy(() -> pool.allocate(BATCH, 50))
                .isInstanceOf(TimeoutException.class)
                .hasMessageContaining("buffer full")
                .hasMessageContaining("max.block.ms=50")
                .hasMessageContaining("buffer.memory=" + BATCH);
        long waitedMs = (System.nanoTime() - start) / 1_000_000;
        assertThat(waitedMs)
                .as("not before max.block.ms")
                .isGreaterThanOrEqualTo(50)
                .isLessThan(10_000);
        assertThat(pool.queued()).isZero();
    }

    @Test
    void zeroMaxBlockFailsAtOnceWhenFull() throws InterruptedException {
        BufferPool pool = new BufferPool(BATCH, BATCH, System::nanoTime);
        pool.allocate(BATCH, 0);
        assertThatThrownBy(() -> pool.allocate(1, 0)).isInstanceOf(TimeoutException.class);
    }

    @Test
    void largeRequestGathersMemoryPieceByPieceAndGivesItBackOnTimeout() throws Exception {
        // given three odd-sized buffers in use
        BufferPool pool = new BufferPool(3 * 100, BATCH, System::nanoTime);
        ByteBuffer a = pool.allocate(100, 0);
        ByteBuffer b = pool.allocate(100, 0);
        pool.allocate(100, 0);

        // when a request for 300 bytes waits while only two come back, then gives up
        CompletableFuture<ByteBuffer> waiting = allocateAsync(pool, 300, 300);
        awaitQueued(pool, 1);
        pool.deallocate(a);
        pool.deallocate(b);

        // then the 200 bytes it gathered are not lost
        assertThat(waiting)
                .failsWithin(Duration.ofSeconds(10))
                .withThrowableThat()
                .havingRootCause()
                .isInstanceOf(TimeoutException.class);
        assertThat(pool.availableMemory()).isEqualTo(200);
    }

    @Test
    void waitersAreServedFirstComeFirstServed() throws Exception {
        // given a full pool and two waiters, a large one first
        BufferPool pool = new BufferPool(2 * BATCH, BATCH, System::nanoTime);
        ByteBuffer one = pool.allocate(BATCH, 0);
        ByteBuffer two = pool.allocate(BATCH, 0);
        CompletableFuture<ByteBuffer> first = allocateAsync(pool, 2 * BATCH, 60_000);
        awaitQueued(pool, 1);
        CompletableFuture<ByteBuffer> second = allocateAsync(pool, 10, 60_000);
        awaitQueued(pool, 2);

        // when half the memory comes back, the small request behind must not overtake
        pool.deallocate(one);
        await().atMost(Duration.ofSeconds(10)).until(() -> pool.availableMemory() == 0);
        assertThat(first).isNotDone();
        assertThat(second).isNotDone();
        pool.deallocate(two);

        // then
        assertThat(first.get().capacity()).isEqualTo(2 * BATCH);
        assertThat(second).isNotDone();
        pool.deallocate(first.get());
        assertThat(second.get().capacity()).isEqualTo(10);
    }

    @Test
    void newcomersQueueBehindWaitersEvenIfTheirSizeWouldFit() throws Exception {
        // given a waiter for more than is free
        BufferPool pool = new BufferPool(2 * BATCH, BATCH, System::nanoTime);
        ByteBuffer held = pool.allocate(BATCH + 1, 0);
        CompletableFuture<ByteBuffer> waiting = allocateAsync(pool, 2 * BATCH, 60_000);
        awaitQueued(pool, 1);

        // when a small request arrives that the free memory could serve
        assertThatThrownBy(() -> pool.allocate(10, 0)).isInstanceOf(TimeoutException.class);

        // then the waiter still gets everything once the memory returns
        pool.deallocate(held);
        assertThat(waiting.get().capacity()).isEqualTo(2 * BATCH);
    }

    @Test
    void closeFailsWaitersAndLaterAllocations() throws InterruptedException {
        // given
        BufferPool pool = new BufferPool(BATCH, BATCH, System::nanoTime);
        pool.allocate(BATCH, 0);
        CompletableFuture<ByteBuffer> waiting = allocateAsync(pool, BATCH, 60_000);
        awaitQueued(pool, 1);

        // when
        pool.close();

        // then
        assertThat(waiting)
                .failsWithin(Duration.ofSeconds(10))
                .withThrowableThat()
                .havingRootCause()
                .isInstanceOf(ProducerClosedException.class)
                .withMessageContaining("producer closed");
        assertThatThrownBy(() -> pool.allocate(1, 0)).isInstanceOf(ProducerClosedException.class);
    }

    @Test
    void interruptedWaiterLeavesTheQueueWithoutLosingMemory() throws InterruptedException {
        // given a waiter that already gathered part of its memory
        BufferPool pool = new BufferPool(200, BATCH, System::nanoTime);
        ByteBuffer half = pool.allocate(100, 0);
        pool.allocate(100, 0);
        Thread[] waiter = new Thread[1];
        CompletableFuture<ByteBuffer> waiting = CompletableFuture.supplyAsync(
                () -> {
                    waiter[0] = Thread.currentThread();
                    try {
                        return pool.allocate(200, 60_000);
                    } catch (InterruptedException e) {
                        throw new CompletionException(e);
                    }
                },
                threads);
        awaitQueued(pool, 1);
        pool.deallocate(half);
        await().atMost(Duration.ofSeconds(10)).until(() -> pool.availableMemory() == 0);

        // when
        waiter[0].interrupt();

        // then
        assertThat(waiting)
                .failsWithin(Duration.ofSeconds(10))
                .withThrowableThat()
                .havingRootCause()
                .isInstanceOf(InterruptedException.class);
        assertThat(pool.queued()).isZero();
        assertThat(pool.availableMemory()).isEqualTo(100);
    }

    @Test
    void waitTimeIsMeasuredWithTheInjectedClock() throws Exception {
        // given a clock that advances 1 ms per reading
        AtomicLong now = new AtomicLong();
        BufferPool pool = new BufferPool(BATCH, BATCH, () -> now.addAndGet(1_000_000));
        ByteBuffer held = pool.allocate(BATCH, 0);

        // when one allocation waits once
        CompletableFuture<ByteBuffer> waiting = allocateAsync(pool, BATCH, 60_000);
        awaitQueued(pool, 1);
        pool.deallocate(held);
        waiting.get();

        // then exactly the clock's readings around the wait are counted
        assertThat(pool.waitTimeNanosTotal()).isEqualTo(1_000_000);
    }

    @Test
    void requestLargerThanThePoolIsRejected() {
        BufferPool pool = new BufferPool(BATCH, BATCH, System::nanoTime);
        assertThatThrownBy(() -> pool.allocate(BATCH + 1, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("buffer.memory");
    }
}
