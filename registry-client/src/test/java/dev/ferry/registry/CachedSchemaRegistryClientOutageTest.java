package dev.ferry.registry;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okForContentType;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The registry goes away after warm-up; and "latest" is refreshed ahead of expiry while it is up. */
class CachedSchemaRegistryClientOutageTest {

    static final String CT = "application/vnd.schemaregistry.v1+json";
    static final Duration TTL = Duration.ofSeconds(60);

    private final MutableClock clock = new MutableClock();
    private WireMockServer server;
    private CachedSchemaRegistryClient client;

    @BeforeEach
    void start() {
        server = new WireMockServer(wireMockConfig().dynamicPort());
        server.start();
        server.stubFor(post("/subjects/orders-value/versions").willReturn(okForContentType(CT, "{\"id\":1}")));
        server.stubFor(get("/schemas/ids/1").willReturn(okForContentType(CT, "{\"schema\":\"\\\"string\\\"\"}")));
        server.stubFor(get("/subjects/orders-value/versions/latest").willReturn(okForContentType(CT,
                "{\"subject\":\"orders-value\",\"version\":1,\"id\":1,\"schema\":\"\\\"string\\\"\"}")));
        client = new CachedSchemaRegistryClient(SchemaRegistryConfig.builder().urls(server.baseUrl())
                .maxRetries(2).retryWait(Duration.ofMillis(5)).retryMaxWait(Duration.ofMillis(20))
                .connectTimeout(Duration.ofSeconds(2)).latestCacheTtl(TTL).clock(clock).build());
    }

    @AfterEach
    void stop() {
        client.close();
        server.stop();
    }

    @Test
    void afterWarmUpCachedAnswersAndLatestSurviveTheOutageWithOneWarn() {
        Schema schema = Schema.avro("\"string\"");
        int id = client.register("orders-value", schema);
        client.schemaById(id);
        RegisteredSchema latest = client.latest("orders-value");

        server.stop();
        clock.advance(TTL.plusSeconds(1));
        try (LogCapture log = new LogCapture()) {
            assertThat(client.register("orders-value", schema)).isEqualTo(1);
            assertThat(client.schemaById(1)).isEqualTo(schema);
            for (int i = 0; i < 5; i++) {
                assertThat(client.latest("orders-value")).isEqualTo(latest);
                clock.advance(TTL);
            }
            SchemaRegistryException newSubject = catchThrowableOfType(SchemaRegistryException.class,
                    () -> client.register("payments-value", schema));

            assertThat(newSubject.isRetriable()).isTrue();
            assertThat(newSubject.httpStatus()).isZero();
            assertThat(newSubject.attempts()).isEqualTo(3);
            assertThat(newSubject).hasMessageContaining("POST /subjects/payments-value/versions")
                    .hasMessageContaining("gave up after 3 attempts");
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(log.text()
                    .lines().filter(line -> line.contains("WARN") && line.contains("serving the last known"))
                    .count()).isEqualTo(1));
        }
    }

    @Test
    void latestIsRefreshedAheadOfExpiryInTheBackground() {
        assertThat(client.latest("orders-value").version()).isEqualTo(1);
        server.stubFor(get("/subjects/orders-value/versions/latest").willReturn(okForContentType(CT,
                "{\"subject\":\"orders-value\",\"version\":2,\"id\":2,\"schema\":\"\\\"int\\\"\"}")));

        clock.advance(TTL.multipliedBy(85).dividedBy(100));

        assertThat(client.latest("orders-value").version()).as("served at once, refreshed behind").isEqualTo(1);
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(client.latest("orders-value").version()).isEqualTo(2));
    }

    @Test
    void latestWithinItsTtlIsNotFetchedAgain() {
        client.latest("orders-value");
        clock.advance(TTL.dividedBy(2));
        client.latest("orders-value");

        assertThat(server.findAll(com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(
                com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo("/subjects/orders-value/versions/latest"))))
                .hasSize(1);
    }

    @Test
    void anExpiredLatestIsFetchedBeforeAnsweringWhileTheRegistryIsUp() {
        client.latest("orders-value");
        server.stubFor(get("/subjects/orders-value/versions/latest").willReturn(okForContentType(CT,
                "{\"subject\":\"orders-value\",\"version\":3,\"id\":3,\"schema\":\"\\\"int\\\"\"}")));

        clock.advance(TTL.plusSeconds(1));

        assertThat(client.latest("orders-value").version()).isEqualTo(3);
    }
}
