package dev.ferry.serdes.internal.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.common.internal.config.ConfigTable;
import dev.ferry.common.internal.config.KeyOwners;
import dev.ferry.common.testing.LogCapture;
import dev.ferry.registry.SchemaType;
import dev.ferry.serdes.MockRegistry;
import dev.ferry.serdes.SerdeConfig;
import dev.ferry.serdes.json.JsonSchemaSerializer;
import dev.ferry.serdes.kafka.KafkaJsonSchemaDeserializer;
import dev.ferry.serdes.kafka.KafkaProtobufDeserializer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every key Confluent's serde config classes define is one Ferry's serdes implement, one Ferry's
 * registry client reads, or one named as not implemented for its format; and a serde given one of the
 * last says so once.
 */
class ConfluentSerdeOnlyKeysTest {

    @RegisterExtension
    final MockRegistry mock = new MockRegistry("confluent-only-keys");

    @Test
    void everyConfluentSerdeSettingIsImplementedReadByTheRegistryClientOrNamedAsNotImplemented() throws IOException {
        Set<String> unaccounted = new TreeSet<>();
        for (String line : confluentKeys()) {
            String[] formatAndKey = line.split(" ");
            String key = formatAndKey[1];
            List<SchemaType> formats = formatAndKey[0].equals("all")
                    ? List.of(SchemaType.values())
                    : List.of(SchemaType.valueOf(formatAndKey[0].toUpperCase(Locale.ROOT)));
            for (SchemaType format : formats) {
                if (!SerdeSettings.KEYS.knows(key)
                        && !readByAnotherFerryComponent(key)
                        && !ConfluentSerdeOnlyKeys.contains(format, key)) {
                    unaccounted.add(format + " " + key);
                }
            }
        }

        assertThat(unaccounted).isEmpty();
    }

    @Test
    void noSettingFerryImplementsIsNamedAsNotImplemented() {
        for (SchemaType format : SchemaType.values()) {
            assertThat(SerdeSettings.KEYS.keys())
                    .as(format.name())
                    .noneMatch(key -> ConfluentSerdeOnlyKeys.contains(format, key.name()));
        }
    }

    @Test
    void aSerdeGivenConfluentSettingsWithoutEffectSaysSoOnceNamingThemAndOnlyThoseOfItsFormat() {
        Map<String, Object> props = Map.of(
                "schema.registry.url", mock.url(),
                "json.fail.invalid.schema", "true",
                "use.schema.guid", "0e5e3b8c-1d5c-4f7a-9a57-52b0e1f0e2a1",
                "derive.type", "true",
                "json.envelope.detection", "true",
                "max.retries", "2");

        String log;
        try (LogCapture capture = new LogCapture()) {
            KafkaJsonSchemaDeserializer<Object> json = new KafkaJsonSchemaDeserializer<>();
            json.configure(props, false);
            KafkaProtobufDeserializer<com.google.protobuf.Message> protobuf = new KafkaProtobufDeserializer<>();
            protobuf.configure(props, true);
            JsonSchemaSerializer.builder(mock.client())
                    .config(SerdeConfig.fromProperties(props))
                    .build();
            log = capture.text();
            json.close();
            protobuf.close();
        }

        List<String> warnings =
                log.lines().filter(line -> line.contains("WARN")).toList();
        assertThat(warnings)
                .hasSize(3)
                .anySatisfy(line -> assertThat(line)
                        .contains("Confluent serde settings [json.fail.invalid.schema, use.schema.guid] are not "
                                + "implemented by Ferry's JsonSchemaDeserializer (for values) and have no effect"))
                .anySatisfy(line -> assertThat(line)
                        .contains("Confluent serde settings [derive.type, use.schema.guid] are not implemented by "
                                + "Ferry's ProtobufDeserializer (for keys) and have no effect"))
                .anySatisfy(line -> assertThat(line)
                        .contains("Confluent serde settings [json.fail.invalid.schema, use.schema.guid] are not "
                                + "implemented by Ferry's JsonSchemaSerializer (for values) and have no effect"));
        assertThat(log).doesNotContain("0e5e3b8c");
    }

    /** A key of Ferry's registry client, or of another Ferry component; not one only Kafka's or Confluent's read. */
    private static boolean readByAnotherFerryComponent(String key) {
        for (ConfigTable<?> table : KeyOwners.tables()) {
            if (table != SerdeSettings.KEYS && table.knows(key)) {
                return true;
            }
        }
        return false;
    }

    private static List<String> confluentKeys() throws IOException {
        try (InputStream in =
                ConfluentSerdeOnlyKeysTest.class.getResourceAsStream("/confluent/serde-config-keys.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .filter(line -> !line.isBlank() && !line.startsWith("#"))
                    .toList();
        }
    }
}
