/**
 * Exponential backoff with jitter as kafka-clients computes it ({@code ExponentialBackoff}): the
 * producer's retry backoff ({@code retry.backoff.ms} → {@code retry.backoff.max.ms}), its reconnect
 * backoff and its connection set-up timeout.
 *
 * <p>Threads: immutable; used on the I/O thread by the sender and the network client.
 */
package dev.ferry.producer.internal.retry;
