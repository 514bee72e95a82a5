/**
 * {@code ferry-perf}: kafka-producer-perf-test's flags and output for Ferry's producer and for
 * kafka-clients, and {@code --compare}, which runs both alternately in JVMs of their own against one
 * broker and reports the throughput and CPU-per-record ratios.
 */
package dev.ferry.examples.perf;
