/**
 * Avro: {@link dev.ferry.serdes.avro.AvroSerializer}, {@link dev.ferry.serdes.avro.AvroDeserializer}
 * and the schema format {@link dev.ferry.serdes.avro.AvroFormat} (parsing with references,
 * canonical and normalized forms, compatibility through Avro's {@code SchemaCompatibility}).
 */
package dev.ferry.serdes.avro;
