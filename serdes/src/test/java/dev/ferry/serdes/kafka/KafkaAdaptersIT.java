package dev.ferry.serdes.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.Message;
import dev.ferry.registry.Schema;
import dev.ferry.registry.SchemaRegistryClient;
import dev.ferry.registry.SchemaRegistryClients;
import dev.ferry.serdes.protobuf.ProtobufFormat;
import dev.ferry.testkit.KafkaCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The kafka-clients adapters used through a real KafkaProducer and KafkaConsumer on a real broker. */
class KafkaAdaptersIT {

    static KafkaCluster cluster;
    final String scope = "kafka-adapters-" + UUID.randomUUID();
    final SchemaRegistryClient registry = SchemaRegistryClients.create(Map.of("schema.registry.url", "mock://" + scope));

    @BeforeAll
    static void startBroker() {
        cluster = KafkaCluster.start();
    }

    @AfterAll
    static void stopBroker() {
        cluster.close();
    }

    @AfterEach
    void dropScope() {
        SchemaRegistryClients.dropMockScope(scope);
    }

    @Test
    void avroThroughKafkaProducerAndConsumer() {
        org.apache.avro.Schema schema = new org.apache.avro.Schema.Parser().parse("{\"type\":\"record\",\"name\":\"Order\","
                + "\"namespace\":\"it\",\"fields\":[{\"name\":\"id\",\"type\":\"string\"},{\"name\":\"amount\",\"type\":\"long\"}]}");
        List<GenericRecord> sent = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            GenericRecord order = new GenericData.Record(schema);
            order.put("id", "o-" + i);
            order.put("amount", (long) i);
            sent.add(order);
        }

        List<GenericRecord> received = roundTrip("avro-orders", sent, new KafkaAvroSerializer<>(registry, Map.of()),
                new KafkaAvroDeserializer<>(registry, Map.of()));

        assertThat(received).extracting(r -> r.get("id").toString()).containsExactly(
                sent.stream().map(r -> r.get("id").toString()).toArray(String[]::new));
        int id = registry.lookup("avro-orders-value", Schema.avro(schema.toString())).id();
        assertThat(rawValues("avro-orders")).allSatisfy(frame -> {
            assertThat(frame[0]).isZero();
            assertThat(java.nio.ByteBuffer.wrap(frame, 1, 4).getInt()).isEqualTo(id);
        });
    }

    @Test
    void protobufThroughKafkaProducerAndConsumer() {
        Descriptor type = ProtobufFormat.fileDescriptor(new ProtobufFormat().parse(Schema.protobuf("""
                syntax = "proto3";
                package it;
                message Header { string source = 1; }
                message Event { string id = 1; int64 at = 2; message Detail { string text = 1; } }
                """), Map.of())).findMessageTypeByName("Event").findNestedTypeByName("Detail");
        List<Message> sent = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            sent.add(DynamicMessage.newBuilder(type).setField(type.findFieldByName("text"), "d-" + i).build());
        }

        List<Message> received = roundTrip("proto-events", sent, new KafkaProtobufSerializer<>(registry, Map.of()),
                new KafkaProtobufDeserializer<>(registry, Map.of()));

        assertThat(received).extracting(m -> m.getDescriptorForType().getFullName()).containsOnly("it.Event.Detail");
        assertThat(received).extracting(Message::toByteString).containsExactlyElementsOf(
                sent.stream().map(Message::toByteString).toList());
    }

    public record Order(String id, long amount) {
    }

    @Test
    void jsonSchemaThroughKafkaProducerAndConsumer() {
        registry.register("json-orders-value", Schema.json("{\"title\":\"Order\",\"type\":\"object\"}"));
        Map<String, Object> serializerConfig = Map.of("auto.register.schemas", "false", "use.latest.version", "true");
        Map<String, Object> deserializerConfig = Map.of("json.value.type", Order.class.getName());

        List<Order> received = roundTrip("json-orders", List.of(new Order("a", 1), new Order("b", 2)),
                new KafkaJsonSchemaSerializer<>(registry, serializerConfig),
                new KafkaJsonSchemaDeserializer<>(registry, deserializerConfig));

        assertThat(received).containsExactly(new Order("a", 1), new Order("b", 2));
    }

    private <T> List<T> roundTrip(String topic, List<T> values, Serializer<T> serializer, Deserializer<T> deserializer) {
        cluster.createTopic(topic, 1, 1);
        Properties producerProps = new Properties();
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        try (KafkaProducer<String, T> producer = new KafkaProducer<>(producerProps, new StringSerializer(), serializer)) {
            for (T value : values) {
                producer.send(new ProducerRecord<>(topic, "k", value));
            }
            producer.flush();
        }
        return consume(topic, values.size(), deserializer);
    }

    private List<byte[]> rawValues(String topic) {
        return consume(topic, 10, new ByteArrayDeserializer());
    }

    private <T> List<T> consume(String topic, int count, Deserializer<T> deserializer) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<T> values = new ArrayList<>();
        try (KafkaConsumer<String, T> consumer = new KafkaConsumer<>(props, new StringDeserializer(), deserializer)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (values.size() < count && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, T> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(record.value());
                }
            }
        }
        assertThat(values).as("records consumed from " + topic).hasSize(count);
        return values;
    }
}
