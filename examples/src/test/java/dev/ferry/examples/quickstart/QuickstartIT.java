package dev.ferry.examples.quickstart;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.examples.internal.ExampleRuns;
import dev.ferry.examples.internal.SampleOrders;
import dev.ferry.registry.SchemaRegistryClient;
import dev.ferry.registry.SchemaRegistryClients;
import dev.ferry.schemas.avro.OrderEvent;
import dev.ferry.testkit.KafkaCluster;
import dev.ferry.testkit.SecureListener;
import java.io.IOException;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The quickstart run in-process with few records: on its own embedded broker, and over SASL_SSL on a
 * broker the test starts, where the test reads the topics back itself with plain Avro and Protobuf.
 */
class QuickstartIT {
    private static final int RECORDS = 2_000;

    @AutoClose
    private static final KafkaCluster kafka = KafkaCluster.builder()
            .listeners(SecureListener.SASL_SSL)
            .saslUser("orders-app", "orders-secret")
            .start();

    private static String run(int expectedExit, String... args) {
        return ExampleRuns.run(Quickstart::run, expectedExit, args);
    }

    private static List<ConsumerRecord<String, byte[]>> readAll(String topic) {
        return ExampleRuns.readAll(kafka.bootstrapServers(), topic, true);
    }

    @Test
    void withoutOptionsItStartsAnEmbeddedBrokerAndReadsEveryOrderBack() {
        String output = run(0, "--records", String.valueOf(RECORDS));

        assertThat(output)
                .contains(
                        "embedded Kafka 4.4 broker",
                        "mock://ferry-quickstart (in memory)",
                        "OK: all 4,000 orders read back");
        assertThat(output.lines()
                        .filter(line -> line.matches("(avro|protobuf) +ferry-orders-\\w+ +\\d+ +2,000 +2,000 .*")))
                .hasSize(2);
    }

    @Test
    void overSaslSslWithAConfigFileEveryFrameCarriesTheRegisteredSchemaIdAndDecodesToTheOrderSent(@TempDir Path dir)
            throws IOException {
        Properties client = new Properties();
        kafka.clientProperties(SecureListener.SASL_SSL, "SCRAM-SHA-512", "orders-app")
                .forEach((key, value) -> client.setProperty(key, String.valueOf(value)));
        String bootstrap = (String) client.remove("bootstrap.servers");
        Path file = dir.resolve("client.properties");
        try (Writer writer = Files.newBufferedWriter(file)) {
            client.store(writer, "SASL_SSL with SCRAM-SHA-512");
        }
        String registryUrl = "mock://quickstart-it";

        String output = run(
                0,
                "--records",
                String.valueOf(RECORDS),
                "--bootstrap-server",
                bootstrap,
                "--registry-url",
                registryUrl,
                "--config",
                file.toString());

        assertThat(output).contains("Kafka at " + bootstrap).doesNotContain("orders-secret");

        try (SchemaRegistryClient registry = SchemaRegistryClients.create(Map.of("schema.registry.url", registryUrl))) {
            int avroId = registry.latest(Quickstart.AVRO_TOPIC + "-value").id();
            List<ConsumerRecord<String, byte[]>> avro = readAll(Quickstart.AVRO_TOPIC);
            assertThat(avro).hasSize(RECORDS);
            SpecificDatumReader<OrderEvent> avroReader = new SpecificDatumReader<>(OrderEvent.class);
            for (ConsumerRecord<String, byte[]> record : avro) {
                ByteBuffer frame = ByteBuffer.wrap(record.value());
                assertThat(frame.get()).isZero();
                assertThat(frame.getInt()).isEqualTo(avroId);
                OrderEvent order = avroReader.read(
                        null, DecoderFactory.get().binaryDecoder(record.value(), 5, record.value().length - 5, null));
                assertThat(order).isEqualTo(SampleOrders.avro(SampleOrders.indexOf(record.key())));
            }
            assertThat(avro.stream().map(ConsumerRecord::key).distinct()).hasSize(RECORDS);

            int protobufId =
                    registry.latest(Quickstart.PROTOBUF_TOPIC + "-value").id();
            List<ConsumerRecord<String, byte[]>> protobuf = readAll(Quickstart.PROTOBUF_TOPIC);
            assertThat(protobuf).hasSize(RECORDS);
            for (ConsumerRecord<String, byte[]> record : protobuf) {
                ByteBuffer frame = ByteBuffer.wrap(record.value());
                assertThat(frame.get()).isZero();
                assertThat(frame.getInt()).isEqualTo(protobufId);
                assertThat(frame.get())
                        .as("message indexes [0]: the first message of order_event.proto")
                        .isZero();
                assertThat(dev.ferry.schemas.proto.OrderEvent.parseFrom(frame))
                        .isEqualTo(SampleOrders.protobuf(SampleOrders.indexOf(record.key())));
            }
            assertThat(protobuf.stream().map(ConsumerRecord::key).distinct()).hasSize(RECORDS);
        }
    }

    @Test
    void aBadOptionExitsWithTwoAndTheUsage() {
        String output = run(2, "--records", "none");

        assertThat(output)
                .startsWith("ferry-quickstart: --records must be a whole number, was 'none'")
                .contains("usage: ferry-quickstart [options]", "--bootstrap-server HOST:PORT");
    }
}
