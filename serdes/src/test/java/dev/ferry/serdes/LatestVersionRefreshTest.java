package dev.ferry.serdes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.DynamicMessage;
import dev.ferry.common.Headers;
import dev.ferry.common.Serializer;
import dev.ferry.registry.Schema;
import dev.ferry.registry.SchemaRegistryClient;
import dev.ferry.serdes.avro.AvroSerializer;
import dev.ferry.serdes.json.JsonSchemaSerializer;
import dev.ferry.serdes.protobuf.ProtobufFormat;
import dev.ferry.serdes.protobuf.ProtobufSerializer;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * With {@code use.latest.version} a running serializer picks up a new latest version once
 * {@code latest.cache.ttl.sec} has passed, and not before: Avro, Protobuf and JSON Schema,
 * configured from properties as a producer configures them.
 */
class LatestVersionRefreshTest {

    // v2 adds a symbol, not a field: a record of v1's shape can be written with either (Avro writes by position).
    static final String AVRO_V1 = """
            {"type":"record","name":"Ping","namespace":"t","fields":[{"name":"id","type":"string"},
             {"name":"level","type":{"type":"enum","name":"Level","symbols":["LOW","HIGH"]}}]}""";
    static final String AVRO_V2 = """
            {"type":"record","name":"Ping","namespace":"t","fields":[{"name":"id","type":"string"},
             {"name":"level","type":{"type":"enum","name":"Level","symbols":["LOW","HIGH","URGENT"]}}]}""";
    static final String PROTO_V1 = """
            syntax = "proto3";
            package t;
            message Ping { string id = 1; }
            """;
    static final String PROTO_V2 = """
            syntax = "proto3";
            package t;
            message Ping { string id = 1; string note = 2; }
            """;
    static final String JSON_V1 = """
            {"title":"Ping","type":"object","properties":{"id":{"type":"string"}}}""";
    static final String JSON_V2 = """
            {"title":"Ping","type":"object","properties":{"id":{"type":"string"},"note":{"type":"string"}}}""";

    @RegisterExtension
    final MockRegistry mock = new MockRegistry("latest-refresh");

    final SchemaRegistryClient registry = mock.client();
    final Headers headers = new Headers();

    /** A record of each format, all written with v1's shape, and the serializer configured for it. */
    private record Case(String topic, Serializer<Object> serializer, Object record, Schema v2) {}

    @Test
    void aNewLatestVersionIsUsedOnceTheTtlHasPassedAndNotBefore() {
        List<Case> expiring = cases("1", "fast");
        List<Case> lasting = cases(null, "slow");
        Map<String, Integer> v1Ids = new HashMap<>();
        for (Case c : expiring) {
            v1Ids.put(c.topic(), idOf(c.serializer().serialize(c.topic(), headers, c.record())));
        }
        for (Case c : lasting) {
            v1Ids.put(c.topic(), idOf(c.serializer().serialize(c.topic(), headers, c.record())));
        }
        Map<String, Integer> v2Ids = new HashMap<>();
        for (Case c : expiring) {
            v2Ids.put(c.topic(), registry.register(c.topic() + "-value", c.v2()));
        }
        for (Case c : lasting) {
            v2Ids.put(c.topic(), registry.register(c.topic() + "-value", c.v2()));
        }

        // A 1 s TTL expires within the wait; the default TTL (60 s) is far from over when it ends.
        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> {
                    for (Case c : expiring) {
                        assertThat(idOf(c.serializer().serialize(c.topic(), headers, c.record())))
                                .as(c.topic())
                                .isEqualTo(v2Ids.get(c.topic()))
                                .isNotEqualTo(v1Ids.get(c.topic()));
                    }
                });
        for (Case c : lasting) {
            assertThat(idOf(c.serializer().serialize(c.topic(), headers, c.record())))
                    .as(c.topic())
                    .isEqualTo(v1Ids.get(c.topic()));
        }
        for (Case c : expiring) {
            c.serializer().close();
        }
        for (Case c : lasting) {
            c.serializer().close();
        }
    }

    /** Registers v1 of each format under topics {@code <prefix>-avro|protobuf|json} and configures serializers. */
    @SuppressWarnings("unchecked")
    private List<Case> cases(String ttlSeconds, String prefix) {
        Map<String, Object> properties = new HashMap<>(Map.of(
                "schema.registry.url", mock.url(), "auto.register.schemas", "false", "use.latest.version", "true"));
        if (ttlSeconds != null) {
            properties.put("latest.cache.ttl.sec", ttlSeconds);
        }
        registry.register(prefix + "-avro-value", Schema.avro(AVRO_V1));
        registry.register(prefix + "-protobuf-value", Schema.protobuf(PROTO_V1));
        registry.register(prefix + "-json-value", Schema.json(JSON_V1));

        org.apache.avro.Schema avroV1 = new org.apache.avro.Schema.Parser().parse(AVRO_V1);
        GenericRecord avro = new GenericData.Record(avroV1);
        avro.put("id", "p-1");
        avro.put("level", new GenericData.EnumSymbol(avroV1.getField("level").schema(), "HIGH"));
        Descriptor ping = ProtobufFormat.fileDescriptor(new ProtobufFormat().parse(Schema.protobuf(PROTO_V1), Map.of()))
                .findMessageTypeByName("Ping");
        DynamicMessage protobuf = DynamicMessage.newBuilder(ping)
                .setField(ping.findFieldByName("id"), "p-1")
                .build();

        Serializer<?> avroSerializer = new AvroSerializer<>();
        Serializer<?> protobufSerializer = new ProtobufSerializer<>();
        Serializer<?> jsonSerializer = new JsonSchemaSerializer<>();
        for (Serializer<?> serializer : List.of(avroSerializer, protobufSerializer, jsonSerializer)) {
            serializer.configure(properties, false);
        }
        return List.of(
                new Case(prefix + "-avro", (Serializer<Object>) avroSerializer, avro, Schema.avro(AVRO_V2)),
                new Case(
                        prefix + "-protobuf",
                        (Serializer<Object>) protobufSerializer,
                        protobuf,
                        Schema.protobuf(PROTO_V2)),
                new Case(
                        prefix + "-json",
                        (Serializer<Object>) jsonSerializer,
                        Map.of("id", "p-1"),
                        Schema.json(JSON_V2)));
    }

    private static int idOf(byte[] frame) {
        return ByteBuffer.wrap(frame, 1, 4).getInt();
    }
}
