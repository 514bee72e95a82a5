package dev.ferry.serdes;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okForContentType;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.ferry.serdes.TestSerdeConfigs.USE_LATEST_VERSION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import dev.ferry.common.Headers;
import dev.ferry.registry.CachedSchemaRegistryClient;
import dev.ferry.registry.Hang;
import dev.ferry.registry.SchemaRegistryConfig;
import dev.ferry.serdes.avro.AvroDeserializer;
import dev.ferry.serdes.avro.AvroSerializer;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The send path during a registry outage, as issue 21 found it: a {@code use.latest.version}
 * serializer, an auto-registering one and a deserializer with its own client, warmed against a
 * registry speaking Confluent's REST API, which then hangs. Every record is written and read with
 * the schemas already known while the one refresh of the latest version is held, across several
 * TTL periods of the clients' clock; once the registry is back the serializer writes with the new
 * latest version. And the time to live is the client's alone: the serializer keeps none of its own.
 */
class LatestVersionOutageTest {

    static final String CT = "application/vnd.schemaregistry.v1+json";
    static final Duration TTL = Duration.ofSeconds(60);
    static final Duration HANG_BOUND = Duration.ofSeconds(20);
    static final String LATEST = "/subjects/pings-value/versions/latest";
    // v2 adds a symbol, not a field: a record of v1's shape can be written with either.
    static final Schema V1 = new Schema.Parser().parse("""
            {"type":"record","name":"Ping","namespace":"t","fields":[{"name":"id","type":"string"},
             {"name":"level","type":{"type":"enum","name":"Level","symbols":["LOW","HIGH"]}}]}""");
    static final Schema V2 = new Schema.Parser().parse("""
            {"type":"record","name":"Ping","namespace":"t","fields":[{"name":"id","type":"string"},
             {"name":"level","type":{"type":"enum","name":"Level","symbols":["LOW","HIGH","URGENT"]}}]}""");

    private final AtomicLong now = new AtomicLong(1_700_000_000_000L);
    private final InstantSource clock = () -> Instant.ofEpochMilli(now.get());
    private final Hang hang = new Hang(HANG_BOUND);
    private final Headers headers = new Headers();
    private WireMockServer server;
    private CachedSchemaRegistryClient producerRegistry;
    private CachedSchemaRegistryClient consumerRegistry;
    private AvroSerializer<GenericRecord> latestSerializer;
    private AvroSerializer<GenericRecord> registeringSerializer;
    private AvroDeserializer<GenericRecord> deserializer;

    @BeforeEach
    void start() {
        server = new WireMockServer(wireMockConfig().dynamicPort().extensions(hang));
        server.start();
        server.stubFor(get(LATEST).willReturn(json(registered(1, 1, V1))));
        server.stubFor(post("/subjects/pongs-value/versions").willReturn(json("{\"id\":5}")));
        server.stubFor(get("/schemas/ids/1").willReturn(json("{\"schema\":" + quoted(V1.toString()) + "}")));
        server.stubFor(get("/schemas/ids/5").willReturn(json("{\"schema\":" + quoted(V1.toString()) + "}")));
        producerRegistry = client();
        consumerRegistry = client();
        latestSerializer = AvroSerializer.<GenericRecord>builder(producerRegistry)
                .config(USE_LATEST_VERSION)
                .build();
        registeringSerializer =
                AvroSerializer.<GenericRecord>builder(producerRegistry).build();
        deserializer = AvroDeserializer.<GenericRecord>builder(consumerRegistry).build();
    }

    private CachedSchemaRegistryClient client() {
        return new CachedSchemaRegistryClient(SchemaRegistryConfig.builder()
                .urls(server.baseUrl())
                .maxRetries(1)
                .retryWait(Duration.ofMillis(5))
                .retryMaxWait(Duration.ofMillis(20))
                .readTimeout(HANG_BOUND.multipliedBy(3))
                .latestCacheTtl(TTL)
                .clock(clock)
                .build());
    }

    @AfterEach
    void stop() {
        hang.release();
        producerRegistry.close();
        consumerRegistry.close();
        server.stop();
    }

    @Test
    void knownSchemasKeepFlowingWhileTheRegistryHangsAndTheNewLatestIsUsedWhenItIsBack() {
        // given: both serializers and the deserializer warm
        assertThat(roundTrip("pings", latestSerializer, 0)).isEqualTo(1);
        assertThat(roundTrip("pongs", registeringSerializer, 0)).isEqualTo(5);

        // when: the registry hangs
        StubMapping hung = server.stubFor(
                any(anyUrl()).atPriority(1).willReturn(aResponse().withTransformers(Hang.NAME)));

        // then: period after period every record goes through with the known ids, the one refresh held
        for (int period = 1; period <= 4; period++) {
            now.addAndGet(TTL.plusSeconds(1).toMillis());
            for (int record = 1; record <= 20; record++) {
                assertThat(roundTrip("pings", latestSerializer, record)).isEqualTo(1);
                assertThat(roundTrip("pongs", registeringSerializer, record)).isEqualTo(5);
            }
            await().atMost(HANG_BOUND.dividedBy(2)).untilAsserted(() -> assertThat(hang.held())
                    .as("the refresh of the latest version, sent and unanswered")
                    .containsExactly("GET " + LATEST));
        }
        assertThat(hang.arrived()).containsExactly("GET " + LATEST);
        assertThat(producerRegistry.refreshStats().staleServed()).isPositive();

        // when: the registry is back with version 2
        server.removeStub(hung);
        server.stubFor(get(LATEST).willReturn(json(registered(2, 2, V2))));
        server.stubFor(get("/schemas/ids/2").willReturn(json("{\"schema\":" + quoted(V2.toString()) + "}")));
        hang.release();

        // then: the serializer writes with it, and the consumer reads it
        await().atMost(HANG_BOUND)
                .untilAsserted(() -> assertThat(idOf(latestSerializer.serialize("pings", headers, ping(0))))
                        .isEqualTo(2));
        assertThat(roundTrip("pings", latestSerializer, 99)).isEqualTo(2);
    }

    @Test
    void aNewLatestVersionIsWrittenOnceTheClientsTtlHasPassedNotLater() {
        assertThat(idOf(latestSerializer.serialize("pings", headers, ping(0)))).isEqualTo(1);
        server.stubFor(get(LATEST).willReturn(json(registered(2, 2, V2))));

        now.addAndGet(TTL.minusMillis(1).toMillis());
        assertThat(idOf(latestSerializer.serialize("pings", headers, ping(1))))
                .as("within the TTL")
                .isEqualTo(1);
        assertThat(server.findAll(getRequestedFor(urlEqualTo(LATEST)))).hasSize(1);
        now.addAndGet(1);
        assertThat(idOf(latestSerializer.serialize("pings", headers, ping(2))))
                .as("served, refreshed behind")
                .isEqualTo(1);

        await().atMost(Duration.ofSeconds(10))
                .until(() -> producerRegistry.refreshStats().refreshes() == 1);
        assertThat(idOf(latestSerializer.serialize("pings", headers, ping(3))))
                .as("no second TTL")
                .isEqualTo(2);
    }

    /** Writes a record, reads it back through the consumer's client, and returns the id it was framed with. */
    private int roundTrip(String topic, AvroSerializer<GenericRecord> serializer, int i) {
        byte[] frame = serializer.serialize(topic, headers, ping(i));
        GenericRecord back = deserializer.deserialize(topic, headers, frame);
        assertThat(back.get("id")).hasToString("p-" + i);
        assertThat(back.get("level")).hasToString("HIGH");
        return idOf(frame);
    }

    private static GenericRecord ping(int i) {
        GenericRecord ping = new GenericData.Record(V1);
        ping.put("id", "p-" + i);
        ping.put("level", new GenericData.EnumSymbol(V1.getField("level").schema(), "HIGH"));
        return ping;
    }

    private static int idOf(byte[] frame) {
        return ByteBuffer.wrap(frame, 1, 4).getInt();
    }

    private static ResponseDefinitionBuilder json(String body) {
        return okForContentType(CT, body);
    }

    private static String registered(int id, int version, Schema schema) {
        return "{\"subject\":\"pings-value\",\"version\":" + version + ",\"id\":" + id + ",\"schema\":"
                + quoted(schema.toString()) + "}";
    }

    private static String quoted(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
