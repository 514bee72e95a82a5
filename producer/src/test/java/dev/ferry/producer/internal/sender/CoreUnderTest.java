package dev.ferry.producer.internal.sender;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.common.internal.Backoff;
import dev.ferry.producer.Cluster;
import dev.ferry.producer.ProducerConfig;
import dev.ferry.producer.ProducerConfigBuilder;
import dev.ferry.producer.TimeoutException;
import dev.ferry.producer.TopicPartition;
import dev.ferry.producer.internal.accumulator.RecordAccumulator;
import dev.ferry.producer.internal.accumulator.RecordFuture;
import dev.ferry.producer.internal.buffer.BufferPool;
import dev.ferry.producer.internal.metrics.ProducerMetrics;
import dev.ferry.producer.internal.partition.UnkeyedPartitioning;
import dev.ferry.producer.internal.record.Compression;
import dev.ferry.producer.internal.record.RecordHeader;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;
import org.apache.kafka.common.message.InitProducerIdResponseData;
import org.apache.kafka.common.protocol.ApiKeys;

/**
 * The producer's core as {@code FerryProducer} wires it ({@link ProducerCore#assemble}), with a
 * {@link ManualClock} and a {@link ScriptedNetwork} in place of time and sockets. The test plays
 * both the user (appending records, calling the transaction verbs) and the I/O thread
 * ({@link #runOnce()}), so every scenario is one deterministic sequence of steps.
 *
 * <p>After every round it checks what ties the core's five records of "in flight" together (see
 * the sender package's documentation); {@link #assertSettled()} checks that nothing is left over.
 */
final class CoreUnderTest {
    static final String TOPIC = "orders";
    static final TopicPartition P0 = new TopicPartition(TOPIC, 0);
    static final TopicPartition P1 = new TopicPartition(TOPIC, 1);
    static final long PRODUCER_ID = 4_711;
    private static final int MAX_ROUNDS = 200;
    private static final RecordHeader[] NO_HEADERS = new RecordHeader[0];

    final ManualClock clock = new ManualClock(1_000_000);
    final ProducerConfig config;
    /** Seeded, so a failing test replays the same backoff jitter and sticky picks. */
    private final Random random;
    /**
     * The metadata refresh backoff's jitter, a stream of its own: the core's other draws stay where
     * they were before refreshes backed off, and so do the paths of the simulation's seeds.
     */
    private final Random metadataRandom;

    final ScriptedNetwork network;
    final BufferPool pool;
    final RecordAccumulator accumulator;
    final ProducerMetadata metadata;
    final UnkeyedPartitioning unkeyed;
    final ProducerCore core;
    final Sender sender;
    final TransactionManager transactions;

    /** Defaults: one record per batch is not forced; linger 0, retries unbounded, 3 brokers, topic "orders" with 3 partitions. */
    CoreUnderTest(UnaryOperator<ProducerConfigBuilder> settings) {
        this(settings, 15);
    }

    CoreUnderTest(UnaryOperator<ProducerConfigBuilder> settings, long seed) {
        this(settings, seed, InjectedDefect.NONE);
    }

    /** With {@code defect} switched on in the core, for the simulation's proof that it is caught. */
    CoreUnderTest(UnaryOperator<ProducerConfigBuilder> settings, long seed, InjectedDefect defect) {
        this(settings, seed, defect, 0);
    }

    /** Also with a new producer id's sequences starting at {@code firstSequence}, to cross the wrap at {@code Integer.MAX_VALUE}. */
    CoreUnderTest(UnaryOperator<ProducerConfigBuilder> settings, long seed, InjectedDefect defect, int firstSequence) {
        this(settings, seed, defect, firstSequence, true);
    }

    /**
     * @param refreshesBackOff false for a core whose metadata refreshes go whenever asked, as before
     *                         they backed off: the simulation's older worlds, where its seeds keep their paths
     */
    CoreUnderTest(
            UnaryOperator<ProducerConfigBuilder> settings,
            long seed,
            InjectedDefect defect,
            int firstSequence,
            boolean refreshesBackOff) {
        this.random = new Random(seed);
        this.metadataRandom = new Random(~seed);
        this.config = settings.apply(ProducerConfig.builder()
                        .bootstrapServers("127.0.0.1:19091")
                        .clientId("core-test")
                        .lingerMs(0)
                        .retryBackoffMs(100)
                        .retryBackoffMaxMs(100))
                .build();
        this.network = new ScriptedNetwork(clock, config.requestTimeoutMs(), config.reconnectBackoffMs());
        network.topic(TOPIC, 3);
        this.pool = new BufferPool(config.bufferMemory(), config.batchSize(), clock::nanos);
        this.accumulator = new RecordAccumulator(
                new RecordAccumulator.Settings(
                        config.batchSize(), Compression.NONE, config.lingerMs(), config.deliveryTimeoutMs()),
                pool,
                clock);
        this.metadata = refreshesBackOff
                ? ProducerMetadata.forConfig(config, metadataRandom::nextDouble, clock)
                : new ProducerMetadata(
                        config.metadataMaxAgeMs(),
                        config.metadataMaxIdleMs(),
                        new Backoff(0, 0, 0, metadataRandom::nextDouble),
                        clock);
        this.unkeyed = new UnkeyedPartitioning(config.batchSize(), false, 0, () -> random.nextInt(Integer.MAX_VALUE));
        this.core = ProducerCore.assemble(
                new ProducerCore.Parts(
                        config,
                        accumulator,
                        metadata,
                        clock,
                        new ProducerMetrics(clock),
                        null,
                        unkeyed,
                        network.factory(),
                        random::nextDouble),
                defect,
                firstSequence);
        this.sender = core.sender();
        this.transactions = core.transactions();
    }

    /** Connects, learns the topic's leaders and, for an idempotent producer, takes producer id {@link #PRODUCER_ID} epoch 0. */
    CoreUnderTest started() {
        boolean needsId = config.enableIdempotence() && transactions == null;
        if (needsId) {
            network.prepare(
                    ApiKeys.INIT_PRODUCER_ID,
                    new InitProducerIdResponseData().setProducerId(PRODUCER_ID).setProducerEpoch((short) 0));
        }
        knowTopic();
        if (needsId) {
            runUntil(() -> sender.idempotence().hasProducerId(), "a producer id");
        }
        return this;
    }

    /** What send() does first: the topic joins the metadata requests; then the I/O thread fetches it. */
    void knowTopic() {
        try {
            metadata.awaitTopic(TOPIC, 0, () -> {});
        } catch (TimeoutException expected) {
            // max.block.ms 0: registers the topic without waiting, as a send would before its first refresh
        }
        runUntil(() -> metadata.cluster().partitionCountForTopic(TOPIC).orElse(0) > 0, "metadata for " + TOPIC);
    }

    RecordFuture append(TopicPartition partition, int valueBytes) {
        return accumulator.append(partition, clock.getAsLong(), null, new byte[valueBytes], NO_HEADERS, null, 0);
    }

    RecordFuture append(TopicPartition partition) {
        return append(partition, 10);
    }

    /** A record whose value a test can tell apart from the others' in the requests it reads. */
    RecordFuture append(TopicPartition partition, String value) {
        return accumulator.append(
                partition, clock.getAsLong(), null, value.getBytes(StandardCharsets.UTF_8), NO_HEADERS, null, 0);
    }

    /** Runs the I/O thread until a request with this key waits for an answer, and returns the oldest such. */
    ScriptedNetwork.Exchange awaitRequest(ApiKeys key) {
        runUntil(() -> network.hasWaiting(key), "a " + key + " request");
        return network.waiting(key);
    }

    void runOnce() {
        sender.runOnce();
        checkInFlightInvariants();
    }

    void runUntil(BooleanSupplier condition, String what) {
        for (int round = 0; round < MAX_ROUNDS; round++) {
            if (condition.getAsBoolean()) {
                return;
            }
            runOnce();
        }
        throw new AssertionError(
                "still waiting for " + what + " after " + MAX_ROUNDS + " rounds; requests sent: " + network.sentKeys());
    }

    void rounds(int count) {
        for (int i = 0; i < count; i++) {
            runOnce();
        }
    }

    Cluster cluster() {
        return metadata.cluster();
    }

    /*
     * The invariants of the sender package-info's "In flight": a batch is in the sender's in-flight
     * list exactly while its Produce request is in the network, and the idempotence state counts the
     * same batches.
     */
    private void checkInFlightInvariants() {
        int batches = sender.batchesInFlight();
        if (config.enableIdempotence() || config.maxInFlightRequestsPerConnection() == 1) {
            assertThat(sender.idempotence().inNetwork())
                    .as("IdempotenceState.inNetwork = Sender.inFlight")
                    .isEqualTo(batches);
        }
        int batchesInRequests = network.inNetwork(ApiKeys.PRODUCE).stream()
                .mapToInt(produce -> network.batches(produce).size())
                .sum();
        assertThat(batchesInRequests)
                .as("batches of the Produce requests in the network = Sender.inFlight")
                .isEqualTo(batches);
    }

    /** Nothing left over: no batch incomplete or in flight, no request unanswered, all batch memory back in the pool. */
    void assertSettled() {
        assertThat(accumulator.hasIncomplete()).as("incomplete batches").isFalse();
        assertThat(sender.batchesInFlight()).as("batches in flight").isZero();
        assertThat(sender.idempotence().inNetwork()).as("idempotence inNetwork").isZero();
        assertThat(network.unanswered()).as("requests in the network").isZero();
        assertThat(pool.availableMemory()).as("buffer memory back in the pool").isEqualTo(pool.totalMemory());
    }
}
