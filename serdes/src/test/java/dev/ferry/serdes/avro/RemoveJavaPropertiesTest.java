package dev.ferry.serdes.avro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.common.Headers;
import dev.ferry.common.SerializationException;
import dev.ferry.registry.SchemaRegistryClient;
import dev.ferry.registry.SchemaRegistryClients;
import dev.ferry.serdes.SerdeConfig;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code avro.remove.java.properties}: a generated class's schema carries {@code avro.java.string},
 * the {@code .avsc} an operator (or the plugin's register goal) registered does not; an app that does
 * not register finds the file's version only without those properties, as with Confluent's serializer.
 */
class RemoveJavaPropertiesTest {

    static final String AVSC = """
            {"type":"record","name":"Order","namespace":"shop","fields":[
              {"name":"id","type":"string"},
              {"name":"tags","type":{"type":"array","items":"string"}},
              {"name":"cents","type":"long"}]}""";
    /** What Avro's compiler with stringType=String puts into the class's SCHEMA$. */
    static final String GENERATED = """
            {"type":"record","name":"Order","namespace":"shop","fields":[
              {"name":"id","type":{"type":"string","avro.java.string":"String"}},
              {"name":"tags","type":{"type":"array","items":{"type":"string","avro.java.string":"String"}}},
              {"name":"cents","type":"long"}]}""";

    final SchemaRegistryClient registry =
            SchemaRegistryClients.create(Map.of("schema.registry.url", "mock://" + UUID.randomUUID()));

    @AfterEach
    void close() {
        registry.close();
    }

    @Test
    void theClassesSchemaFindsTheFilesVersionWithoutItsJavaProperties() throws Exception {
        int id = registry.register("orders-value", dev.ferry.registry.Schema.avro(AVSC));
        GenericRecord order = order();

        byte[] frame;
        try (AvroSerializer<GenericRecord> serializer = AvroSerializer.<GenericRecord>builder(registry)
                .config(SerdeConfig.builder()
                        .autoRegisterSchemas(false)
                        .removeJavaProperties(true)
                        .build())
                .build()) {
            frame = serializer.serialize("orders", new Headers(), order);
        }

        // 0x00, the file's id, then the record as Avro's own reader reads it with the file's schema
        assertThat(frame[0]).isZero();
        assertThat(ByteBuffer.wrap(frame, 1, 4).getInt()).isEqualTo(id);
        GenericRecord read = new GenericDatumReader<GenericRecord>(new Schema.Parser().parse(AVSC))
                .read(null, DecoderFactory.get().binaryDecoder(Arrays.copyOfRange(frame, 5, frame.length), null));
        assertThat(read.get("id").toString()).isEqualTo("o-1");
        assertThat(read.get("cents")).isEqualTo(1250L);
        assertThat(registry.versions("orders-value")).containsExactly(1);
    }

    @Test
    void withoutTheSettingTheClassesSchemaIsNotTheFilesAsInConfluentsSerializer() {
        registry.register("orders-value", dev.ferry.registry.Schema.avro(AVSC));
        try (AvroSerializer<GenericRecord> serializer = AvroSerializer.<GenericRecord>builder(registry)
                .config(SerdeConfig.builder().autoRegisterSchemas(false).build())
                .build()) {
            assertThatThrownBy(() -> serializer.serialize("orders", new Headers(), order()))
                    .isInstanceOf(SerializationException.class)
                    .hasMessageContaining("orders-value");
        }
    }

    @Test
    void propertiesReadTheConfluentKey() {
        assertThat(SerdeConfig.fromProperties(
                                Map.of("schema.registry.url", "mock://x", "avro.remove.java.properties", "true"))
                        .removeJavaProperties())
                .isTrue();
        assertThat(SerdeConfig.defaults().removeJavaProperties()).isFalse();
    }

    private static GenericRecord order() {
        GenericRecord order = new GenericData.Record(new Schema.Parser().parse(GENERATED));
        order.put("id", "o-1");
        order.put("tags", java.util.List.of("gift"));
        order.put("cents", 1250L);
        return order;
    }
}
