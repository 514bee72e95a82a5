package dev.ferry.registry.internal.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okForContentType;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.ferry.registry.SchemaRegistryConfig;
import dev.ferry.registry.SchemaRegistryException;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RestTransportTest {

    static final String CT = "application/vnd.schemaregistry.v1+json";

    @RegisterExtension
    static WireMockExtension registry = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort())
            .build();

    private final List<Duration> waits = new ArrayList<>();

    private RestTransport transport(int maxRetries) {
        return new RestTransport(
                SchemaRegistryConfig.builder()
                        .urls(registry.baseUrl())
                        .maxRetries(maxRetries)
                        .retryWait(Duration.ofMillis(100))
                        .retryMaxWait(Duration.ofSeconds(30))
                        .build(),
                waits::add,
                () -> 0.5);
    }

    @Test
    void honoursRetryAfterOn429() {
        registry.stubFor(get("/subjects")
                .inScenario("limited")
                .whenScenarioStateIs("Started")
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "7"))
                .willSetStateTo("ok"));
        registry.stubFor(get("/subjects")
                .inScenario("limited")
                .whenScenarioStateIs("ok")
                .willReturn(okForContentType(CT, "[\"a\"]")));

        try (RestTransport transport = transport(3)) {
            assertThat(transport.send(RestRequest.get("subjects")).get(0).asText())
                    .isEqualTo("a");
        }

        assertThat(waits).containsExactly(Duration.ofSeconds(7));
        registry.verify(2, getRequestedFor(urlEqualTo("/subjects")));
    }

    @Test
    void exponentialBackoffBetweenRetriesThenGivesUp() {
        registry.stubFor(get("/subjects").willReturn(aResponse().withStatus(503)));

        SchemaRegistryException e;
        try (RestTransport transport = transport(3)) {
            e = catchThrowableOfType(SchemaRegistryException.class, () -> transport.send(RestRequest.get("subjects")));
        }

        assertThat(waits).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(400));
        assertThat(e.attempts()).isEqualTo(4);
        assertThat(e.httpStatus()).isEqualTo(503);
        registry.verify(4, getRequestedFor(urlEqualTo("/subjects")));
    }

    @Test
    void doesNotRetryClientErrors() {
        registry.stubFor(get("/subjects")
                .willReturn(aResponse()
                        .withStatus(401)
                        .withHeader("Content-Type", CT)
                        .withBody("{\"error_code\":401,\"message\":\"Unauthorized\"}")));

        try (RestTransport transport = transport(3)) {
            catchThrowableOfType(SchemaRegistryException.class, () -> transport.send(RestRequest.get("subjects")));
        }

        assertThat(waits).isEmpty();
        registry.verify(1, getRequestedFor(urlEqualTo("/subjects")));
    }

    @Test
    void parsesRetryAfterInSecondsOrAsAnHttpDate() {
        String inTenSeconds = DateTimeFormatter.RFC_1123_DATE_TIME.format(
                ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(10));

        assertThat(RestTransport.retryAfter("12")).isEqualTo(Duration.ofSeconds(12));
        assertThat(RestTransport.retryAfter(inTenSeconds)).isBetween(Duration.ofSeconds(5), Duration.ofSeconds(10));
        assertThat(RestTransport.retryAfter("Wed, 21 Oct 2015 07:28:00 GMT")).isEqualTo(Duration.ZERO);
        assertThat(RestTransport.retryAfter("soon")).isNull();
        assertThat(RestTransport.retryAfter(null)).isNull();
    }

    @Test
    void requestDisplayShowsMethodPathAndQuery() {
        assertThat(RestRequest.get("subjects", "a b", "versions")
                        .query("deleted", "true")
                        .display())
                .isEqualTo("GET /subjects/a b/versions?deleted=true");
    }
}
