/**
 * The schema-format SPI: how the registry client's in-memory registry and Ferry's Maven plugin
 * parse schemas and judge compatibility without depending on Avro or Protobuf. Ferry's serdes
 * module implements it for Avro, Protobuf and JSON Schema; implementations are found with
 * {@link java.util.ServiceLoader} (see {@link dev.ferry.registry.spi.SchemaFormat}).
 */
package dev.ferry.registry.spi;
