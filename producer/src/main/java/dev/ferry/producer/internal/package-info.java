/**
 * The producer's machinery behind {@link dev.ferry.producer.FerryProducer}; nothing here is API
 * and nothing here appears in a public signature. It runs on two kinds of thread: the application
 * threads calling {@code send()} (partition, accumulator, buffer, record) and the one I/O thread
 * started per producer, {@code ferry-producer-network-thread | <client.id>} (sender, network,
 * protocol). The subpackages say which of their types each kind of thread touches, and what
 * guards what they share; {@code ARCHITECTURE.md} at the repository root draws the whole path of a
 * record.
 */
package dev.ferry.producer.internal;
