/**
 * One class per Kafka API Ferry speaks (Produce, Metadata, ApiVersions, InitProducerId,
 * FindCoordinator, the transaction APIs, SASL), each with a {@code Request} record that encodes
 * itself at a version and decodes the matching {@code Response} record; plus
 * {@code BrokerVersions}, what one broker and Ferry both speak. Field layouts follow Kafka's JSON
 * message schemas; each message's test decodes Ferry's bytes with kafka-clients' generated message
 * classes and the reverse.
 *
 * <p>Threads: requests are built on the I/O thread (the transaction manager's requests included)
 * and encoded and decoded there; the records are immutable.
 */
package dev.ferry.producer.internal.protocol.message;
