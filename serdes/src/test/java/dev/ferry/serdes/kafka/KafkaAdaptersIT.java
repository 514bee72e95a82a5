package dev.ferry.serdes.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.Message;
import com.google.protobuf.Timestamp;
import dev.ferry.registry.Schema;
import dev.ferry.registry.SchemaRegistryClient;
import dev.ferry.serdes.MockRegistry;
import dev.ferry.serdes.protobuf.ProtobufFormat;
import dev.ferry.testkit.KafkaCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.IntStream;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The kafka-clients adapters used through a real KafkaProducer and KafkaConsumer on a real broker. */
class KafkaAdaptersIT {

    /** The serializer setting that puts the schema GUID in a header instead of a payload prefix. */
    private static final Map<String, Object> HEADER_CONFIG =
            Map.of("value.schema.id.serializer", "io.confluent.kafka.serializers.schema.id.HeaderSchemaIdSerializer");

    private static final org.apache.avro.Schema ORDER = new org.apache.avro.Schema.Parser()
            .parse("{\"type\":\"record\",\"name\":\"Order\",\"namespace\":\"it\",\"fields\":["
                    + "{\"name\":\"id\",\"type\":\"string\"},{\"name\":\"amount\",\"type\":\"long\"}]}");

    private static final String EVENTS = """
            syntax = "proto3";
            package it;
            message Header { string source = 1; }
            message Event { string id = 1; message Detail { string text = 1; } }
            """;

    @AutoClose
    static final KafkaCluster cluster = KafkaCluster.start();

    @RegisterExtension
    final MockRegistry mock = new MockRegistry("kafka-adapters");

    final SchemaRegistryClient registry = mock.client();

    @Test
    void avroThroughKafkaProducerAndConsumer() {
        List<GenericRecord> sent =
                IntStream.range(0, 10).mapToObj(KafkaAdaptersIT::order).toList();

        List<GenericRecord> received = roundTrip(
                "avro-orders",
                sent,
                new KafkaAvroSerializer<>(registry, Map.of()),
                new KafkaAvroDeserializer<>(registry, Map.of()));

        assertThat(ids(received)).containsExactlyElementsOf(ids(sent));
        int id = registry.lookup("avro-orders-value", Schema.avro(ORDER.toString()))
                .id();
        assertThat(rawValues("avro-orders")).allSatisfy(frame -> {
            assertThat(frame[0]).isZero();
            assertThat(java.nio.ByteBuffer.wrap(frame, 1, 4).getInt()).isEqualTo(id);
        });
    }

    @Test
    void protobufThroughKafkaProducerAndConsumer() {
        Descriptor type = eventDetail("""
                syntax = "proto3";
                package it;
                message Header { string source = 1; }
                message Event { string id = 1; int64 at = 2; message Detail { string text = 1; } }
                """);
        List<Message> sent =
                IntStream.range(0, 10).mapToObj(i -> detail(type, "d-" + i)).toList();

        List<Message> received = roundTrip(
                "proto-events",
                sent,
                new KafkaProtobufSerializer<>(registry, Map.of()),
                new KafkaProtobufDeserializer<>(registry, Map.of()));

        assertThat(received)
                .extracting(m -> m.getDescriptorForType().getFullName())
                .containsOnly("it.Event.Detail");
        assertThat(received)
                .extracting(Message::toByteString)
                .containsExactlyElementsOf(
                        sent.stream().map(Message::toByteString).toList());
    }

    @Test
    void avroWithTheSchemaGuidInAHeaderThroughKafkaProducerAndConsumer() throws Exception {
        List<GenericRecord> sent = new ArrayList<>();
        List<byte[]> payloads = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            GenericRecord order = order(i);
            sent.add(order);
            // Avro's own encoding of the record, written by Avro's writer rather than Ferry's.
            java.io.ByteArrayOutputStream avro = new java.io.ByteArrayOutputStream();
            org.apache.avro.io.BinaryEncoder encoder =
                    org.apache.avro.io.EncoderFactory.get().binaryEncoder(avro, null);
            new org.apache.avro.generic.GenericDatumWriter<GenericRecord>(ORDER).write(order, encoder);
            encoder.flush();
            payloads.add(avro.toByteArray());
        }

        List<GenericRecord> received = roundTrip(
                "avro-header-orders",
                sent,
                new KafkaAvroSerializer<>(registry, HEADER_CONFIG),
                new KafkaAvroDeserializer<>(registry, Map.of()));

        assertThat(received).extracting(r -> r.get("id").toString()).containsExactly("o-0", "o-1", "o-2", "o-3", "o-4");
        assertHeaderFramed("avro-header-orders", new byte[0], payloads);
    }

    @Test
    void protobufWithTheSchemaGuidInAHeaderThroughKafkaProducerAndConsumer() {
        Descriptor type = eventDetail(EVENTS);
        List<Message> sent = new ArrayList<>();
        List<byte[]> payloads = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            sent.add(detail(type, "d-" + i));
            // field 1 (tag 0x0a), length 3, "d-i"
            payloads.add(new byte[] {0x0a, 3, 'd', '-', (byte) ('0' + i)});
        }

        List<Message> received = roundTrip(
                "proto-header-events",
                sent,
                new KafkaProtobufSerializer<>(registry, HEADER_CONFIG),
                new KafkaProtobufDeserializer<>(registry, Map.of()));

        assertThat(received)
                .extracting(m -> m.getField(m.getDescriptorForType().findFieldByName("text")))
                .containsExactly("d-0", "d-1", "d-2", "d-3", "d-4");
        assertThat(received)
                .extracting(m -> m.getDescriptorForType().getFullName())
                .containsOnly("it.Event.Detail");
        // Message indexes [1, 0] (Event is the file's second message, Detail its first nested one),
        // as zig-zag varints: count 2 -> 04, 1 -> 02, 0 -> 00.
        assertHeaderFramed("proto-header-events", new byte[] {4, 2, 0}, payloads);
    }

    @Test
    void jsonSchemaWithTheSchemaGuidInAHeaderThroughKafkaProducerAndConsumer() {
        registry.register("json-header-orders-value", Schema.json("{\"title\":\"Order\",\"type\":\"object\"}"));
        Map<String, Object> serializerConfig = new java.util.HashMap<>(HEADER_CONFIG);
        serializerConfig.put("auto.register.schemas", "false");
        serializerConfig.put("use.latest.version", "true");

        List<Order> received = roundTrip(
                "json-header-orders",
                List.of(new Order("a", 1), new Order("b", 2)),
                new KafkaJsonSchemaSerializer<>(registry, serializerConfig),
                new KafkaJsonSchemaDeserializer<>(registry, Map.of("json.value.type", Order.class.getName())));

        assertThat(received).containsExactly(new Order("a", 1), new Order("b", 2));
        assertHeaderFramed(
                "json-header-orders",
                new byte[0],
                List.of(
                        "{\"id\":\"a\",\"amount\":1}".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                        "{\"id\":\"b\",\"amount\":2}".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    /**
     * Reads the topic's raw records with a kafka-clients consumer and holds each against the
     * published header form: the value is the bare payload, and one {@code __value_schema_id} header
     * carries magic byte 1, the 16-byte GUID of the subject's registered schema, then the message
     * indexes (none outside Protobuf).
     */
    private void assertHeaderFramed(String topic, byte[] indexes, List<byte[]> payloads) {
        String subject = topic + "-value";
        assertThat(registry.versions(subject)).as("versions of " + subject).hasSize(1);
        byte[] expectedHeader =
                guidHeader(registry.guidById(registry.latest(subject).id()).orElseThrow(), indexes);
        List<ConsumerRecord<String, byte[]>> raw = rawRecords(topic, payloads.size());
        for (int i = 0; i < payloads.size(); i++) {
            assertThat(raw.get(i).value()).as("value of record " + i).isEqualTo(payloads.get(i));
            assertThat(raw.get(i).headers().headers("__value_schema_id")).hasSize(1);
            assertThat(raw.get(i).headers().lastHeader("__value_schema_id").value())
                    .as("__value_schema_id of record " + i)
                    .isEqualTo(expectedHeader);
        }
    }

    /** The {@code __value_schema_id} header: magic byte 1, the 16-byte GUID, then the message indexes. */
    private static byte[] guidHeader(UUID guid, byte[] indexes) {
        return java.nio.ByteBuffer.allocate(17 + indexes.length)
                .put((byte) 1)
                .putLong(guid.getMostSignificantBits())
                .putLong(guid.getLeastSignificantBits())
                .put(indexes)
                .array();
    }

    @Test
    void protobufHeaderFramesBuiltByHandAreReadByTheDeserializer() {
        int id = registry.register("hand-events-value", Schema.protobuf(EVENTS));
        UUID guid = registry.guidById(id).orElseThrow();
        cluster.createTopic("hand-events", 1, 1);
        Properties producerProps = new Properties();
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                producerProps,
                new StringSerializer(),
                new org.apache.kafka.common.serialization.ByteArraySerializer())) {
            // 01 | GUID | indexes [1, 0] (04 02 00); payload: field 1, length 2, "hi"
            byte[] header = guidHeader(guid, new byte[] {4, 2, 0});
            ProducerRecord<String, byte[]> record =
                    new ProducerRecord<>("hand-events", "k", new byte[] {0x0a, 2, 'h', 'i'});
            record.headers().add("__value_schema_id", header);
            producer.send(record);
            // The same message in the prefix form with the schema id: 00 | id | indexes | payload.
            byte[] prefixed = java.nio.ByteBuffer.allocate(12)
                    .put((byte) 0)
                    .putInt(id)
                    .put(new byte[] {4, 2, 0})
                    .put(new byte[] {0x0a, 2, 'h', 'i'})
                    .array();
            producer.send(new ProducerRecord<>("hand-events", "k", prefixed));
            producer.flush();
        }

        List<Message> read = consume("hand-events", 2, new KafkaProtobufDeserializer<>(registry, Map.of()));

        assertThat(read).extracting(m -> m.getDescriptorForType().getFullName()).containsOnly("it.Event.Detail");
        assertThat(read)
                .extracting(m -> m.getField(m.getDescriptorForType().findFieldByName("text")))
                .containsOnly("hi");
    }

    public record Order(String id, long amount) {}

    @Test
    void jsonSchemaThroughKafkaProducerAndConsumer() {
        registry.register("json-orders-value", Schema.json("{\"title\":\"Order\",\"type\":\"object\"}"));
        Map<String, Object> serializerConfig = Map.of("auto.register.schemas", "false", "use.latest.version", "true");
        Map<String, Object> deserializerConfig = Map.of("json.value.type", Order.class.getName());

        List<Order> received = roundTrip(
                "json-orders",
                List.of(new Order("a", 1), new Order("b", 2)),
                new KafkaJsonSchemaSerializer<>(registry, serializerConfig),
                new KafkaJsonSchemaDeserializer<>(registry, deserializerConfig));

        assertThat(received).containsExactly(new Order("a", 1), new Order("b", 2));
    }

    @Test
    void avroKeysThroughAdaptersNamedInProperties() {
        org.apache.avro.Schema schema = new org.apache.avro.Schema.Parser()
                .parse("{\"type\":\"record\",\"name\":\"OrderKey\","
                        + "\"namespace\":\"it\",\"fields\":[{\"name\":\"id\",\"type\":\"string\"}]}");
        List<GenericRecord> keys = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            GenericRecord key = new GenericData.Record(schema);
            key.put("id", "k-" + i);
            keys.add(key);
        }

        List<ConsumerRecord<Object, Object>> received = roundTripByClassNames(
                "keyed-orders",
                keys,
                "v",
                serdes("serializer", KafkaAvroSerializer.class, StringSerializer.class),
                serdes("deserializer", KafkaAvroDeserializer.class, StringDeserializer.class),
                Map.of());

        assertThat(received)
                .extracting(r -> ((GenericRecord) r.key()).get("id").toString())
                .containsExactly("k-0", "k-1", "k-2", "k-3", "k-4");
        assertThat(received).extracting(ConsumerRecord::value).containsOnly("v");
        assertThat(registry.subjects()).containsExactly("keyed-orders-key");
        assertThat(registry.latest("keyed-orders-key").schema().text()).isEqualTo(schema.toString());
    }

    @Test
    void protobufAdaptersNamedInPropertiesReadTheConfiguredClass() {
        List<Timestamp> sent = List.of(
                Timestamp.newBuilder().setSeconds(1).build(),
                Timestamp.newBuilder().setSeconds(2).setNanos(3).build());

        List<ConsumerRecord<Object, Object>> received = roundTripByClassNames(
                "proto-times",
                List.of("k"),
                sent,
                serdes("serializer", StringSerializer.class, KafkaProtobufSerializer.class),
                serdes("deserializer", StringDeserializer.class, KafkaProtobufDeserializer.class),
                Map.of("specific.protobuf.value.type", Timestamp.class.getName()));

        assertThat(received).extracting(ConsumerRecord::value).containsExactlyElementsOf(sent);
        assertThat(registry.subjects()).containsExactly("proto-times-value");
    }

    @Test
    void plainJsonAdaptersNamedInPropertiesForKeysAndValues() {
        List<ConsumerRecord<Object, Object>> received = roundTripByClassNames(
                "plain-json",
                List.of(new Order("k", 0)),
                List.of(new Order("a", 1), new Order("b", 2)),
                serdes("serializer", KafkaJsonSerializer.class, KafkaJsonSerializer.class),
                serdes("deserializer", KafkaJsonDeserializer.class, KafkaJsonDeserializer.class),
                Map.of("json.key.type", Order.class.getName(), "json.value.type", Order.class.getName()));

        assertThat(received).extracting(ConsumerRecord::key).containsOnly(new Order("k", 0));
        assertThat(received).extracting(ConsumerRecord::value).containsExactly(new Order("a", 1), new Order("b", 2));
        assertThat(rawValues("plain-json", 2))
                .extracting(b -> new String(b, java.nio.charset.StandardCharsets.UTF_8))
                .containsExactly("{\"id\":\"a\",\"amount\":1}", "{\"id\":\"b\",\"amount\":2}");
        assertThat(registry.subjects()).isEmpty();
    }

    /**
     * Sends each key with each value (or each value with the single key, and the reverse) through a
     * KafkaProducer and a KafkaConsumer that create and configure the serdes from class names, as an
     * application's properties do; {@code consumerSettings} adds the deserializers' other keys.
     */
    private List<ConsumerRecord<Object, Object>> roundTripByClassNames(
            String topic,
            List<?> keys,
            Object values,
            Map<String, String> producerSerdes,
            Map<String, String> consumerSerdes,
            Map<String, String> consumerSettings) {
        cluster.createTopic(topic, 1, 1);
        List<?> valueList = values instanceof List<?> list ? list : List.of(values);
        Properties producerProps = new Properties();
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        producerProps.put("schema.registry.url", mock.url());
        producerProps.putAll(producerSerdes);
        int count = Math.max(keys.size(), valueList.size());
        try (KafkaProducer<Object, Object> producer = new KafkaProducer<>(producerProps)) {
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(
                        topic,
                        keys.get(Math.min(i, keys.size() - 1)),
                        valueList.get(Math.min(i, valueList.size() - 1))));
            }
            producer.flush();
        }
        Properties consumerProps = consumerProps();
        consumerProps.put("schema.registry.url", mock.url());
        consumerProps.putAll(consumerSerdes);
        consumerProps.putAll(consumerSettings);
        return poll(new KafkaConsumer<>(consumerProps), topic, count);
    }

    /** The properties naming the key and value serializer (or deserializer) classes. */
    private static Map<String, String> serdes(String role, Class<?> keyClass, Class<?> valueClass) {
        return Map.of("key." + role, keyClass.getName(), "value." + role, valueClass.getName());
    }

    private static GenericRecord order(int i) {
        GenericRecord order = new GenericData.Record(ORDER);
        order.put("id", "o-" + i);
        order.put("amount", (long) i);
        return order;
    }

    private static List<String> ids(List<GenericRecord> orders) {
        return orders.stream().map(order -> order.get("id").toString()).toList();
    }

    private static Descriptor eventDetail(String proto) {
        return ProtobufFormat.fileDescriptor(new ProtobufFormat().parse(Schema.protobuf(proto), Map.of()))
                .findMessageTypeByName("Event")
                .findNestedTypeByName("Detail");
    }

    private static Message detail(Descriptor type, String text) {
        return DynamicMessage.newBuilder(type)
                .setField(type.findFieldByName("text"), text)
                .build();
    }

    private <T> List<T> roundTrip(
            String topic, List<T> values, Serializer<T> serializer, Deserializer<T> deserializer) {
        cluster.createTopic(topic, 1, 1);
        Properties producerProps = new Properties();
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        try (KafkaProducer<String, T> producer =
                new KafkaProducer<>(producerProps, new StringSerializer(), serializer)) {
            for (T value : values) {
                producer.send(new ProducerRecord<>(topic, "k", value));
            }
            producer.flush();
        }
        return consume(topic, values.size(), deserializer);
    }

    private List<byte[]> rawValues(String topic) {
        return rawValues(topic, 10);
    }

    private List<byte[]> rawValues(String topic, int count) {
        return consume(topic, count, new ByteArrayDeserializer());
    }

    private List<ConsumerRecord<String, byte[]>> rawRecords(String topic, int count) {
        return poll(
                new KafkaConsumer<>(consumerProps(), new StringDeserializer(), new ByteArrayDeserializer()),
                topic,
                count);
    }

    private static Properties consumerProps() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return props;
    }

    private <T> List<T> consume(String topic, int count, Deserializer<T> deserializer) {
        return poll(new KafkaConsumer<>(consumerProps(), new StringDeserializer(), deserializer), topic, count).stream()
                .map(ConsumerRecord::value)
                .toList();
    }

    /** Reads the topic from the start until {@code count} records came, for a minute at most; closes the consumer. */
    private static <K, V> List<ConsumerRecord<K, V>> poll(KafkaConsumer<K, V> consumer, String topic, int count) {
        List<ConsumerRecord<K, V>> records = new ArrayList<>();
        try (consumer) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (records.size() < count && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        assertThat(records).as("records consumed from " + topic).hasSize(count);
        return records;
    }
}
