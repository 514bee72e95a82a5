package dev.ferry.serdes.protobuf;

import static dev.ferry.serdes.TestSerdeConfigs.USE_LATEST_VERSION;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Timestamp;
import dev.ferry.common.Headers;
import dev.ferry.registry.Schema;
import dev.ferry.registry.SchemaRegistryClient;
import dev.ferry.serdes.MockRegistry;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code latest.compatibility.strict} judges the latest schema with the registry's rules: Confluent's serializer
 * asks {@code latestVersion.isBackwardCompatible(schema)}, and its Protobuf diff takes a removed field as
 * compatible (FIELD_REMOVED), so a class that still has the field writes with the latest schema.
 */
class ProtobufLatestVersionStrictTest {

    @RegisterExtension
    final MockRegistry mock = new MockRegistry("protobuf-latest-strict");

    final SchemaRegistryClient registry = mock.client();

    @Test
    void aLatestSchemaThatDroppedAFieldOfTheClassIsUsed() {
        registry.register("times-value", Schema.protobuf("""
                syntax = "proto3";
                package google.protobuf;
                message Timestamp { int64 seconds = 1; }
                """));

        byte[] frame = ProtobufSerializer.<Timestamp>builder(registry)
                .config(USE_LATEST_VERSION)
                .build()
                .serialize(
                        "times",
                        new Headers(),
                        Timestamp.newBuilder().setSeconds(1).setNanos(2).build());

        // magic byte, schema id 1 (the latest), message index 0
        assertThat(HexFormat.of().formatHex(frame, 0, 6)).isEqualTo("000000000100");
    }
}
