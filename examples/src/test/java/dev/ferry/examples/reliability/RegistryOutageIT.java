package dev.ferry.examples.reliability;

import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.ferry.common.SerializationException;
import dev.ferry.producer.FerryProducer;
import dev.ferry.producer.ProducerConfig;
import dev.ferry.producer.ProducerRecord;
import dev.ferry.producer.RecordMetadata;
import dev.ferry.producer.StringSerializer;
import dev.ferry.registry.CachedSchemaRegistryClient;
import dev.ferry.registry.SchemaRegistryConfig;
import dev.ferry.registry.SchemaRegistryException;
import dev.ferry.serdes.avro.AvroSerializer;
import dev.ferry.serdes.kafka.KafkaAvroDeserializer;
import dev.ferry.testkit.KafkaCluster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/**
 * The schema registry goes away in the middle of a stream: Avro records go through Ferry's
 * serializer and a cached registry client (pointing at WireMock speaking Confluent's REST API) to a
 * real broker, and are read back by a kafka-clients consumer with Ferry's deserializer, which runs
 * all along, as a consuming application does, with its own registry client and cache.
 *
 * <p>While the registry refuses connections, and while it hangs, records of schemas both sides
 * already know keep flowing; a record of a new schema fails after the configured retries with an
 * error naming the subject and the registry URL, without holding up the records around it. When
 * the registry is back the new schema registers and its records flow and are read.
 */
class RegistryOutageIT {
    private static final String TOPIC = "orders";
    private static final String SUBJECT = "orders-value";
    private static final Schema V1 = SchemaBuilder.record("Order")
            .namespace("dev.ferry.examples")
            .fields()
            .requiredString("id")
            .requiredLong("amount")
            .endRecord();
    private static final Schema V2 = SchemaBuilder.record("Order")
            .namespace("dev.ferry.examples")
            .fields()
            .requiredString("id")
            .requiredLong("amount")
            .name("currency")
            .type()
            .stringType()
            .stringDefault("EUR")
            .endRecord();

    @Test
    void knownSchemasKeepFlowingWhileTheRegistryIsGoneAndANewOneFailsClearlyAndRegistersWhenItIsBack()
            throws Exception {
        try (KafkaCluster kafka = KafkaCluster.start();
                RegistryStub registry = RegistryStub.start(SUBJECT, Map.of(1, V1.toString(), 2, V2.toString()))) {
            kafka.createTopic(TOPIC, 2, 1);
            List<String> sent = new ArrayList<>();
            List<GenericRecord> read = new ArrayList<>();
            try (CachedSchemaRegistryClient client = new CachedSchemaRegistryClient(
                            SchemaRegistryConfig.fromProperties(registryProperties(registry.url())));
                    FerryProducer<String, GenericRecord> producer = FerryProducer.<String, GenericRecord>builder(
                                    ProducerConfig.fromProperties(
                                            Map.of("bootstrap.servers", kafka.bootstrapServers(), "linger.ms", "2")))
                            .keySerializer(new StringSerializer())
                            .valueSerializer(AvroSerializer.<GenericRecord>builder(client)
                                    .build())
                            .build();
                    KafkaConsumer<String, GenericRecord> consumer =
                            consumer(kafka.bootstrapServers(), registry.url())) {
                consumer.subscribe(List.of(TOPIC));

                sendAll(producer, sent, 0, 100, V1);
                read.addAll(poll(consumer, 100));
                assertThat(registry.count(getRequestedFor(urlEqualTo("/schemas/ids/1"))))
                        .as("the consumer fetched schema 1 once and caches it")
                        .isEqualTo(1);

                registry.down();
                sendAll(producer, sent, 100, 200, V1);
                read.addAll(poll(consumer, 100));
                SerializationException refused = catchThrowableOfType(
                        SerializationException.class,
                        () -> producer.send(new ProducerRecord<>(TOPIC, "order-200", order(V2, 200))));
                assertFailedAfterRetriesNamingSubjectAndUrl(refused, registry);

                CompletableFuture<RecordMetadata> newSchemaWhileHung;
                try (ServerSocket hung = listenWithoutAnswering(registry.port())) {
                    assertThat(hung.getLocalPort())
                            .as("the silent listener holds the registry's port")
                            .isEqualTo(registry.port());
                    newSchemaWhileHung = CompletableFuture.supplyAsync(
                            () -> producer.send(new ProducerRecord<>(TOPIC, "order-201", order(V2, 201)))
                                    .join());
                    sendAll(producer, sent, 202, 300, V1);
                    read.addAll(poll(consumer, 98));
                    assertThat(newSchemaWhileHung)
                            .as("the new schema still waits for the hung registry")
                            .isNotDone();
                }
                Throwable hungFailure = catchThrowableOfType(CompletionException.class, newSchemaWhileHung::join)
                        .getCause();
                assertThat(hungFailure)
                        .isInstanceOf(SerializationException.class)
                        .hasMessageStartingWith(
                                "Cannot serialize value of topic 'orders' under subject 'orders-value': "
                                        + "Schema registry POST /subjects/orders-value/versions failed: no response");

                registry.up();
                sendAll(producer, sent, 300, 350, V2);
                sendAll(producer, sent, 350, 400, V1);
                read.addAll(poll(consumer, 100));
                assertThat(registry.count(postRequestedFor(urlEqualTo("/subjects/orders-value/versions"))))
                        .as("the back registry registered the new schema once")
                        .isEqualTo(1);
                assertThat(registry.count(getRequestedFor(urlEqualTo("/schemas/ids/2"))))
                        .isEqualTo(1);
                // one more poll: a duplicate would show here
                consumer.poll(Duration.ofMillis(500)).forEach(record -> read.add(record.value()));
            }

            assertThat(read.stream().map(record -> record.get("id").toString()).toList())
                    .as("every record sent read back once")
                    .containsExactlyInAnyOrderElementsOf(sent);
            assertThat(read.stream()
                            .filter(record -> record.getSchema().equals(V2))
                            .map(record -> record.get("currency").toString()))
                    .as("records of the new schema")
                    .hasSize(50)
                    .containsOnly("EUR");
        }
    }

    private static Map<String, Object> registryProperties(String url) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("schema.registry.url", url);
        properties.put("max.retries", "2");
        properties.put("retries.wait.ms", "20");
        properties.put("retries.max.wait.ms", "100");
        properties.put("http.connect.timeout.ms", "2000");
        return properties;
    }

    private static KafkaConsumer<String, GenericRecord> consumer(String bootstrap, String registryUrl) {
        Map<String, Object> config = new HashMap<>(registryProperties(registryUrl));
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "order-readers");
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, KafkaAvroDeserializer.class);
        return new KafkaConsumer<>(config);
    }

    private static GenericRecord order(Schema schema, int i) {
        GenericData.Record record = new GenericData.Record(schema);
        record.put("id", "order-" + i);
        record.put("amount", (long) i * 100);
        if (schema.getField("currency") != null) {
            record.put("currency", "EUR");
        }
        return record;
    }

    private static void sendAll(
            FerryProducer<String, GenericRecord> producer, List<String> sent, int from, int to, Schema schema)
            throws Exception {
        List<CompletableFuture<RecordMetadata>> acks = new ArrayList<>();
        for (int i = from; i < to; i++) {
            acks.add(producer.send(new ProducerRecord<>(TOPIC, "order-" + i, order(schema, i))));
            sent.add("order-" + i);
        }
        for (CompletableFuture<RecordMetadata> ack : acks) {
            ack.get(60, TimeUnit.SECONDS);
        }
    }

    private static List<GenericRecord> poll(KafkaConsumer<String, GenericRecord> consumer, int expected) {
        List<GenericRecord> records = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (records.size() < expected && System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(200)).forEach(record -> records.add(record.value()));
        }
        return records;
    }

    private static void assertFailedAfterRetriesNamingSubjectAndUrl(
            SerializationException error, RegistryStub registry) {
        String url = registry.url();
        Pattern expected =
                Pattern.compile(Pattern.quote("Cannot serialize value of topic 'orders' under subject 'orders-value': "
                                + "Schema registry POST /subjects/orders-value/versions failed: no response: I/O error on "
                                + url + "/: ")
                        + "java\\.net\\.ConnectException: .*" + Pattern.quote(" (gave up after 3 attempts)"));
        assertThat(error.getMessage()).matches(expected);
        assertThat(error.getCause()).isInstanceOfSatisfying(SchemaRegistryException.class, cause -> {
            assertThat(cause.attempts())
                    .as("the first attempt and max.retries=2")
                    .isEqualTo(3);
            assertThat(cause.isRetriable()).isTrue();
        });
    }

    /** A port whose connections the kernel accepts but nobody answers: a hung registry. */
    private static ServerSocket listenWithoutAnswering(int port) {
        try {
            ServerSocket socket = new ServerSocket();
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
            return socket;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on port " + port, e);
        }
    }
}
