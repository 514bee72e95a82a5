/**
 * Drop-ins for Confluent's serializer classes, implementing kafka-clients'
 * {@code Serializer}/{@code Deserializer}: change the package name in {@code value.serializer} and
 * keep {@code KafkaProducer}/{@code KafkaConsumer} and the same properties. Needs kafka-clients on
 * the class path (an optional dependency of this module).
 */
package dev.ferry.serdes.kafka;
