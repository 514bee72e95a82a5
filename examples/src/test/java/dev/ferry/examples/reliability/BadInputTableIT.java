package dev.ferry.examples.reliability;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.common.ConfigException;
import dev.ferry.common.Headers;
import dev.ferry.common.SerializationException;
import dev.ferry.producer.FerryProducer;
import dev.ferry.producer.KafkaErrorException;
import dev.ferry.producer.ProducerConfig;
import dev.ferry.producer.ProducerRecord;
import dev.ferry.producer.RecordMetadata;
import dev.ferry.producer.RecordTooLargeException;
import dev.ferry.producer.StringSerializer;
import dev.ferry.producer.TimeoutException;
import dev.ferry.registry.CachedSchemaRegistryClient;
import dev.ferry.registry.SchemaRegistryConfig;
import dev.ferry.registry.SchemaRegistryException;
import dev.ferry.serdes.SerdeConfig;
import dev.ferry.serdes.avro.AvroDeserializer;
import dev.ferry.serdes.avro.AvroSerializer;
import dev.ferry.serdes.protobuf.ProtobufDeserializer;
import dev.ferry.testkit.KafkaCluster;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.admin.NewTopic;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input across the modules, each case with the exact error a user sees: configuration of the
 * producer, the registry client and the serdes; records a real broker (auto-create off) refuses;
 * schemas a WireMock registry (Confluent's REST API) does not know or rejects; frames the
 * deserializers cannot read.
 */
class BadInputTableIT {
    private static final String TOPIC = "orders";
    private static final Schema ORDER = SchemaBuilder.record("Order")
            .namespace("dev.ferry.examples")
            .fields()
            .requiredString("id")
            .requiredLong("amount")
            .endRecord();
    private static final Schema UNREGISTERED = SchemaBuilder.record("Order")
            .namespace("dev.ferry.examples")
            .fields()
            .requiredString("id")
            .requiredLong("amount")
            .requiredString("note")
            .endRecord();
    private static final String PROTO = "syntax = \"proto3\";\npackage shop;\nmessage Order {\n  string id = 1;\n}\n";

    private static KafkaCluster kafka;
    private static RegistryStub registry;
    private static FerryProducer<String, String> producer;
    private static FerryProducer<String, String> transactional;
    private static CachedSchemaRegistryClient client;

    /** One row: what is done, what it throws, and its exact message. */
    record Case(String name, ThrowingCallable action, Class<? extends Throwable> type, String message) {
        @Override
        public String toString() {
            return name;
        }
    }

    @BeforeAll
    static void start() {
        kafka = KafkaCluster.builder()
                .brokerProperty("auto.create.topics.enable", "false")
                .start();
        kafka.createTopic(TOPIC, 2, 1);
        kafka.createTopic(new NewTopic("small-messages", 1, (short) 1).configs(Map.of("max.message.bytes", "1000")));
        registry = RegistryStub.start("orders-value", Map.of(1, ORDER.toString()));
        String proto = new ObjectMapper()
                .createObjectNode()
                .put("schema", PROTO)
                .put("schemaType", "PROTOBUF")
                .toString();
        registry.stubFor(get(urlEqualTo("/schemas/ids/7"))
                .willReturn(com.github.tomakehurst.wiremock.client.WireMock.okForContentType(
                        RegistryStub.CONTENT_TYPE, proto)));
        registry.stubFor(
                post(urlEqualTo("/subjects/payments-value/versions"))
                        .willReturn(
                                RegistryStub.error(
                                        409,
                                        40901,
                                        "Schema being registered is incompatible with an earlier schema for subject \"payments-value\"")));
        registry.stubFor(get(urlEqualTo("/subjects")).willReturn(RegistryStub.error(401, 40101, "Unauthorized")));
        client = new CachedSchemaRegistryClient(SchemaRegistryConfig.builder()
                .urls(registry.url())
                .maxRetries(0)
                .build());
        producer = new FerryProducer<>(
                Map.of(
                        "bootstrap.servers",
                        kafka.bootstrapServers(),
                        "max.block.ms",
                        "2000",
                        "max.request.size",
                        "10000"),
                new StringSerializer(),
                new StringSerializer());
        transactional = new FerryProducer<>(
                Map.of("bootstrap.servers", kafka.bootstrapServers(), "transactional.id", "bad-input"),
                new StringSerializer(),
                new StringSerializer());
        transactional.initTransactions();
    }

    @AfterAll
    static void stop() {
        transactional.close();
        producer.close();
        client.close();
        registry.close();
        kafka.close();
    }

    static Stream<Case> cases() {
        return Stream.of(
                // producer configuration
                exact(
                        "acks=2",
                        () -> producerConfig("acks", "2"),
                        ConfigException.class,
                        "Invalid value 2 for configuration acks: must be one of all, -1, 0, 1"),
                exact(
                        "delivery.timeout.ms below linger.ms + request.timeout.ms",
                        () -> producerConfig(
                                "delivery.timeout.ms", "1000", "linger.ms", "5", "request.timeout.ms", "30000"),
                        ConfigException.class,
                        "Invalid value 1000 for configuration delivery.timeout.ms: must be at least linger.ms + "
                                + "request.timeout.ms = 5 + 30000 = 30005"),
                exact(
                        "max.in.flight 6 with idempotence",
                        () -> producerConfig(
                                "max.in.flight.requests.per.connection", "6", "enable.idempotence", "true"),
                        ConfigException.class,
                        "Invalid value 6 for configuration max.in.flight.requests.per.connection: must be at most 5 when "
                                + "idempotence is enabled (set enable.idempotence=false to allow more)"),
                exact(
                        "unknown compression type",
                        () -> producerConfig("compression.type", "brotli"),
                        ConfigException.class,
                        "Invalid value brotli for configuration compression.type: must be one of none, gzip, snappy, lz4, zstd"),
                exact(
                        "linger.ms not a number",
                        () -> producerConfig("linger.ms", "soon"),
                        ConfigException.class,
                        "Invalid value 'soon' for configuration linger.ms: must be a long integer"),
                exact(
                        "bootstrap.servers without a port",
                        () -> ProducerConfig.fromProperties(Map.of("bootstrap.servers", "localhost")),
                        ConfigException.class,
                        "Invalid value localhost for configuration bootstrap.servers: each entry must be host:port"),
                exact(
                        "bootstrap.servers missing",
                        () -> ProducerConfig.fromProperties(Map.of("acks", "all")),
                        ConfigException.class,
                        "Missing required configuration bootstrap.servers which has no default value"),
                exact(
                        "transactional.id without idempotence",
                        () -> producerConfig("transactional.id", "tx", "enable.idempotence", "false"),
                        ConfigException.class,
                        "Cannot set transactional.id without also enabling idempotence (enable.idempotence=false, acks=all, "
                                + "retries=2147483647)"),
                exact(
                        "value.serializer class not found",
                        () -> new FerryProducer<String, String>(Map.of(
                                "bootstrap.servers",
                                "localhost:9092",
                                "key.serializer",
                                "org.apache.kafka.common.serialization.StringSerializer",
                                "value.serializer",
                                "com.example.MissingSerializer")),
                        ConfigException.class,
                        "Invalid value 'com.example.MissingSerializer' for configuration value.serializer: must be a class on"
                                + " the class path"),
                // records and broker errors
                exact(
                        "record above max.request.size",
                        () -> sent(producer, new ProducerRecord<>(TOPIC, "k", "z".repeat(20_000))),
                        RecordTooLargeException.class,
                        "The message is 20088 bytes when serialized which is larger than 10000, which is the value of the "
                                + "max.request.size configuration (topic orders)."),
                exact(
                        "record above the topic's max.message.bytes",
                        () -> sent(producer, new ProducerRecord<>("small-messages", "k", "z".repeat(5_000))),
                        RecordTooLargeException.class,
                        "MESSAGE_TOO_LARGE (10) producing to small-messages-0: The request included a message larger than "
                                + "the max message size the server will accept."),
                exact(
                        "invalid topic name",
                        () -> sent(producer, new ProducerRecord<>("bad topic!", "k", "v")),
                        KafkaErrorException.class,
                        "Kafka error INVALID_TOPIC_EXCEPTION (code 17) while fetching metadata for topic 'bad topic!': The "
                                + "request attempted to perform an operation on an invalid topic."),
                exact(
                        "unknown topic with auto-create off",
                        () -> sent(producer, new ProducerRecord<>("missing", "k", "v")),
                        TimeoutException.class,
                        "Topic missing not present in metadata after 2000 ms. The brokers answer UNKNOWN_TOPIC_OR_PARTITION "
                                + "(code 3) for it; the topic does not exist (brokers create missing topics only with "
                                + "auto.create.topics.enable=true)."),
                exact(
                        "partition outside the topic",
                        () -> sent(producer, new ProducerRecord<>(TOPIC, 5, "k", "v")),
                        TimeoutException.class,
                        "Partition 5 of topic orders with partition count 2 is not present in metadata after 2000 ms."),
                exact(
                        "transactional call in the wrong state",
                        BadInputTableIT::initTransactionsInsideATransaction,
                        IllegalStateException.class,
                        "Cannot call initTransactions() in transaction state IN_TRANSACTION of transactional.id bad-input; "
                                + "allowed now: send(), sendOffsetsToTransaction(), commitTransaction(), abortTransaction()"),
                exact(
                        "send after a failed send in the transaction",
                        BadInputTableIT::sendAfterAFailedSendInATransaction,
                        KafkaErrorException.class,
                        "Kafka error TRANSACTION_ABORTABLE (code 120) while sending a record in the transaction of bad-input: "
                                + "an earlier error made it abortable (MESSAGE_TOO_LARGE (10) producing to small-messages-0: The "
                                + "request included a message larger than the max message size the server will accept.); call "
                                + "abortTransaction()"),
                // schemas: serializer
                exact(
                        "null in a non-null field",
                        () -> avroSerializer(SerdeConfig.defaults())
                                .serialize(TOPIC, new Headers(), order("order-1", null)),
                        SerializationException.class,
                        "Cannot serialize value of topic 'orders' under subject 'orders-value' with schema id 1: null value "
                                + "for (non-nullable) long at Order.amount"),
                exact(
                        "wrong type in a field",
                        () -> avroSerializer(SerdeConfig.defaults())
                                .serialize(TOPIC, new Headers(), order("order-1", "a lot")),
                        SerializationException.class,
                        "Cannot serialize value of topic 'orders' under subject 'orders-value' with schema id 1: value a lot "
                                + "(a java.lang.String) cannot be cast to expected type long at Order.amount"),
                exact(
                        "schema not registered, auto.register.schemas=false",
                        () -> avroSerializer(SerdeConfig.builder()
                                        .autoRegisterSchemas(false)
                                        .build())
                                .serialize(TOPIC, new Headers(), unregistered()),
                        SerializationException.class,
                        "Cannot serialize value of topic 'orders' under subject 'orders-value' (the schema is not registered "
                                + "and auto.register.schemas=false): Schema registry POST /subjects/orders-value failed: HTTP 404, "
                                + "error_code 40403: Schema not found (from " + registry.url() + "/)"),
                exact(
                        "incompatible schema (409)",
                        () -> avroSerializer(SerdeConfig.defaults())
                                .serialize("payments", new Headers(), order("order-1", 5L)),
                        SerializationException.class,
                        "Cannot serialize value of topic 'payments' under subject 'payments-value' (the registry rejects it "
                                + "as incompatible with the subject's compatibility level): Schema registry POST "
                                + "/subjects/payments-value/versions failed: HTTP 409, error_code 40901: Schema being registered is "
                                + "incompatible with an earlier schema for subject \"payments-value\" (from "
                                + registry.url() + "/)"),
                // frames: deserializers
                exact(
                        "unknown magic byte",
                        () -> avroDeserializer().deserialize(TOPIC, new Headers(), new byte[] {2, 0, 0, 0, 1, 2}),
                        SerializationException.class,
                        "Cannot deserialize value of topic 'orders': unknown magic byte 0x02 at byte 0, expected 0x00 (schema "
                                + "id) or 0x01 (schema GUID) (not in the Confluent wire format)"),
                exact(
                        "truncated frame",
                        () -> avroDeserializer().deserialize(TOPIC, new Headers(), new byte[] {0, 0, 0}),
                        SerializationException.class,
                        "Cannot deserialize value of topic 'orders': truncated frame of 3 bytes, the schema id needs bytes 1 "
                                + "to 4"),
                exact(
                        "unknown schema id",
                        () -> avroDeserializer().deserialize(TOPIC, new Headers(), new byte[] {0, 0, 0, 0, 99, 2}),
                        SerializationException.class,
                        "Cannot deserialize value of topic 'orders': schema id 99 (bytes 1 to 4) is unknown to the registry: "
                                + "Schema registry GET /schemas/ids/99 failed: HTTP 404, error_code 40403: Schema not found (from "
                                + registry.url() + "/)"),
                exact(
                        "truncated Avro payload",
                        () -> avroDeserializer()
                                .deserialize(TOPIC, new Headers(), new byte[] {0, 0, 0, 0, 1, 14, 'o', 'r', 'd'}),
                        SerializationException.class,
                        "Cannot deserialize value of topic 'orders' with schema id 1: the Avro payload starting at byte 5 is "
                                + "unreadable: java.io.EOFException: Attempted to read 7 bytes, but only 3 bytes are available"),
                exact(
                        "Protobuf message index out of range",
                        () -> ProtobufDeserializer.builder(client)
                                .build()
                                .deserialize(TOPIC, new Headers(), new byte[] {0, 0, 0, 0, 7, 2, 10, 0}),
                        SerializationException.class,
                        "Cannot deserialize value of topic 'orders': message index 5 at position 0 of the index list is out "
                                + "of range: the schema's top level of schema id 7 has 1 message type(s)"),
                // registry client
                exact(
                        "registry URL with an unsupported scheme",
                        () -> SchemaRegistryConfig.builder().urls("ftp://registry:8081"),
                        ConfigException.class,
                        "Invalid value ftp://registry:8081 for configuration schema.registry.url: is not supported, "
                                + "allowed: http(s)://host[:port][/path] or mock://scope"),
                exact(
                        "retries.wait.ms above retries.max.wait.ms",
                        () -> SchemaRegistryConfig.fromProperties(Map.of(
                                "schema.registry.url",
                                "http://registry:8081",
                                "retries.wait.ms",
                                "5000",
                                "retries.max.wait.ms",
                                "1000")),
                        ConfigException.class,
                        "Invalid value 5000 for configuration retries.wait.ms: must be at most retries.max.wait.ms"
                                + " (1000)"),
                exact(
                        "max.retries not a number",
                        () -> SchemaRegistryConfig.fromProperties(
                                Map.of("schema.registry.url", "http://registry:8081", "max.retries", "many")),
                        ConfigException.class,
                        "Invalid value 'many' for configuration max.retries: must be an int"),
                exact(
                        "registry answers 401",
                        () -> client.subjects(false),
                        SchemaRegistryException.class,
                        "Schema registry GET /subjects failed: HTTP 401, error_code 40101: Unauthorized (from "
                                + registry.url() + "/)"),
                // serdes configuration
                exact(
                        "auto.register.schemas not a boolean",
                        () -> SerdeConfig.fromProperties(Map.of("auto.register.schemas", "maybe")),
                        ConfigException.class,
                        "Invalid value 'maybe' for configuration auto.register.schemas: must be true or false"),
                exact(
                        "use.latest.version with auto-registration",
                        () -> SerdeConfig.fromProperties(Map.of("use.latest.version", "true")),
                        ConfigException.class,
                        "Invalid value true for configuration use.latest.version: needs auto.register.schemas=false: a "
                                + "serializer either registers the record's schema or writes with the latest one; set "
                                + "auto.register.schemas=false (it defaults to true; Confluent's serializer would silently "
                                + "register and ignore use.latest.version)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void badInputFailsWithItsExactMessage(Case row) {
        Throwable error = catchThrowable(row.action());

        assertThat(error).as(row.name()).isInstanceOf(row.type());
        assertThat(error.getMessage()).as(row.name()).isEqualTo(row.message());
    }

    private static Case exact(String name, ThrowingCallable action, Class<? extends Throwable> type, String message) {
        return new Case(name, action, type, message);
    }

    private static void initTransactionsInsideATransaction() {
        transactional.beginTransaction();
        try {
            transactional.initTransactions();
        } finally {
            transactional.abortTransaction();
        }
    }

    private static void sendAfterAFailedSendInATransaction() throws Exception {
        transactional.beginTransaction();
        try {
            CompletableFuture<RecordMetadata> tooLarge =
                    transactional.send(new ProducerRecord<>("small-messages", "k", "z".repeat(5_000)));
            assertThat(catchThrowable(() -> tooLarge.get(60, TimeUnit.SECONDS)))
                    .hasCauseInstanceOf(RecordTooLargeException.class);
            transactional.send(new ProducerRecord<>(TOPIC, "k", "after the failure"));
        } finally {
            transactional.abortTransaction();
        }
    }

    private static ProducerConfig producerConfig(String... pairs) {
        Map<String, Object> config = new HashMap<>();
        config.put("bootstrap.servers", "localhost:9092");
        for (int i = 0; i < pairs.length; i += 2) {
            config.put(pairs[i], pairs[i + 1]);
        }
        return ProducerConfig.fromProperties(config);
    }

    private static void sent(FerryProducer<String, String> producer, ProducerRecord<String, String> record)
            throws Throwable {
        try {
            producer.send(record).get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause();
        }
    }

    private static AvroSerializer<GenericRecord> avroSerializer(SerdeConfig config) {
        return AvroSerializer.<GenericRecord>builder(client).config(config).build();
    }

    private static AvroDeserializer<Object> avroDeserializer() {
        return AvroDeserializer.builder(client).build();
    }

    private static GenericRecord order(String id, Object amount) {
        GenericData.Record record = new GenericData.Record(ORDER);
        record.put("id", id);
        record.put("amount", amount);
        return record;
    }

    private static GenericRecord unregistered() {
        GenericData.Record record = new GenericData.Record(UNREGISTERED);
        record.put("id", "order-1");
        record.put("amount", 1L);
        record.put("note", "new");
        return record;
    }
}
