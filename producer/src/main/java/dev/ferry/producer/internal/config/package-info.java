/**
 * The producer's key table behind {@link dev.ferry.producer.ProducerConfig} and
 * {@link dev.ferry.producer.SecurityConfig}: {@code ProducerSettings} and {@code SecuritySettings}
 * hold the builders' state and one row per key (type, default, rule, documentation, secret flag;
 * {@code ProducerTypes} parses values with kafka-clients' leniency), listed for other components by
 * {@code ProducerKeysProvider}. Also: creating the serializers and partitioner named by class
 * ({@code Plugins}, which maps kafka-clients' built-in serializer names to Ferry's), and the map handed
 * to plugins whose {@code toString()} hides secrets ({@code SecretMaskingMap}), and the rule of
 * {@code bootstrap.servers}' entries ({@code BootstrapAddresses}).
 *
 * <p>Threads: used by whichever application thread builds the configuration or constructs the
 * producer; the tables are immutable, the settings confined to their builder.
 */
package dev.ferry.producer.internal.config;
