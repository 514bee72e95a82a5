package dev.ferry.serdes.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class IdCacheTest {

    @Test
    void keepsEveryIdThroughGrowthIncludingNegativeAndColliding() {
        IdCache<String> cache = new IdCache<>();
        List<Integer> ids = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            ids.add(i * 1024);
        }
        ids.addAll(List.of(-1, Integer.MIN_VALUE, Integer.MAX_VALUE, 0x9E3779B9));

        ids.forEach(id -> cache.computeIfAbsent(id, key -> "schema " + key));

        assertThat(ids).allSatisfy(id -> assertThat(cache.get(id)).isEqualTo("schema " + id));
        assertThat(cache.get(7)).isNull();
        assertThat(cache.get(1023)).isNull();
    }

    @Test
    void computesOncePerIdAndKeepsTheFirstValue() {
        IdCache<String> cache = new IdCache<>();
        AtomicInteger computed = new AtomicInteger();

        String first = cache.computeIfAbsent(42, id -> "v" + computed.incrementAndGet());
        String second = cache.computeIfAbsent(42, id -> "v" + computed.incrementAndGet());

        assertThat(first).isEqualTo("v1");
        assertThat(second).isSameAs(first);
        assertThat(computed).hasValue(1);
    }

    @Test
    void concurrentFirstCallsAllGetTheValueStored() throws Exception {
        IdCache<Object> cache = new IdCache<>();
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Object>> answers = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                answers.add(threads.submit(() -> {
                    start.await();
                    return cache.computeIfAbsent(7, id -> new Object());
                }));
            }
            start.countDown();
            List<Object> values = new ArrayList<>();
            for (Future<Object> answer : answers) {
                values.add(answer.get());
            }

            assertThat(cache.get(7)).isNotNull();
            assertThat(values).allSatisfy(value -> assertThat(value).isSameAs(cache.get(7)));
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void aComputationWithoutValueIsAnError() {
        IdCache<String> cache = new IdCache<>();

        assertThatThrownBy(() -> cache.computeIfAbsent(3, id -> null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("schema id 3");
        assertThat(cache.get(3)).isNull();
    }
}
