/**
 * Micrometer for Ferry's producer: {@link dev.ferry.micrometer.FerryProducerMetrics} binds a
 * {@code FerryProducer}'s metrics to a {@code MeterRegistry} under the names Micrometer's
 * {@code KafkaClientMetrics} gives kafka-clients' producer.
 */
package dev.ferry.micrometer;
