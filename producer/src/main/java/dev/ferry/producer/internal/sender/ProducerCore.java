package dev.ferry.producer.internal.sender;

import dev.ferry.producer.ProducerConfig;
import dev.ferry.producer.ProducerListener;
import dev.ferry.producer.internal.accumulator.RecordAccumulator;
import dev.ferry.producer.internal.metrics.ProducerMetrics;
import dev.ferry.producer.internal.partition.UnkeyedPartitioning;
import java.util.function.LongSupplier;

/**
 * The one place that wires the producer's core: the idempotence state, the transaction manager
 * (null without {@code transactional.id}) and the I/O thread that drives both. The producer's
 * front end keeps the transaction manager for the user's calls and the sender for the I/O thread;
 * nothing reaches one through the other.
 *
 * @param sender       the I/O thread's work
 * @param transactions the transactional producer's state machine, or null
 */
public record ProducerCore(Sender sender, TransactionManager transactions) {

    /**
     * What the producer's front end shares with the core.
     *
     * @param clock monotonic milliseconds, used for every deadline in the core
     */
    public record Parts(ProducerConfig config, RecordAccumulator accumulator, ProducerMetadata metadata, LongSupplier clock,
                        ProducerMetrics metrics, ProducerListener listener, UnkeyedPartitioning unkeyed) {
    }

    public static ProducerCore assemble(Parts parts) {
        ProducerConfig config = parts.config();
        SenderSettings settings = SenderSettings.from(config);
        IdempotenceState idempotence = new IdempotenceState(settings.idempotence(), config.transactionalId() != null);
        TransactionManager transactions = config.transactionalId() == null ? null : new TransactionManager(config.transactionalId(),
                config.transactionTimeoutMs(), settings.retryBackoffMs(), idempotence, parts.metadata()::topicId, parts.clock());
        return new ProducerCore(new Sender(parts, settings, idempotence, transactions), transactions);
    }
}
