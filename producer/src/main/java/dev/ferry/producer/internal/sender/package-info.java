/**
 * The I/O thread and the state it owns: {@link dev.ferry.producer.internal.sender.Sender} runs the
 * loop (metadata, producer id, drain, Produce requests, expiry, I/O); {@code BrokerRegistry} knows
 * the brokers (bootstrap, ApiVersions, SASL, metadata refreshes); {@code BrokerChannel} sends typed
 * requests; {@code ProduceResults} is the one place that decides what a Produce outcome means for a
 * batch (complete, retry, split, fail); {@code IdempotenceState} holds the producer id, epoch and
 * per-partition sequences and bumps the epoch after failures; {@code TransactionManager} is the
 * transactional state machine and the coordinator conversation.
 *
 * <p>Threads: {@code BrokerRegistry}, {@code BrokerChannel}, {@code ProduceResults},
 * {@code IdempotenceState} and {@code SaslAuthenticator} are confined to the I/O thread, and so is
 * {@code Sender} apart from {@code wakeup()} and the close calls application threads make. Two
 * types are shared with application threads: {@code ProducerMetadata} ({@code send()} waits there
 * for a topic's partitions; guarded by its monitor) and
 * {@code TransactionManager} (the user's calls change its state under its monitor; its coordinator
 * fields are the I/O thread's alone).
 */
package dev.ferry.producer.internal.sender;
