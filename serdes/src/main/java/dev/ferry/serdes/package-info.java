/**
 * Serializers and deserializers in the Confluent wire format, for Ferry's producer and (through
 * {@link dev.ferry.serdes.kafka}) for kafka-clients.
 *
 * <p>This package holds what every format shares: {@link dev.ferry.serdes.SerdeConfig} (Confluent's
 * keys: {@code auto.register.schemas}, {@code use.latest.version}, {@code use.schema.id},
 * {@code normalize.schemas}, subject name strategies...) and the
 * {@link dev.ferry.serdes.SubjectNameStrategy} implementations. The formats live in
 * {@link dev.ferry.serdes.avro}, {@link dev.ferry.serdes.protobuf} and {@link dev.ferry.serdes.json};
 * UTF-8 strings and raw bytes use the producer's own {@code StringSerializer} and
 * {@code ByteArraySerializer}.
 *
 * <pre>{@code
 * SchemaRegistryClient registry = SchemaRegistryClients.create(Map.of("schema.registry.url", url));
 * Serializer<OrderEvent> values = AvroSerializer.<OrderEvent>builder(registry).build();
 * }</pre>
 */
package dev.ferry.serdes;
