package dev.ferry.examples.perf;

import java.util.Properties;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** The kafka-clients producer under test, configured as kafka-producer-perf-test configures it. */
final class KafkaPerfProducer implements PerfProducer {
    private final KafkaProducer<byte[], byte[]> producer;

    KafkaPerfProducer(Properties properties) {
        this.producer = new KafkaProducer<>(properties, new ByteArraySerializer(), new ByteArraySerializer());
    }

    @Override
    public void send(String topic, byte[] value, PerfCallback callback) {
        producer.send(new ProducerRecord<>(topic, value), callback);
    }

    @Override
    public void flush() {
        producer.flush();
    }

    @Override
    public SortedMap<String, Object> metrics() {
        SortedMap<String, Object> metrics = new TreeMap<>();
        producer.metrics()
                .forEach((name, metric) ->
                        metrics.put(name.group() + ":" + name.name() + ":" + name.tags(), metric.metricValue()));
        return metrics;
    }

    @Override
    public void close() {
        producer.close();
    }
}
