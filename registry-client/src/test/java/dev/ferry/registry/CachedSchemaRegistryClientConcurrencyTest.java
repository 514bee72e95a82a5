package dev.ferry.registry;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okForContentType;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Per-key single flight: one request per key however many threads miss; different keys in parallel,
 * proven by the registry holding all of them at once.
 */
class CachedSchemaRegistryClientConcurrencyTest {

    static final int THREADS = 64;
    static final int DELAY_MS = 250;
    static final String CT = "application/vnd.schemaregistry.v1+json";

    static final InFlightGauge GAUGE = new InFlightGauge(THREADS);

    @RegisterExtension
    static WireMockExtension registry = WireMockExtension.newInstance()
            .options(
                    wireMockConfig().dynamicPort().containerThreads(THREADS * 2).extensions(GAUGE))
            .build();

    /**
     * Holds each request it is attached to until {@code expected} are in flight together, and records
     * the most that were. The hold is bounded, so requests made one after another are counted as 1
     * and fail the assertion instead of hanging the test.
     */
    static final class InFlightGauge extends AttachedTransformer {
        static final String NAME = "in-flight-gauge";

        private final CountDownLatch allArrived;
        private final AtomicInteger inFlight = new AtomicInteger();
        private final AtomicInteger maxInFlight = new AtomicInteger();

        InFlightGauge(int expected) {
            super(NAME);
            this.allArrived = new CountDownLatch(expected);
        }

        @Override
        public ResponseDefinition transform(ServeEvent serveEvent) {
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            allArrived.countDown();
            try {
                allArrived.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                inFlight.decrementAndGet();
            }
            return serveEvent.getResponseDefinition();
        }

        int maxInFlight() {
            return maxInFlight.get();
        }
    }

    private static CachedSchemaRegistryClient client() {
        return new CachedSchemaRegistryClient(SchemaRegistryConfig.builder()
                .urls(registry.baseUrl())
                .maxRetries(0)
                .readTimeout(Duration.ofSeconds(30))
                .build());
    }

    private static <T> List<T> runTogether(List<Callable<T>> tasks) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
        CyclicBarrier start = new CyclicBarrier(tasks.size());
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> task : tasks) {
                futures.add(pool.submit(() -> {
                    start.await(30, TimeUnit.SECONDS);
                    return task.call();
                }));
            }
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get(60, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void sixtyFourThreadsMissingTheSameIdMakeExactlyOneRequest() throws Exception {
        registry.stubFor(get("/schemas/ids/77")
                .willReturn(
                        okForContentType(CT, "{\"schema\":\"\\\"string\\\"\"}").withFixedDelay(DELAY_MS)));
        List<Callable<Schema>> tasks = new ArrayList<>();
        try (CachedSchemaRegistryClient client = client()) {
            for (int i = 0; i < THREADS; i++) {
                tasks.add(() -> client.schemaById(77));
            }

            List<Schema> results = runTogether(tasks);

            assertThat(results).hasSize(THREADS).containsOnly(Schema.avro("\"string\""));
        }
        registry.verify(1, getRequestedFor(urlEqualTo("/schemas/ids/77")));
    }

    @Test
    void sixtyFourThreadsMissingDifferentIdsProceedInParallel() throws Exception {
        registry.stubFor(get(urlPathMatching("/schemas/ids/[0-9]+"))
                .willReturn(
                        okForContentType(CT, "{\"schema\":\"\\\"long\\\"\"}").withTransformers(InFlightGauge.NAME)));
        List<Callable<Schema>> tasks = new ArrayList<>();
        try (CachedSchemaRegistryClient client = client()) {
            for (int i = 0; i < THREADS; i++) {
                int id = 1000 + i;
                tasks.add(() -> client.schemaById(id));
            }

            List<Schema> results = runTogether(tasks);

            assertThat(results).hasSize(THREADS).containsOnly(Schema.avro("\"long\""));
        }
        registry.verify(THREADS, getRequestedFor(urlPathMatching("/schemas/ids/[0-9]+")));
        assertThat(GAUGE.maxInFlight())
                .as("requests the registry held at the same time")
                .isEqualTo(THREADS);
    }

    @Test
    void concurrentRegistrationsOfOneSchemaMakeOneRequest() throws Exception {
        registry.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post("/subjects/s-value/versions")
                .willReturn(okForContentType(CT, "{\"id\":3}").withFixedDelay(DELAY_MS)));
        List<Callable<Integer>> tasks = new ArrayList<>();
        try (CachedSchemaRegistryClient client = client()) {
            for (int i = 0; i < THREADS; i++) {
                tasks.add(() -> client.register("s-value", Schema.avro("\"string\"")));
            }

            assertThat(runTogether(tasks)).hasSize(THREADS).containsOnly(3);
        }
        registry.verify(
                1,
                com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(
                        urlEqualTo("/subjects/s-value/versions")));
    }
}
