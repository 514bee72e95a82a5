/**
 * Helpers behind {@link dev.ferry.producer.ProducerConfig} and
 * {@link dev.ferry.producer.SecurityConfig}: converting raw property values with kafka-clients'
 * leniency ({@code ConfigValues}), creating the serializers and partitioner named by class
 * ({@code Plugins}, which maps kafka-clients' built-in serializer names to Ferry's), and the map
 * handed to plugins whose {@code toString()} hides secrets ({@code SecretMaskingMap}).
 *
 * <p>Threads: used by whichever application thread builds the configuration or constructs the
 * producer; stateless, or immutable once made.
 */
package dev.ferry.producer.internal.config;
