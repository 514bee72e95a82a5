package dev.ferry.serdes.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.DynamicMessage;
import dev.ferry.common.Headers;
import dev.ferry.common.SerializationException;
import dev.ferry.registry.Schema;
import dev.ferry.registry.SchemaRegistryClient;
import dev.ferry.registry.SchemaRegistryClients;
import dev.ferry.serdes.avro.AvroDeserializer;
import dev.ferry.serdes.protobuf.ProtobufDeserializer;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Random, truncated and mutated Confluent frames into the deserializers: they may only fail with
 * Ferry's SerializationException, never hang or throw anything else. The default run is short; the
 * fuzz command of the README runs millions with {@code -Dferry.fuzz.rounds=2000000}.
 */
class FrameFuzzTest {
    private static final int ROUNDS = Integer.getInteger("ferry.fuzz.rounds", 20_000);
    private static final String SCOPE = "frame-fuzz";
    private static SchemaRegistryClient registry;
    private static int avroId;
    private static int protobufId;

    @BeforeAll
    static void registerSchemas() {
        registry = SchemaRegistryClients.create(Map.of("schema.registry.url", "mock://" + SCOPE));
        avroId = registry.register("fuzz-avro-value", Schema.avro("""
                {"type":"record","name":"Fuzz","fields":[{"name":"id","type":"long"},{"name":"name","type":"string"},
                 {"name":"tags","type":{"type":"array","items":"string"}},{"name":"note","type":["null","string"],"default":null}]}"""));
        protobufId = registry.register("fuzz-proto-value", Schema.protobuf("""
                syntax = "proto3";
                package fuzz;
                message First { int64 id = 1; string name = 2; repeated string tags = 3; }
                message Second { message Inner { bytes blob = 1; } Inner inner = 1; map<string, int32> counts = 2; }
                """));
    }

    @AfterAll
    static void dropScope() {
        SchemaRegistryClients.dropMockScope(SCOPE);
    }

    @Test
    void avroFramesFailOnlyWithSerializationException() {
        AvroDeserializer<Object> deserializer =
                AvroDeserializer.builder(registry).build();
        fuzz(avroId, bytes -> deserializer.deserialize("fuzz-avro", new Headers(), bytes), new Random(7));
    }

    @Test
    void protobufFramesFailOnlyWithSerializationException() {
        ProtobufDeserializer<DynamicMessage> deserializer =
                ProtobufDeserializer.<DynamicMessage>builder(registry).build();
        fuzz(protobufId, bytes -> deserializer.deserialize("fuzz-proto", new Headers(), bytes), new Random(11));
    }

    private static void fuzz(int id, Function<byte[], Object> deserialize, Random random) {
        int failures = 0;
        for (int round = 0; round < ROUNDS; round++) {
            byte[] frame = frame(id, random, round);
            try {
                deserialize.apply(frame);
            } catch (SerializationException expected) {
                failures++;
            } catch (RuntimeException | Error other) {
                throw new AssertionError("round " + round + ": " + other + " for frame " + hex(frame), other);
            }
        }
        assertThat(failures).as("most random frames are rejected").isGreaterThan(ROUNDS / 2);
    }

    /** A frame with the right magic byte and id most of the time, so decoding goes past the header. */
    private static byte[] frame(int id, Random random, int round) {
        byte[] payload = new byte[random.nextInt(48)];
        random.nextBytes(payload);
        if (round % 2 == 0) {
            for (int i = 0; i < payload.length; i++) {
                // small values look like lengths, counts and indexes, which is where decoders break
                payload[i] = (byte) (payload[i] & 0x07);
            }
        }
        int header = round % 10 == 0 ? random.nextInt(6) : 5;
        ByteBuffer buffer = ByteBuffer.allocate(5 + payload.length);
        buffer.put(round % 50 == 0 ? (byte) random.nextInt(3) : 0)
                .putInt(round % 25 == 0 ? random.nextInt() : id)
                .put(payload);
        byte[] bytes = buffer.array();
        return header == 5 ? bytes : java.util.Arrays.copyOf(bytes, header);
    }

    private static String hex(byte[] bytes) {
        StringBuilder out = new StringBuilder();
        for (byte b : bytes) {
            out.append(String.format("%02x", b));
        }
        return out.toString();
    }
}
