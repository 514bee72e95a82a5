/**
 * The producer's metrics under kafka-clients' names ({@code ProducerMetrics} over
 * {@code WindowedStat}s), read as a snapshot by {@code Producer.metrics()}, and the fan-out to the
 * user's {@link dev.ferry.producer.ProducerListener}s ({@code ListenerInvoker}), which keeps a
 * throwing listener from disturbing delivery. {@code JmxReporter} publishes {@code ProducerMetrics}'
 * scopes (producer-wide, per topic, per broker) as MBeans under kafka-clients' object names;
 * {@code ReporterBridge} hands them to the user's {@link dev.ferry.producer.MetricsReporter}s.
 *
 * <p>Threads: application threads record buffer-pool waits, buffer exhaustion, metadata waits, flush
 * and transaction times and fire {@code onSend}; the I/O thread records batches and their record
 * sizes, requests, sends, retries, errors, the network's traffic, connections and poll times and
 * authentications, and fires {@code onAcknowledgement}, {@code onRetry} and {@code onError}; any
 * thread takes a snapshot. A windowed statistic records under its own monitor, uncontended in
 * practice since nearly all of them are recorded on the I/O thread; the send path records nothing
 * per record.
 */
package dev.ferry.producer.internal.metrics;
