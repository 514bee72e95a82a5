/**
 * Confluent Schema Registry client: the REST API served by Confluent, Apicurio, Karapace and Redpanda registries.
 */
package dev.ferry.registry;
