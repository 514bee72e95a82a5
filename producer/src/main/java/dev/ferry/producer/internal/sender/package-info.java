/**
 * The I/O thread and the state it owns: {@link dev.ferry.producer.internal.sender.Sender} runs the
 * loop (metadata, producer id, drain, Produce requests, expiry, I/O); {@code BrokerDirectory} knows
 * the brokers (bootstrap, ApiVersions, SASL, metadata refreshes); {@code BrokerRequests} sends typed
 * requests; {@code ProduceResponseHandler} is the one place that decides what a Produce outcome means for a
 * batch (complete, retry, split, fail); {@code IdempotenceState} holds the producer id, epoch and
 * per-partition sequences and bumps the epoch after failures; {@code TransactionManager} is the
 * transactional state machine and decides what each coordinator answer means;
 * {@code TransactionRequests} finds the coordinators and builds, versions and sends its requests.
 *
 * <p>Threads: {@code BrokerDirectory}, {@code BrokerRequests}, {@code ProduceResponseHandler},
 * {@code IdempotenceState}, {@code TransactionRequests} and {@code SaslAuthenticator} are confined
 * to the I/O thread, and so is
 * {@code Sender} apart from {@code wakeup()} and the close calls application threads make. Two
 * types are shared with application threads: {@code ProducerMetadata} ({@code send()} waits there
 * for a topic's partitions; guarded by its monitor) and
 * {@code TransactionManager} (the user's calls change its state under its monitor; the transaction's
 * progress at the coordinator and its {@code TransactionRequests} are the I/O thread's alone).
 *
 * <p>Seams: {@code ProducerCore.assemble} wires the core from its parts, among them the clock every
 * deadline reads and the factory of the {@code BrokerNetwork} every request goes through
 * (ApiVersions, SASL, Metadata, InitProducerId, FindCoordinator, the transaction requests and
 * Produce). The unit tests put a manual clock and scripted brokers there.
 *
 * <p>In flight: five places record requests and batches that have left the queues, and they are
 * tied together as follows (checked after every round of the unit tests by {@code CoreUnderTest}).
 * <ol>
 * <li>{@code Sender.inFlight} holds exactly the batches whose Produce request was handed to the
 * network and whose handler has not run; a batch enters in {@code sendProduce} and leaves in that
 * request's handler, whatever the outcome. A batch that expires in flight stays until then.</li>
 * <li>For an idempotent producer, and for one without idempotence that keeps one request in flight
 * ({@code max.in.flight.requests.per.connection=1}), {@code IdempotenceState}'s per-partition
 * {@code inNetwork} counts the same batches ({@code sent} in {@code sendProduce}, {@code returned}
 * first in both handlers): their sum equals the size of {@code Sender.inFlight} between rounds.</li>
 * <li>{@code IdempotenceState}'s per-partition {@code unacknowledged} holds the stamped batches of
 * the partition, in sequence order, from their stamp until they are acknowledged or failed; a batch
 * failed while in flight stays until its request returns. So it covers those in flight and those
 * queued for a retry. It decides what may be drained next, not what is in the
 * network.</li>
 * <li>{@code RecordAccumulator.incomplete} holds every batch that still owns pool memory: queued,
 * in flight, or failed in flight and waiting for its request to return. A batch leaves it only
 * through {@code RecordAccumulator.release}, so an empty set means nothing is queued or in flight
 * and all batch memory is back ({@code flush()} waits for it).</li>
 * <li>The network's per-node {@code inFlightCount} ({@code BrokerConnection}'s queued and
 * {@code awaitingResponse} requests in {@code NetworkClient}) counts requests of every kind; each
 * batch in {@code Sender.inFlight} belongs to exactly one Produce request counted there. Closing a
 * connection fails its requests, and so empties their batches out of (1) and (2), before the
 * listener hears of the disconnect.</li>
 * </ol>
 */
package dev.ferry.producer.internal.sender;
