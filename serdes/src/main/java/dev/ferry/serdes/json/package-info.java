/**
 * JSON with Jackson: plain ({@link dev.ferry.serdes.json.JsonSerializer},
 * {@link dev.ferry.serdes.json.JsonDeserializer}) and framed with a registered JSON Schema id
 * ({@link dev.ferry.serdes.json.JsonSchemaSerializer}, {@link dev.ferry.serdes.json.JsonSchemaDeserializer}),
 * and the schema format {@link dev.ferry.serdes.json.JsonSchemaFormat} (limited compatibility checks).
 */
package dev.ferry.serdes.json;
