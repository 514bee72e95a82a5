package dev.ferry.registry;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okForContentType;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import dev.ferry.common.testing.LogCapture;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Once a value is known, no call waits for the registry: warmed up, then the registry hangs
 * (answers never come) or goes away, and calls on known schemas answer at once with the right value
 * while the background refresh is still pending, across several TTL periods of an injected clock;
 * when the registry is back the refresh picks up the new latest version. Proven by what the
 * registry holds and was asked, never by elapsed time.
 */
class CachedSchemaRegistryClientOutageTest {

    static final String CT = "application/vnd.schemaregistry.v1+json";
    static final Duration TTL = Duration.ofSeconds(60);
    /** Longer than any test here needs the registry to hang; a client that waits fails instead of hanging. */
    static final Duration HANG_BOUND = Duration.ofSeconds(20);

    static final String LATEST = "/subjects/orders-value/versions/latest";
    static final Schema STRING = Schema.avro("\"string\"");
    static final Schema MONEY = Schema.avro("{\"type\":\"fixed\",\"name\":\"Money\",\"size\":8}");
    static final RegisteredSchema V1 = new RegisteredSchema("orders-value", 1, 1, STRING);
    static final RegisteredSchema V2 = new RegisteredSchema("orders-value", 2, 2, Schema.avro("\"int\""));

    private final MutableClock clock = new MutableClock();
    private final Hang hang = new Hang(HANG_BOUND);
    private final RecordingListener listener = new RecordingListener();
    private WireMockServer server;
    private CachedSchemaRegistryClient client;

    @BeforeEach
    void start() {
        server = new WireMockServer(wireMockConfig().dynamicPort().extensions(hang));
        server.start();
        server.stubFor(post("/subjects/orders-value/versions").willReturn(json("{\"id\":1}")));
        server.stubFor(post("/subjects/orders-value").willReturn(json(registered(V1))));
        server.stubFor(get("/schemas/ids/1").willReturn(json("{\"schema\":\"\\\"string\\\"\"}")));
        server.stubFor(get(LATEST).willReturn(json(registered(V1))));
        server.stubFor(get("/subjects/money-value/versions/1")
                .willReturn(json("{\"subject\":\"money-value\",\"version\":1,\"id\":7,\"schema\":"
                        + quoted(MONEY.text()) + "}")));
        server.stubFor(
                get("/config/orders-value?defaultToGlobal=true").willReturn(json("{\"compatibilityLevel\":\"FULL\"}")));
        server.stubFor(get("/mode/orders-value?defaultToGlobal=true").willReturn(json("{\"mode\":\"READWRITE\"}")));
        client = new CachedSchemaRegistryClient(SchemaRegistryConfig.builder()
                .urls(server.baseUrl())
                .maxRetries(1)
                .retryWait(Duration.ofMillis(5))
                .retryMaxWait(Duration.ofMillis(20))
                .connectTimeout(Duration.ofSeconds(2))
                .readTimeout(HANG_BOUND.multipliedBy(3))
                .latestCacheTtl(TTL)
                .clock(clock)
                .listener(listener)
                .build());
    }

    @AfterEach
    void stop() {
        hang.release();
        client.close();
        server.stop();
    }

    @Test
    void knownSchemasAreServedAtOnceWhileTheRefreshHangsAndTheNewLatestIsPickedUpWhenTheRegistryIsBack() {
        // given: the caches are warm
        assertThat(client.register("orders-value", STRING)).isEqualTo(1);
        assertThat(client.lookup("orders-value", STRING)).isEqualTo(V1);
        assertThat(client.schemaById(1)).isEqualTo(STRING);
        assertThat(client.schema("money-value", 1).schema()).isEqualTo(MONEY);
        assertThat(client.latest("orders-value")).isEqualTo(V1);
        List<String> warmUp = requestsOtherThanLatest();

        // when: the registry hangs on every request
        StubMapping hung = server.stubFor(hanging(any(anyUrl())));

        // then: across several TTL periods every known answer comes at once, with the one refresh still held
        for (int period = 1; period <= 4; period++) {
            clock.advance(TTL.plusSeconds(1));
            assertThat(client.latest("orders-value"))
                    .as("latest, period %s", period)
                    .isEqualTo(V1);
            assertThat(client.register("orders-value", STRING)).isEqualTo(1);
            assertThat(client.lookup("orders-value", STRING)).isEqualTo(V1);
            assertThat(client.schemaById(1)).isEqualTo(STRING);
            assertThat(client.schema("money-value", 1).schema()).isEqualTo(MONEY);
            await().atMost(HANG_BOUND.dividedBy(2)).untilAsserted(() -> assertThat(hang.held())
                    .as("the refresh of the latest version, sent and unanswered")
                    .containsExactly("GET " + LATEST));
        }
        assertThat(hang.arrived())
                .as("one refresh, however many calls and periods")
                .containsExactly("GET " + LATEST);

        // when: the registry is back with a new latest version; the held request gets its 503 first
        server.removeStub(hung);
        server.stubFor(get(LATEST).willReturn(json(registered(V2))));
        hang.release();

        // then: the refresh goes on in the background and picks up version 2; facts never asked again
        await().atMost(HANG_BOUND).untilAsserted(() -> {
            clock.advance(TTL);
            assertThat(client.latest("orders-value")).isEqualTo(V2);
        });
        assertThat(requestsOtherThanLatest())
                .as("immutable facts are never asked again")
                .isEqualTo(warmUp);
    }

    @Test
    void compatibilityAndModeAreServedAtOnceWhileTheirRefreshesHang() {
        assertThat(client.compatibility("orders-value", true)).contains(CompatibilityLevel.FULL);
        assertThat(client.mode("orders-value")).isEqualTo(Mode.READWRITE);
        server.stubFor(hanging(any(anyUrl())));

        for (int period = 1; period <= 3; period++) {
            clock.advance(TTL.plusSeconds(1));
            assertThat(client.compatibility("orders-value", true)).isEqualTo(Optional.of(CompatibilityLevel.FULL));
            assertThat(client.mode("orders-value")).isEqualTo(Mode.READWRITE);
            await().atMost(HANG_BOUND.dividedBy(2)).untilAsserted(() -> assertThat(hang.held())
                    .containsExactlyInAnyOrder(
                            "GET /config/orders-value?defaultToGlobal=true",
                            "GET /mode/orders-value?defaultToGlobal=true"));
        }
        assertThat(hang.arrived()).hasSize(2);
    }

    /** What the registry was asked, but for latest versions, sorted. */
    private List<String> requestsOtherThanLatest() {
        return server.getAllServeEvents().stream()
                .map(event -> event.getRequest().getMethod() + " "
                        + event.getRequest().getUrl())
                .filter(request -> !request.equals("GET " + LATEST))
                .sorted()
                .toList();
    }

    @Test
    void latestWithinItsTtlIsNotFetchedAgain() {
        client.latest("orders-value");
        clock.advance(TTL.minusSeconds(1));
        client.latest("orders-value");

        assertThat(server.findAll(getRequestedFor(urlEqualTo(LATEST)))).hasSize(1);
        assertThat(client.refreshStats().staleServed()).isZero();
    }

    @Test
    void pastItsTtlLatestIsServedAtOnceAndRefreshedBehindWhileTheRegistryIsUp() {
        assertThat(client.latest("orders-value")).isEqualTo(V1);
        server.stubFor(get(LATEST).willReturn(json(registered(V2))));
        clock.advance(TTL);

        assertThat(client.latest("orders-value"))
                .as("served at once, refreshed behind")
                .isEqualTo(V1);
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(client.latest("orders-value")).isEqualTo(V2));
        assertThat(server.findAll(getRequestedFor(urlEqualTo(LATEST)))).hasSize(2);
        assertThat(client.refreshStats().refreshes()).isEqualTo(1);
    }

    @Test
    void anOutageIsLoggedOnceHoweverManyCallsAndRefreshesFailAndItsEndOnce() {
        assertThat(client.register("orders-value", STRING)).isEqualTo(1);
        assertThat(client.latest("orders-value")).isEqualTo(V1);
        assertThat(client.compatibility("orders-value", true)).contains(CompatibilityLevel.FULL);
        StubMapping gone = server.stubFor(
                any(anyUrl()).atPriority(1).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

        try (LogCapture log = new LogCapture()) {
            for (int period = 1; period <= 4; period++) {
                clock.advance(TTL);
                for (int call = 0; call < 50; call++) {
                    assertThat(client.latest("orders-value")).isEqualTo(V1);
                    assertThat(client.compatibility("orders-value", true)).contains(CompatibilityLevel.FULL);
                    assertThat(client.register("orders-value", STRING)).isEqualTo(1);
                }
                long failed = 2L * period;
                await().atMost(Duration.ofSeconds(10))
                        .untilAsserted(() -> assertThat(client.refreshStats().refreshFailures())
                                .as("one failed refresh per key and period, not one per call")
                                .isEqualTo(failed));
            }
            SchemaRegistryException newSubject = catchThrowableOfType(
                    SchemaRegistryException.class, () -> client.register("payments-value", STRING));
            assertThat(newSubject.isRetriable()).isTrue();
            assertThat(newSubject.attempts()).isEqualTo(2);
            assertThat(newSubject)
                    .hasMessageContaining("POST /subjects/payments-value/versions")
                    .hasMessageContaining("gave up after 2 attempts");

            server.removeStub(gone);
            clock.advance(TTL);
            assertThat(client.latest("orders-value")).isEqualTo(V1);
            assertThat(client.compatibility("orders-value", true)).contains(CompatibilityLevel.FULL);
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(
                            () -> assertThat(client.refreshStats().refreshes()).isEqualTo(2));

            assertThat(client.refreshStats().staleServed()).isEqualTo(2 * 50 * 4 + 2);
            assertThat(client.refreshStats().unreachableSince()).isEmpty();
            assertThat(lines(log, "WARN"))
                    .singleElement()
                    .asString()
                    .contains("Schema registry unreachable: serving the last known values past latest.cache.ttl.sec")
                    .containsAnyOf(
                            "the latest version of subject 'orders-value' failed",
                            "the compatibility level of subject 'orders-value' failed")
                    .contains("I/O error on " + server.baseUrl() + "/");
            assertThat(lines(log, "INFO"))
                    .singleElement()
                    .asString()
                    .contains("Schema registry answers again after 240 s");
        }
    }

    @Test
    void theListenerHearsEachFailedRefreshNotEachCallAndTheRecoveryOnce() {
        Instant warmedUp = clock.instant();
        assertThat(client.latest("orders-value")).isEqualTo(V1);
        StubMapping gone = server.stubFor(
                any(anyUrl()).atPriority(1).willReturn(aResponse().withStatus(503)));

        clock.advance(TTL);
        Instant outageStart = clock.instant();
        for (int call = 0; call < 10; call++) {
            assertThat(client.latest("orders-value")).isEqualTo(V1);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> listener.failures.size() == 1);
        clock.advance(TTL);
        for (int call = 0; call < 10; call++) {
            assertThat(client.latest("orders-value")).isEqualTo(V1);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> listener.failures.size() == 2);

        RefreshFailure first = listener.failures.get(0);
        assertThat(first.what()).isEqualTo("latest version");
        assertThat(first.key()).isEqualTo("orders-value");
        assertThat(first.error()).hasMessageContaining("GET /subjects/orders-value/versions/latest failed: HTTP 503");
        assertThat(first.consecutiveFailures()).isEqualTo(1);
        assertThat(first.outageSince()).isEqualTo(outageStart);
        assertThat(first.nextAttempt()).isAfter(outageStart).isBeforeOrEqualTo(outageStart.plusMillis(5));
        RefreshFailure second = listener.failures.get(1);
        assertThat(second.consecutiveFailures()).isEqualTo(2);
        assertThat(second.outageSince()).isEqualTo(outageStart);
        assertThat(client.refreshStats())
                .isEqualTo(new RefreshStats(20, 0, 2, Optional.of(warmedUp), Optional.of(outageStart)));
        assertThat(listener.recoveries).isEmpty();

        server.removeStub(gone);
        server.stubFor(get(LATEST).willReturn(json(registered(V2))));
        clock.advance(TTL);
        Instant back = clock.instant();
        assertThat(client.latest("orders-value")).isEqualTo(V1);
        await().atMost(Duration.ofSeconds(10)).until(() -> client.refreshStats().refreshes() == 1);

        assertThat(client.latest("orders-value")).isEqualTo(V2);
        assertThat(listener.recoveries).containsExactly(Duration.between(outageStart, back));
        assertThat(listener.failures).hasSize(2);
        assertThat(client.refreshStats()).isEqualTo(new RefreshStats(21, 1, 2, Optional.of(back), Optional.empty()));
    }

    private static List<String> lines(LogCapture log, String level) {
        return log.text()
                .lines()
                .filter(line -> line.contains(" " + level + " "))
                .toList();
    }

    private static MappingBuilder hanging(MappingBuilder request) {
        return request.atPriority(1).willReturn(aResponse().withTransformers(Hang.NAME));
    }

    static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(String body) {
        return okForContentType(CT, body);
    }

    static String registered(RegisteredSchema schema) {
        return "{\"subject\":\"" + schema.subject() + "\",\"version\":" + schema.version() + ",\"id\":" + schema.id()
                + ",\"schema\":" + quoted(schema.schema().text()) + "}";
    }

    static String quoted(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
