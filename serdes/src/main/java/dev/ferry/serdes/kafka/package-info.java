/**
 * Drop-ins for Confluent's serializer classes, implementing kafka-clients'
 * {@code Serializer}/{@code Deserializer}: change the package name in {@code value.serializer} and
 * keep {@code KafkaProducer}/{@code KafkaConsumer} and the same properties. Needs kafka-clients on
 * the class path (an optional dependency of this module). {@code KafkaSerializerAdapter} and
 * {@code KafkaDeserializerAdapter} are the one adapter under them all, and put any Ferry serde
 * behind kafka-clients' interfaces.
 */
package dev.ferry.serdes.kafka;
