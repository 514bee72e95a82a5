package dev.ferry.producer.internal.sender;

import dev.ferry.common.FerryException;
import dev.ferry.common.internal.Backoff;
import dev.ferry.producer.AuthenticationException;
import dev.ferry.producer.Cluster;
import dev.ferry.producer.KafkaErrorException;
import dev.ferry.producer.ProducerClosedException;
import dev.ferry.producer.ProducerListener;
import dev.ferry.producer.TimeoutException;
import dev.ferry.producer.internal.accumulator.DrainGate;
import dev.ferry.producer.internal.accumulator.ProducerBatch;
import dev.ferry.producer.internal.accumulator.ReadyNodes;
import dev.ferry.producer.internal.accumulator.RecordAccumulator;
import dev.ferry.producer.internal.metrics.ProducerMetrics;
import dev.ferry.producer.internal.network.BrokerNetwork;
import dev.ferry.producer.internal.network.RequestFailure;
import dev.ferry.producer.internal.partition.UnkeyedPartitioning;
import dev.ferry.producer.internal.protocol.ApiKey;
import dev.ferry.producer.internal.protocol.ApiRequest;
import dev.ferry.producer.internal.protocol.ErrorCode;
import dev.ferry.producer.internal.protocol.message.BrokerVersions;
import dev.ferry.producer.internal.protocol.message.InitProducerId;
import dev.ferry.producer.internal.protocol.message.Produce;
import dev.ferry.producer.internal.security.SaslCredentials;
import dev.ferry.producer.internal.security.SaslMechanism;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The producer's I/O thread: drains ready batches per leader into one Produce request per broker,
 * keeps metadata and the producer id fresh, and turns responses into completed futures, retries or
 * failures. Graceful close sends everything that is queued and lets a transaction end, aborting one
 * the user left open; forced close fails it.
 */
public final class Sender implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(Sender.class);
    private static final long MAX_POLL_MS = 100;
    private static final long READY_RECHECK_MS = 10;

    private final SenderSettings settings;
    private final RecordAccumulator accumulator;
    private final ProducerMetadata metadata;
    private final BrokerNetwork network;
    private final BrokerRequests channel;
    private final BrokerDirectory brokers;
    private final IdempotenceState idempotence;
    /** Null for a producer without transactional.id. */
    private final TransactionManager transactions;

    private final DrainGate drainGate;
    private final ProduceRequestBuilder requests;
    private final TransactionIo transactionIo;
    private final ProduceResponseHandler results;
    private final BatchFailures failures;
    private final LongSupplier clock;
    private final ProducerMetrics metrics;
    private final UnkeyedPartitioning unkeyed;
    /** Null when the user registered none, so the hot path skips it. */
    private final ProducerListener listener;

    private final Backoff retryBackoff;
    private final List<ProducerBatch> inFlight = new ArrayList<>();
    /** Refilled every round, so the round allocates no collections of its own. */
    private final ReadyNodes ready = new ReadyNodes();
    /** The ready brokers the round may drain to; refilled every round. */
    private final List<Integer> sendable = new ArrayList<>();

    /** The round's drained brokers and, at the same index, their batches; refilled every round. */
    private final List<Integer> drainedNodes = new ArrayList<>();

    private final List<List<ProducerBatch>> drained = new ArrayList<>();

    private final UnkeyedPartitioning.QueueDepths queuedBatches;
    private boolean initProducerIdInFlight;
    private long nextInitProducerIdMs;
    private volatile boolean running = true;
    private volatile boolean forceClose;
    private final InjectedDefect defect;

    Sender(
            ProducerCore.Parts parts,
            SenderSettings settings,
            IdempotenceState idempotence,
            TransactionManager transactions,
            InjectedDefect defect) {
        dev.ferry.producer.ProducerConfig config = parts.config();
        this.unkeyed = parts.unkeyed();
        this.metrics = parts.metrics();
        this.listener = parts.listener();
        this.settings = settings;
        this.accumulator = parts.accumulator();
        this.queuedBatches = accumulator::queuedBatches;
        this.metadata = parts.metadata();
        this.clock = parts.clock();
        this.retryBackoff =
                new Backoff(settings.retryBackoffMs(), settings.retryBackoffMaxMs(), Backoff.JITTER, parts.random());
        this.idempotence = idempotence;
        this.transactions = transactions;
        this.drainGate = transactions == null
                ? idempotence
                // a transactional producer drains a partition only inside a transaction it has joined
                : head -> transactions.mayDrain(head.partition()) && idempotence.mayDrain(head);
        this.requests = new ProduceRequestBuilder(
                idempotence,
                accumulator,
                metadata,
                transactions == null ? null : transactions.transactionalId(),
                settings.acks(),
                settings.requestTimeoutMs());
        this.brokers = new BrokerDirectory(
                settings.bootstrap(),
                metadata,
                security(config.security()),
                new Authentications(),
                clock,
                parts.network(),
                settings.clientId(),
                BrokerDirectory.Recovery.of(config));
        this.network = brokers.network();
        this.channel = brokers.channel();
        this.failures = new BatchFailures(accumulator, idempotence, transactions, metrics, listener);
        this.results = new ProduceResponseHandler(
                accumulator,
                idempotence,
                metadata,
                settings.retries(),
                metrics,
                listener,
                failures,
                transactions != null,
                defect);
        this.transactionIo = new SenderTransactionIo();
        this.defect = defect;
    }

    private static BrokerDirectory.Security security(dev.ferry.producer.SecurityConfig security) {
        BrokerDirectory.Sasl sasl = security.securityProtocol().usesSasl()
                ? new BrokerDirectory.Sasl(SaslMechanism.forConfig(security), SaslCredentials.forConfig(security))
                : null;
        return new BrokerDirectory.Security(security.securityProtocol().usesTls(), sasl);
    }

    @Override
    public void run() {
        try {
            while (!stopped()) {
                runOnce();
            }
            if (forceClose) {
                failEverything(
                        new ProducerClosedException("The producer was closed before the record could be delivered"));
            }
            if (transactions != null) {
                transactions.onSenderStopped(
                        new ProducerClosedException("The producer was closed before the transactional call completed"));
            }
        } catch (RuntimeException | Error e) {
            LOG.error("the producer's I/O thread failed; pending records fail with it", e);
            String message = "The producer's I/O thread failed: " + e;
            // refuse new records first: nothing would ever send or expire them, nor fetch their topics' metadata
            String refusal = message + "; close this producer and create a new one";
            accumulator.close(refusal);
            metadata.close(refusal);
            failEverything(new ProducerClosedException(message));
            throw e;
        } finally {
            network.close();
        }
    }

    /** One round: metadata, producer id, drain, send, expire, then I/O. */
    void runOnce() {
        long now = clock.getAsLong();
        if (transactions != null && !running && !forceClose) {
            transactions.maybeAbortOnClose(!accumulator.hasUndrained() && inFlight.isEmpty());
        }
        long metadataWaitMs = brokers.maybeRefreshMetadata(now);
        if (transactions != null) {
            transactions.maybeSendRequest(now, transactionIo);
        } else {
            idempotence.maybeBumpEpoch(this::failNotStampedAgain);
            maybeInitProducerId(now);
        }
        Cluster cluster = metadata.cluster();
        accumulator.ready(cluster, now, ready);
        if (!ready.topicsWithoutLeader().isEmpty()) {
            metadata.requestUpdateForTopics(ready.topicsWithoutLeader(), now);
        }
        sendable.clear();
        for (int i = 0; i < ready.nodes().size(); i++) {
            int node = ready.nodes().get(i);
            boolean canDrain = brokers.isReady(node, cluster) && network.inFlightCount(node) < settings.maxInFlight();
            unkeyed.recordReadyCheck(node, now, canDrain);
            if (canDrain) {
                sendable.add(node);
            }
        }
        unkeyed.refresh(cluster, queuedBatches);
        drainedNodes.clear();
        drained.clear();
        if (idempotence.hasProducerId()) {
            // every broker drained before any request goes out, then sent in broker id order: the order of
            // requests does not follow which broker's partition was found ready first, so a seeded run replays
            sendable.sort(null);
            for (int i = 0; i < sendable.size(); i++) {
                int node = sendable.get(i);
                List<ProducerBatch> batches =
                        accumulator.drain(cluster, node, settings.maxRequestSize(), now, drainGate);
                if (!batches.isEmpty()) {
                    drainedNodes.add(node);
                    drained.add(batches);
                }
            }
        }
        for (int i = 0; i < drained.size(); i++) {
            sendProduce(drainedNodes.get(i), drained.get(i), now);
        }
        expire(now);
        // A ready broker that took nothing (its in-flight requests at the limit) is looked at again within
        // READY_RECHECK_MS. Arithmetic, not a test of whether any broker is ready: that changes with the
        // load, and a branch first taken late discards the compiled round.
        long longestPollMs = MAX_POLL_MS - Math.min(ready.nodes().size(), 1) * (MAX_POLL_MS - READY_RECHECK_MS);
        long pollMs = drained.isEmpty()
                ? Math.min(Math.min(longestPollMs, metadataWaitMs), Math.max(0, ready.nextCheckDelayMs()))
                : 0;
        if (transactions != null) {
            pollMs = Math.min(pollMs, transactions.timeToNextAttempt(now));
        }
        network.poll(pollMs);
    }

    private void sendProduce(int node, List<ProducerBatch> batches, long now) {
        short version = transactions == null
                ? brokers.versions(node).highestCommonVersion(ApiKey.PRODUCE)
                : brokers.versions(node).highestCommonVersion(ApiKey.PRODUCE, transactions.produceVersionCap());
        Produce.Request request = requests.build(batches, version);
        int records = 0;
        for (ProducerBatch batch : batches) {
            if (batch.attempts() == 0) {
                metrics.recordBatch(
                        batch.partition().topic(),
                        batch.sizeInBytes(),
                        batch.compressionRatio(),
                        now - batch.createdMs());
                metrics.recordRecordSizes(batch.recordCount(), batch.recordBytes(), batch.maxRecordBytes());
            }
            metrics.recordSends(batch.partition().topic(), batch.recordCount());
            records += batch.recordCount();
            batch.recordAttempt();
            idempotence.sent(batch);
            if (transactions != null) {
                transactions.onBatchDrained(batch.partition());
            }
            inFlight.add(batch);
        }
        metrics.recordRequestSent(records);
        boolean expectResponse = settings.acks() != 0;
        channel.send(
                node,
                request,
                version,
                expectResponse,
                response -> {
                    long completed = clock.getAsLong();
                    metrics.recordRequestCompleted(node, completed - now);
                    if (response != null) {
                        // the throttle itself holds back every request to the broker (BrokerDirectory)
                        metrics.recordThrottleTime(response.throttleTimeMs());
                    }
                    inFlight.removeAll(batches);
                    results.handleResponse(batches, request.topics(), response, completed, this::retry);
                },
                failure -> {
                    long completed = clock.getAsLong();
                    metrics.recordRequestCompleted(node, completed - now);
                    inFlight.removeAll(batches);
                    results.handleFailure(batches, failure, completed, this::retry);
                });
    }

    private void retry(ProducerBatch batch, long now) {
        accumulator.reenqueue(batch, now + retryBackoff.backoffMs(batch.attempts() - 1));
    }

    private void maybeInitProducerId(long now) {
        if (!idempotence.enabled()
                || idempotence.hasProducerId()
                || initProducerIdInFlight
                || now < nextInitProducerIdMs
                || !idempotence.nothingInNetwork()) {
            return;
        }
        Integer node = brokers.leastLoadedReadyNode();
        if (node == null) {
            return;
        }
        short version = brokers.versions(node).highestCommonVersion(ApiKey.INIT_PRODUCER_ID);
        initProducerIdInFlight = true;
        channel.send(
                node,
                new InitProducerId.Request(null, Integer.MAX_VALUE, -1L, (short) -1),
                version,
                true,
                response -> {
                    initProducerIdInFlight = false;
                    ErrorCode error = ErrorCode.forCode(response.errorCode());
                    if (error == ErrorCode.NONE) {
                        LOG.debug("producer id {} epoch {}", response.producerId(), response.producerEpoch());
                        idempotence.setProducerId(
                                response.producerId(), response.producerEpoch(), accumulator.queuedWithSequence());
                    } else {
                        onInitProducerIdError(error);
                    }
                },
                failure -> {
                    initProducerIdInFlight = false;
                    nextInitProducerIdMs = clock.getAsLong() + settings.retryBackoffMs();
                });
    }

    /*
     * A retriable error (a coordinator still loading, a broker not yet ready) is routine on a fresh
     * cluster. Any other, such as CLUSTER_AUTHORIZATION_FAILED for a user who may write no topic, is
     * fatal in kafka-clients; here the records waiting for an id fail with it at once instead of
     * expiring after delivery.timeout.ms, and a later attempt still succeeds once the cause is fixed.
     */
    private void onInitProducerIdError(ErrorCode error) {
        nextInitProducerIdMs = clock.getAsLong() + settings.retryBackoffMs();
        if (error.retriable()) {
            LOG.debug("InitProducerId failed with {}; retrying", error);
            return;
        }
        LOG.warn(
                "InitProducerId failed with {}: the records waiting for a producer id fail; retrying in {} ms",
                error,
                settings.retryBackoffMs());
        failQueued(new KafkaErrorException(
                error.name(),
                error.code(),
                "getting a producer id for the idempotent producer: " + error.defaultMessage()));
    }

    private void failNotStampedAgain(ProducerBatch batch) {
        failures.failNotStampedAgain(
                batch,
                new FerryException("producing to " + batch.partition() + ": " + batch.recordCount()
                        + " record(s) not sent again: an earlier attempt under producer id " + batch.producerId()
                        + " epoch " + batch.producerEpoch() + " got no answer, or an error the broker gives after"
                        + " appending, and may still be written; the partition's sequence broke and it goes on"
                        + " under epoch " + idempotence.epoch() + ", where these records would be written a second"
                        + " time. They may or may not be in the log"));
    }

    private void expire(long now) {
        for (ProducerBatch batch : accumulator.expire(now)) {
            failures.fail(batch, expiredException(batch, now));
        }
        for (ProducerBatch batch : inFlight) {
            if (!batch.isDone() && batch.deliveryDeadlineMs() <= now) {
                // its fate on the broker is unknown and its request may still land: IdempotenceState
                // decides whether the partition's later batches go out first or a new epoch starts now
                failures.failInFlight(batch, expiredException(batch, now));
            }
        }
    }

    /**
     * A broker refused authentication. As kafka-clients treats it, this is not retried quietly until
     * delivery.timeout.ms: the records waiting for that broker and the sends waiting for metadata
     * fail with it now; later sends try a new connection after the reconnect backoff.
     */
    private void onAuthenticationFailed(int nodeId, AuthenticationException failure) {
        metadata.authenticationFailed(failure);
        for (ProducerBatch batch : accumulator.drainLedBy(metadata.cluster(), nodeId)) {
            failures.fail(batch, failure);
        }
        if (transactions != null) {
            transactions.onAuthenticationFailed(failure);
        }
    }

    /** Counts each connection's authentication as kafka-clients' Selector does; a refusal also fails what waits for the broker. */
    private final class Authentications implements BrokerDirectory.AuthenticationListener {
        @Override
        public void authenticated(int nodeId) {
            metrics.recordAuthentication(true);
        }

        @Override
        public void authenticationFailed(int nodeId, AuthenticationException failure) {
            metrics.recordAuthentication(false);
            onAuthenticationFailed(nodeId, failure);
        }
    }

    private static TimeoutException expiredException(ProducerBatch batch, long now) {
        return new TimeoutException("Expiring " + batch.recordCount() + " record(s) for " + batch.partition() + ": "
                + (now - batch.createdMs()) + " ms has passed since batch creation (delivery.timeout.ms)");
    }

    private void failEverything(FerryException cause) {
        failQueued(cause);
        for (ProducerBatch batch : inFlight) {
            if (!batch.isDone()) {
                failures.failInFlight(batch, cause);
            }
        }
        // a round that failed between the drain and the send left batches neither queued nor in flight
        for (List<ProducerBatch> batches : drained) {
            for (ProducerBatch batch : batches) {
                if (!batch.isDone() && !inFlight.contains(batch)) {
                    failures.fail(batch, cause);
                }
            }
        }
    }

    private void failQueued(FerryException cause) {
        for (ProducerBatch batch : accumulator.drainAll()) {
            failures.fail(batch, cause);
        }
    }

    /**
     * Whether {@link #run()}'s rounds are over: closed, and either forced or with nothing queued,
     * nothing in flight and no transaction open (a graceful close commits or aborts what is under
     * way and aborts what the user left open). The simulation drives the rounds itself and asks
     * this where run() would.
     */
    boolean stopped() {
        return !running
                && (forceClose
                        || (!accumulator.hasUndrained()
                                && (inFlight.isEmpty() || defect == InjectedDefect.CLOSE_IGNORES_IN_FLIGHT)
                                && (transactions == null || !transactions.hasOpenTransaction())));
    }

    /** Batches whose Produce request is in the network (see package-info: "In flight"). */
    int batchesInFlight() {
        return inFlight.size();
    }

    IdempotenceState idempotence() {
        return idempotence;
    }

    /**
     * Finish what is queued and in flight, then stop. A send still waiting for a topic's metadata
     * fails now: the accumulator refuses its record whatever the metadata says.
     */
    public void initiateClose() {
        accumulator.close();
        metadata.close("The producer was closed");
        running = false;
        network.wakeup();
    }

    /** Stop at once, failing what is left. */
    public void forceClose() {
        forceClose = true;
        initiateClose();
    }

    public void wakeup() {
        network.wakeup();
    }

    private final class SenderTransactionIo implements TransactionIo {
        @Override
        public Integer anyReadyNode() {
            return brokers.leastLoadedReadyNode();
        }

        @Override
        public boolean isReady(int nodeId) {
            return brokers.isReady(nodeId, metadata.cluster());
        }

        @Override
        public boolean isUnreachable(int nodeId) {
            return !network.isConnected(nodeId) && !network.isConnecting(nodeId) && network.connectDelayMs(nodeId) > 0;
        }

        @Override
        public BrokerVersions versions(int nodeId) {
            return brokers.versions(nodeId);
        }

        @Override
        public void addAddress(int nodeId, String host, int port) {
            brokers.addAddress(nodeId, host, port);
        }

        @Override
        public <R> void send(
                int nodeId,
                ApiRequest<R> request,
                short version,
                Consumer<R> onResponse,
                Consumer<RequestFailure> onFailure) {
            channel.send(nodeId, request, version, true, onResponse, onFailure);
        }

        @Override
        public boolean hasUnfinishedBatches() {
            return accumulator.hasIncomplete();
        }

        @Override
        public void failQueuedBatches(FerryException cause) {
            for (ProducerBatch batch : accumulator.drainAll()) {
                failures.failForAbort(batch, cause);
            }
        }
    }
}
