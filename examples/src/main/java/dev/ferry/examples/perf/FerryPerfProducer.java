package dev.ferry.examples.perf;

import dev.ferry.producer.ByteArraySerializer;
import dev.ferry.producer.FerryProducer;
import dev.ferry.producer.Producer;
import dev.ferry.producer.ProducerConfig;
import dev.ferry.producer.ProducerRecord;
import java.util.Properties;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Ferry's producer under test; with {@link NullProducer} behind the same code, the tool's own cost
 * ({@code --client null}).
 */
final class FerryPerfProducer implements PerfProducer {
    private final Producer<byte[], byte[]> producer;

    FerryPerfProducer(Properties properties) {
        this(new FerryProducer<>(
                ProducerConfig.fromProperties(properties), new ByteArraySerializer(), new ByteArraySerializer()));
    }

    FerryPerfProducer(Producer<byte[], byte[]> producer) {
        this.producer = producer;
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
        return new TreeMap<>(producer.metrics());
    }

    @Override
    public void close() {
        producer.close();
    }
}
