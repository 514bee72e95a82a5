package dev.ferry.examples.perf;

import java.util.SortedMap;

/** One producer under test, sending byte-array values without a key, as kafka-producer-perf-test does. */
interface PerfProducer extends AutoCloseable {
    /** Sends {@code value} (copied before this returns); {@code callback} hears the outcome. */
    void send(String topic, byte[] value, PerfCallback callback);

    /** Returns once every record sent so far is acknowledged or failed. */
    void flush();

    /** The producer's metrics by name, for {@code --print-metrics}. */
    SortedMap<String, Object> metrics();

    /** Sends what is queued, then releases the producer. */
    @Override
    void close();
}
