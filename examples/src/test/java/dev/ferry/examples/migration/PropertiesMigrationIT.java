package dev.ferry.examples.migration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.examples.internal.SampleOrders;
import dev.ferry.producer.FerryProducer;
import dev.ferry.schemas.avro.OrderEvent;
import dev.ferry.testkit.KafkaCluster;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The README's migration recipe, as properties files: the same producer properties drive a
 * KafkaProducer with Ferry's drop-in serializer and, with only the serializer's class name changed,
 * Ferry's own producer; a KafkaConsumer configured by properties reads both.
 */
class PropertiesMigrationIT {
    private static final String TOPIC = "migration-orders";

    @AutoClose
    private static final KafkaCluster kafka = KafkaCluster.start();

    @BeforeAll
    static void createTopics() {
        kafka.createTopic(TOPIC, 1, 1);
    }

    private static Properties load(String name) throws IOException {
        Properties properties = new Properties();
        try (InputStream in = PropertiesMigrationIT.class.getResourceAsStream("/migration/" + name)) {
            properties.load(in);
        }
        properties.setProperty("bootstrap.servers", kafka.bootstrapServers());
        return properties;
    }

    @Test
    void kafkaProducerWithFerrysSerializerAndFerrysProducerShareTheProperties() throws Exception {
        Properties kafkaClients = load("ferry-producer.properties");
        try (KafkaProducer<String, OrderEvent> producer = new KafkaProducer<>(kafkaClients)) {
            producer.send(new ProducerRecord<>(TOPIC, SampleOrders.orderId(1), SampleOrders.avro(1)))
                    .get(30, TimeUnit.SECONDS);
        }
        Properties ferry = load("ferry-producer.properties");
        ferry.setProperty("value.serializer", "dev.ferry.serdes.avro.AvroSerializer");
        try (FerryProducer<String, OrderEvent> producer = new FerryProducer<>(ferry)) {
            producer.send(new dev.ferry.producer.ProducerRecord<>(TOPIC, SampleOrders.orderId(2), SampleOrders.avro(2)))
                    .get(30, TimeUnit.SECONDS);
        }

        List<ConsumerRecord<String, OrderEvent>> records = new ArrayList<>();
        try (KafkaConsumer<String, OrderEvent> consumer = new KafkaConsumer<>(load("ferry-consumer.properties"))) {
            TopicPartition partition = new TopicPartition(TOPIC, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            for (int polls = 0; polls < 150 && records.size() < 2; polls++) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        assertThat(records)
                .extracting(ConsumerRecord::value)
                .containsExactly(SampleOrders.avro(1), SampleOrders.avro(2));
        List<Integer> schemaIds = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> raw = new KafkaConsumer<>(
                load("ferry-consumer.properties"), new StringDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition partition = new TopicPartition(TOPIC, 0);
            raw.assign(List.of(partition));
            raw.seekToBeginning(List.of(partition));
            for (int polls = 0; polls < 150 && schemaIds.size() < 2; polls++) {
                raw.poll(Duration.ofMillis(200))
                        .forEach(record -> schemaIds.add(
                                ByteBuffer.wrap(record.value(), 1, 4).getInt()));
            }
        }
        assertThat(schemaIds)
                .as("both producers register the same schema under orders' subject")
                .hasSize(2)
                .containsOnly(schemaIds.get(0));
    }
}
