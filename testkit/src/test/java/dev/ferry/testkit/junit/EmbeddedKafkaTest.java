package dev.ferry.testkit.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.common.Headers;
import dev.ferry.producer.FerryProducer;
import dev.ferry.producer.Producer;
import dev.ferry.producer.ProducerConfig;
import dev.ferry.producer.ProducerRecord;
import dev.ferry.producer.StringSerializer;
import dev.ferry.registry.SchemaRegistryClient;
import dev.ferry.registry.SchemaRegistryClients;
import dev.ferry.serdes.avro.AvroDeserializer;
import dev.ferry.serdes.avro.AvroSerializer;
import dev.ferry.serdes.json.JsonSchemaSerializer;
import java.time.Duration;
import java.util.List;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class EmbeddedKafkaTest {

    static final Duration TIMEOUT = Duration.ofSeconds(30);

    @RegisterExtension
    static WireMockSchemaRegistry registry = new WireMockSchemaRegistry();

    @RegisterExtension
    static EmbeddedKafka kafka = EmbeddedKafka.builder()
            .topic("ek-strings", 3)
            .topic("ek-avro")
            .topic("ek-empty")
            .topic("ek-json")
            .registry(registry)
            .build();

    @Test
    void readsBackKeysHeadersAndPartitions() {
        try (Producer<String, String> producer = FerryProducer.<String, String>builder(
                        ProducerConfig.fromProperties(kafka.producerProperties()))
                .keySerializer(new StringSerializer())
                .valueSerializer(new StringSerializer())
                .build()) {
            producer.send(new ProducerRecord<>(
                            "ek-strings", 2, "order-1", "paid", new Headers().add("trace-id", "t-1")))
                    .join();
        }

        List<ReadRecord<String>> read = kafka.readRecords("ek-strings", String.class, 1, TIMEOUT);

        assertThat(read).singleElement().satisfies(record -> {
            assertThat(record.partition()).isEqualTo(2);
            assertThat(record.key()).isEqualTo("order-1");
            assertThat(record.value()).isEqualTo("paid");
            assertThat(record.header("trace-id")).isEqualTo("t-1");
            assertThat(record.offset()).isZero();
        });
    }

    /** A value class of the application, written as JSON Schema: read back typed by its class alone. */
    public record Payment(String id, long cents) {}

    @Test
    void readsJsonSchemaValuesIntoTheApplicationsClass() {
        String schema = """
                {"title":"Payment","type":"object","properties":{"id":{"type":"string"},"cents":{"type":"integer"}}}""";
        try (SchemaRegistryClient client = SchemaRegistryClients.create(registry.clientProperties());
                Producer<String, Payment> producer = FerryProducer.<String, Payment>builder(
                                ProducerConfig.fromProperties(kafka.producerProperties()))
                        .keySerializer(new StringSerializer())
                        .valueSerializer(JsonSchemaSerializer.<Payment>builder(client)
                                .schema(schema)
                                .build())
                        .build()) {
            producer.send(new ProducerRecord<>("ek-json", "p-1", new Payment("p-1", 1250)))
                    .join();
        }

        assertThat(kafka.readValues("ek-json", Payment.class, 1, TIMEOUT)).containsExactly(new Payment("p-1", 1250));
        assertThat(registry.versions("ek-json-value")).hasSize(1);
    }

    @Test
    void readsSchemaBasedValuesThroughTheRegistryWithoutCountingRequests() {
        org.apache.avro.Schema schema = new org.apache.avro.Schema.Parser().parse(WireMockSchemaRegistryTest.V1);
        GenericRecord order = new GenericData.Record(schema);
        order.put("id", "order-7");
        try (SchemaRegistryClient client = SchemaRegistryClients.create(registry.clientProperties());
                Producer<String, GenericRecord> producer = FerryProducer.<String, GenericRecord>builder(
                                ProducerConfig.fromProperties(kafka.producerProperties()))
                        .keySerializer(new StringSerializer())
                        .valueSerializer(
                                AvroSerializer.<GenericRecord>builder(client).build())
                        .build()) {
            producer.send(new ProducerRecord<>("ek-avro", "order-7", order)).join();
            producer.send(new ProducerRecord<>("ek-avro", "order-7", order)).join();
        }
        registry.resetRequests();

        List<ReadRecord<GenericRecord>> read = kafka.readRecords(
                "ek-avro",
                AvroDeserializer.<GenericRecord>builder(registry.store()).build(),
                2,
                TIMEOUT);

        assertThat(read).extracting(r -> r.value().get("id").toString()).containsExactly("order-7", "order-7");
        assertThat(registry.versions("ek-avro-value")).hasSize(1);
        assertThat(registry.requestCount()).isZero();
    }

    @Test
    void tooFewRecordsFailsNamingTopicAndCounts() {
        assertThatThrownBy(() -> kafka.readValues("ek-empty", String.class, 1, Duration.ofMillis(500)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("expected 1 records in topic ek-empty")
                .hasMessageContaining("read 0");
        assertThatThrownBy(() -> kafka.readValues("ek-missing", String.class, 1, Duration.ofMillis(500)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("topic ek-missing does not exist");
        assertThatThrownBy(() -> kafka.readValues("ek-empty", int[].class, 1, Duration.ofMillis(500)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot read values as [I")
                .hasMessageContaining("pass a Deserializer");
    }

    @Test
    void everyNonIsolatedInstanceSharesTheJvmsBroker() {
        try (EmbeddedKafka another =
                EmbeddedKafka.builder().topic("ek-another").build().start()) {
            assertThat(another.bootstrapServers()).isEqualTo(kafka.bootstrapServers());
        }
        // closing a sharer leaves the broker running for the others
        assertThat(kafka.cluster().admin().listTopics().names())
                .succeedsWithin(TIMEOUT)
                .satisfies(names -> assertThat(names).contains("ek-another"));
    }

    @Test
    void faultsNeedAnIsolatedBroker() {
        assertThatThrownBy(kafka::stopBroker)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("isolated()");
    }
}
