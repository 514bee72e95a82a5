package dev.ferry.producer.internal.sender;

import dev.ferry.producer.ProducerConfig;
import dev.ferry.producer.ProducerListener;
import dev.ferry.producer.internal.accumulator.RecordAccumulator;
import dev.ferry.producer.internal.metrics.ProducerMetrics;
import dev.ferry.producer.internal.network.BrokerNetwork;
import dev.ferry.producer.internal.network.NetworkClient;
import dev.ferry.producer.internal.network.NetworkMetrics;
import dev.ferry.producer.internal.partition.UnkeyedPartitioning;
import dev.ferry.producer.internal.security.SslFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
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
     * @param clock   monotonic milliseconds, used for every deadline in the core
     * @param network opens the core's way to the brokers: {@link #sockets} for real ones
     * @param random  uniform numbers in {@code [0, 1)} for the retry backoff's jitter: {@link #THREAD_LOCAL_RANDOM}
     *                in production, a seeded source where a test must replay the core's decisions
     */
    public record Parts(
            ProducerConfig config,
            RecordAccumulator accumulator,
            ProducerMetadata metadata,
            LongSupplier clock,
            ProducerMetrics metrics,
            ProducerListener listener,
            UnkeyedPartitioning unkeyed,
            BrokerNetwork.Factory network,
            DoubleSupplier random) {}

    /** Production's random source: each calling thread draws from its own generator, so the I/O thread never contends. */
    public static final DoubleSupplier THREAD_LOCAL_RANDOM =
            () -> ThreadLocalRandom.current().nextDouble();

    /**
     * The real network: sockets to the brokers, TLS when the security protocol asks for it, deadlines
     * on {@code nanoClock}'s milliseconds (the core's clock), traffic counted in {@code metrics}.
     */
    public static BrokerNetwork.Factory sockets(ProducerConfig config, LongSupplier nanoClock, NetworkMetrics metrics) {
        SslFactory ssl = config.security().securityProtocol().usesTls() ? SslFactory.create(config.security()) : null;
        return listener -> new NetworkClient(NetworkSettings.from(config), ssl, listener, nanoClock, metrics);
    }

    public static ProducerCore assemble(Parts parts) {
        return assemble(parts, InjectedDefect.NONE, 0);
    }

    /**
     * The core with a defect switched on, for the simulation that must catch it, and with the
     * sequences of a new producer id starting at {@code firstSequence} instead of 0, so a test
     * reaches the wrap at {@code Integer.MAX_VALUE} without sending 2^31 records; production passes
     * neither.
     */
    static ProducerCore assemble(Parts parts, InjectedDefect defect, int firstSequence) {
        ProducerConfig config = parts.config();
        SenderSettings settings = SenderSettings.from(config);
        IdempotenceState idempotence = new IdempotenceState(
                settings.idempotence(),
                config.transactionalId() != null,
                settings.maxInFlight(),
                defect,
                firstSequence);
        TransactionManager transactions = config.transactionalId() == null
                ? null
                : new TransactionManager(
                        config.transactionalId(),
                        config.transactionTimeoutMs(),
                        settings.retryBackoffMs(),
                        idempotence,
                        parts.metadata()::topicId,
                        parts.clock());
        return new ProducerCore(new Sender(parts, settings, idempotence, transactions, defect), transactions);
    }
}
