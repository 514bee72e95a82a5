/**
 * Configuration declared once: a {@code ConfigTable} holds one {@code ConfigKey} row per key (name,
 * aliases, type, default, validator, documentation, secret flag, how the builder takes and gives the
 * value), and reading properties, validating, masking, copying a builder, classifying unknown keys
 * and rendering the documentation are loops over the rows. The public configs ({@code ProducerConfig},
 * {@code SchemaRegistryConfig}, {@code SerdeConfig}) keep their typed builders in front. Not an API:
 * it may change in any release.
 */
package dev.ferry.common.internal.config;
