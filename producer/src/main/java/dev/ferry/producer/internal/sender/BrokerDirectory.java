package dev.ferry.producer.internal.sender;

import dev.ferry.producer.AuthenticationException;
import dev.ferry.producer.Cluster;
import dev.ferry.producer.KafkaErrorException;
import dev.ferry.producer.Node;
import dev.ferry.producer.PartitionInfo;
import dev.ferry.producer.SaslAuthenticationException;
import dev.ferry.producer.TopicPartition;
import dev.ferry.producer.internal.network.BrokerNetwork;
import dev.ferry.producer.internal.network.ConnectionListener;
import dev.ferry.producer.internal.protocol.ApiKey;
import dev.ferry.producer.internal.protocol.ErrorCode;
import dev.ferry.producer.internal.protocol.message.ApiVersions;
import dev.ferry.producer.internal.protocol.message.BrokerVersions;
import dev.ferry.producer.internal.protocol.message.Metadata;
import dev.ferry.producer.internal.protocol.message.NodeEndpoint;
import dev.ferry.producer.internal.security.SaslCredentials;
import dev.ferry.producer.internal.security.SaslMechanism;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The brokers the producer talks to: where they are (bootstrap servers first, then metadata), which
 * API versions each speaks (ApiVersions on every new connection), SASL authentication when
 * configured, and the metadata refreshes that keep the cluster view current. A broker is ready once
 * all of that is done; a refused authentication goes to the authentication failure handler.
 *
 * <p>Confined to the I/O thread.
 */
final class BrokerDirectory implements ConnectionListener {
    private static final Logger LOG = LoggerFactory.getLogger(BrokerDirectory.class);
    static final short API_VERSIONS_FIRST_TRY = 3;
    private static final String SOFTWARE_NAME = "ferry";
    private static final String SOFTWARE_VERSION = "0.1.0";

    private final List<InetSocketAddress> bootstrap;
    private final ProducerMetadata metadata;
    private final Map<Integer, BrokerVersions> versions = new HashMap<>();
    /** Coordinators learnt from FindCoordinator, for the time before metadata lists them. */
    private final Map<Integer, InetSocketAddress> extraAddresses = new HashMap<>();
    /** When to replace a connection whose SASL session the broker will end (connections.max.reauth.ms). */
    private final Map<Integer, Long> sessionRenewalMs = new HashMap<>();
    /** Whether connections run TLS without SASL, so a finished TLS handshake is the connection's authentication. */
    private final boolean tlsOnly;

    private final AuthenticationListener authentications;
    private final LongSupplier clock;
    private final BrokerNetwork network;
    private final BrokerRequests channel;
    /** Null without SASL. */
    private final SaslAuthenticator authenticator;

    /**
     * Each partition's newest leader epoch heard: a Metadata answer from a broker that has not yet
     * caught up with a leader change does not take the producer back to the old leader.
     */
    private final Map<TopicPartition, Integer> leaderEpochs = new HashMap<>();

    /**
     * Per broker, until when the throttle_time_ms of its last throttled answer (of any kind) holds
     * back every request to it: since KIP-219 a broker over a quota answers at once and expects the
     * client to wait, and kafka-clients mutes the connection for that long. Answers read in one
     * poll: the longest throttle holds, as in kafka-clients.
     */
    private final Map<Integer, Long> throttledUntilMs = new HashMap<>();

    private final Recovery recovery;
    private boolean metadataInFlight;
    private int bootstrapCursor;
    /** After a rebootstrap: new connections for metadata go to bootstrap.servers until a Metadata answer. */
    private boolean bootstrapping;
    /**
     * When the due refresh was first tried, -1 when none is due or the last one was answered: the
     * start of metadata.recovery.rebootstrap.trigger.ms (kafka-clients' metadataAttemptStartMs).
     */
    private long refreshDueSinceMs = -1;
    /** A broker answered REBOOTSTRAP_REQUIRED: the next round rebootstraps, whatever the trigger's time. */
    private boolean rebootstrapRequested;

    /**
     * @param security        how connections authenticate
     * @param authentications told on the I/O thread how each connection's authentication ends
     * @param networks        opens the network this registry listens to and sends through
     */
    BrokerDirectory(
            List<InetSocketAddress> bootstrap,
            ProducerMetadata metadata,
            Security security,
            AuthenticationListener authentications,
            LongSupplier clock,
            BrokerNetwork.Factory networks,
            String clientId,
            Recovery recovery) {
        this.bootstrap = bootstrap;
        this.recovery = recovery;
        this.metadata = metadata;
        Sasl sasl = security.sasl();
        this.tlsOnly = security.tls() && sasl == null;
        this.authentications = authentications;
        this.clock = clock;
        // the network hears of connections only from connect() and poll(), never while it is being opened
        this.network = networks.open(this);
        this.channel = new BrokerRequests(
                network,
                clientId,
                (nodeId, throttleTimeMs) ->
                        throttledUntilMs.merge(nodeId, clock.getAsLong() + throttleTimeMs, Math::max));
        this.authenticator =
                sasl == null ? null : new SaslAuthenticator(sasl.mechanism(), sasl.credentials(), channel, network);
    }

    /**
     * How the producer's connections authenticate.
     *
     * @param tls  whether connections run TLS (SSL, SASL_SSL)
     * @param sasl the SASL mechanism and credentials, or null without SASL
     */
    record Security(boolean tls, Sasl sasl) {}

    /**
     * What the producer does when it cannot reach the brokers it knows (metadata.recovery.strategy).
     *
     * @param rebootstrap whether it starts again from bootstrap.servers
     * @param triggerMs   how long refreshes may go unanswered before it does
     */
    record Recovery(boolean rebootstrap, long triggerMs) {
        static Recovery of(dev.ferry.producer.ProducerConfig config) {
            return new Recovery(config.rebootstraps(), config.metadataRecoveryRebootstrapTriggerMs());
        }
    }

    /** The SASL settings of the producer. */
    record Sasl(SaslMechanism mechanism, SaslCredentials credentials) {}

    /**
     * Hears how each connection's authentication ends, once per connection that has one (TLS, SASL
     * or both; a PLAINTEXT connection has none): when all of it is done, or when the broker or the
     * producer refuses it.
     */
    interface AuthenticationListener {
        void authenticated(int nodeId);

        void authenticationFailed(int nodeId, AuthenticationException failure);
    }

    BrokerNetwork network() {
        return network;
    }

    BrokerRequests channel() {
        return channel;
    }

    /** Connected, past ApiVersions, authenticated and not throttled; starts connecting when not connected. */
    boolean isReady(int nodeId, Cluster cluster) {
        if (versions.containsKey(nodeId) && network.isConnected(nodeId)) {
            return !throttled(nodeId) && !maybeRenewSession(nodeId);
        }
        address(nodeId, cluster).ifPresent(address -> network.connect(nodeId, address));
        return false;
    }

    BrokerVersions versions(int nodeId) {
        return versions.get(nodeId);
    }

    /** The ready broker with the fewest requests in flight, or null when none is ready (connecting one). */
    Integer leastLoadedReadyNode() {
        Integer best = null;
        for (int node : new ArrayList<>(versions.keySet())) {
            if (network.isConnected(node)
                    && !throttled(node)
                    && !maybeRenewSession(node)
                    && (best == null || network.inFlightCount(node) < network.inFlightCount(best))) {
                best = node;
            }
        }
        if (best == null) {
            connectToSomeBroker();
        }
        return best;
    }

    private void connectToSomeBroker() {
        List<Node> known = bootstrapping ? List.of() : metadata.cluster().nodes();
        if (!known.isEmpty()) {
            for (Node node : known) {
                if (network.isConnecting(node.id())) {
                    return;
                }
            }
            boolean anyAvailable = false;
            for (Node node : known) {
                anyAvailable |= network.connectDelayMs(node.id()) == 0;
            }
            if (anyAvailable || !recovery.rebootstrap()) {
                Node node = known.get(bootstrapCursor++ % known.size());
                network.connect(node.id(), InetSocketAddress.createUnresolved(node.host(), node.port()));
                return;
            }
            // every broker of the last metadata failed and waits out its reconnect backoff: the cluster
            // may have moved entirely (kafka-clients' rebootstrap when no node is available)
            LOG.info(
                    "Rebootstrapping with {}: none of the brokers {} can be reached",
                    bootstrap,
                    known.stream().map(Node::toString).toList());
            bootstrapping = true;
        }
        for (int i = 0; i < bootstrap.size(); i++) {
            if (network.isConnecting(bootstrapId(i))) {
                return;
            }
        }
        int index = bootstrapCursor++ % bootstrap.size();
        InetSocketAddress address = bootstrap.get(index);
        network.connect(bootstrapId(index), address);
    }

    /** Whether the broker's last throttled answer still holds back requests to it. */
    private boolean throttled(int nodeId) {
        Long until = throttledUntilMs.get(nodeId);
        if (until != null && clock.getAsLong() >= until) {
            throttledUntilMs.remove(nodeId);
            return false;
        }
        return until != null;
    }

    /**
     * Kafka brokers end a SASL session after connections.max.reauth.ms by closing the connection at
     * the next request; Ferry does not re-authenticate in place but replaces the connection shortly
     * before, once nothing is in flight on it. True while the node must not take new requests.
     */
    private boolean maybeRenewSession(int nodeId) {
        Long renewal = sessionRenewalMs.get(nodeId);
        if (renewal == null || clock.getAsLong() < renewal) {
            return false;
        }
        if (network.inFlightCount(nodeId) == 0) {
            network.disconnect(
                    nodeId, "its SASL session ends (connections.max.reauth.ms); reconnecting to authenticate again");
        }
        return true;
    }

    /** Bootstrap servers have no node id yet: they get negative ones, as in kafka-clients. */
    private static int bootstrapId(int index) {
        return -1 - index;
    }

    private Optional<InetSocketAddress> address(int nodeId, Cluster cluster) {
        return cluster.nodeById(nodeId)
                .map(node -> InetSocketAddress.createUnresolved(node.host(), node.port()))
                .or(() -> Optional.ofNullable(extraAddresses.get(nodeId)));
    }

    void addAddress(int nodeId, String host, int port) {
        extraAddresses.put(nodeId, InetSocketAddress.createUnresolved(host, port));
    }

    /**
     * Sends a Metadata request when one is due and its backoff has passed. Returns how long the I/O
     * thread may sleep as far as metadata goes: until the next refresh is due and allowed, or without
     * limit while a request is in flight or no broker is ready, since the answer or the connection's
     * progress wakes the poll (and the round's longest poll bounds it anyway). Never 0: a refresh that
     * cannot go out does not make the round spin.
     */
    long maybeRefreshMetadata(long now) {
        if (metadataInFlight) {
            return Long.MAX_VALUE;
        }
        long waitMs = metadata.timeToNextUpdate(now);
        if (waitMs > 0) {
            return waitMs;
        }
        if (refreshDueSinceMs < 0) {
            refreshDueSinceMs = now;
        } else if (recovery.rebootstrap() && (rebootstrapRequested || now - refreshDueSinceMs > recovery.triggerMs())) {
            rebootstrap(now);
        }
        Integer node = leastLoadedReadyNode();
        if (node == null) {
            return Long.MAX_VALUE;
        }
        short version = versions.get(node).highestCommonVersion(ApiKey.METADATA);
        List<Metadata.RequestTopic> topics = metadata.topicsToAsk().stream()
                .map(topic -> new Metadata.RequestTopic(null, topic))
                .toList();
        metadataInFlight = true;
        channel.send(
                node,
                new Metadata.Request(topics, true, false),
                version,
                true,
                response -> {
                    metadataInFlight = false;
                    // the backoff runs from the answer, not from the request: a slow answer is no reason to ask sooner
                    applyMetadata(response, clock.getAsLong());
                },
                failure -> {
                    metadataInFlight = false;
                    metadata.failedUpdate(clock.getAsLong());
                });
        return Long.MAX_VALUE;
    }

    /**
     * No broker has answered a refresh for metadata.recovery.rebootstrap.trigger.ms, or one said the
     * producer's metadata is stale (REBOOTSTRAP_REQUIRED): as kafka-clients, the connections to the
     * known brokers are closed (what is in flight on them is retried) and metadata is asked for
     * through bootstrap.servers.
     */
    private void rebootstrap(long now) {
        LOG.info(
                "Rebootstrapping with {}: no broker has answered a metadata refresh for {} ms"
                        + " (metadata.recovery.rebootstrap.trigger.ms), or one asked for it",
                bootstrap,
                recovery.triggerMs());
        for (Node node : metadata.cluster().nodes()) {
            network.disconnect(node.id(), "the producer rebootstraps");
        }
        bootstrapping = true;
        rebootstrapRequested = false;
        refreshDueSinceMs = now;
    }

    private void applyMetadata(Metadata.Response response, long now) {
        ErrorCode topLevel = ErrorCode.forCode(response.errorCode());
        if (topLevel == ErrorCode.REBOOTSTRAP_REQUIRED && recovery.rebootstrap()) {
            LOG.info("Rebootstrap requested by broker: {}", topLevel.defaultMessage());
            rebootstrapRequested = true;
            return;
        }
        if (topLevel != ErrorCode.NONE || response.brokers().isEmpty()) {
            // no cluster to take: an empty answer would leave the producer knowing no broker
            LOG.debug(
                    "ignoring a metadata answer with error {} and {} brokers",
                    topLevel,
                    response.brokers().size());
            metadata.failedUpdate(now);
            return;
        }
        bootstrapping = false;
        refreshDueSinceMs = -1;
        Map<Integer, Node> nodes = new HashMap<>();
        for (NodeEndpoint broker : response.brokers()) {
            nodes.put(
                    broker.nodeId(),
                    new Node(broker.nodeId(), broker.host(), broker.port(), Optional.ofNullable(broker.rack())));
        }
        List<PartitionInfo> partitions = new ArrayList<>();
        Map<String, UUID> topicIds = new HashMap<>();
        Map<String, KafkaErrorException> errors = new HashMap<>();
        Map<String, String> retriableErrors = new HashMap<>();
        boolean changed = false;
        for (Metadata.TopicMetadata topic : response.topics()) {
            ErrorCode error = ErrorCode.forCode(topic.errorCode());
            if (error != ErrorCode.NONE) {
                if (error.retriable()) {
                    retriableErrors.put(topic.name(), error.name() + " (code " + error.code() + ")");
                } else {
                    errors.put(
                            topic.name(),
                            new KafkaErrorException(
                                    error.name(),
                                    error.code(),
                                    "fetching metadata for topic '" + topic.name() + "': " + error.defaultMessage()));
                }
                LOG.debug("metadata for topic {}: {}", topic.name(), error);
                continue;
            }
            topicIds.put(topic.name(), topic.topicId());
            UUID knownId = metadata.topicId(topic.name());
            if (knownId != null && !knownId.equals(topic.topicId())) {
                // deleted and created again: the new topic's epochs start over
                leaderEpochs.keySet().removeIf(tp -> tp.topic().equals(topic.name()));
            }
            for (Metadata.PartitionMetadata partition : topic.partitions()) {
                TopicPartition tp = new TopicPartition(topic.name(), partition.partitionIndex());
                changed |= isNewLeadership(tp, partition.leaderEpoch());
                Optional<PartitionInfo> kept = keptOverOlderEpoch(tp, partition.leaderEpoch(), nodes);
                if (kept.isPresent()) {
                    partitions.add(kept.get());
                    continue;
                }
                partitions.add(new PartitionInfo(
                        topic.name(),
                        partition.partitionIndex(),
                        nodes.get(partition.leaderId()),
                        partition.replicaNodes().stream()
                                .map(nodes::get)
                                .filter(java.util.Objects::nonNull)
                                .toList(),
                        partition.isrNodes().stream()
                                .map(nodes::get)
                                .filter(java.util.Objects::nonNull)
                                .toList(),
                        partition.offlineReplicas().stream()
                                .map(nodes::get)
                                .filter(java.util.Objects::nonNull)
                                .toList()));
            }
        }
        metadata.update(
                new ProducerMetadata.Answer(
                        new Cluster(response.clusterId(), nodes.values(), partitions),
                        topicIds,
                        errors,
                        retriableErrors,
                        changed),
                now);
    }

    /**
     * Whether an answer's leader epoch for the partition is news, as kafka-clients' {@code Metadata}
     * judges it to reset the backoff of refreshes that bring nothing new: the first epoch heard (a
     * partition new to the producer, or of a topic created again), a newer one, or none at all.
     */
    private boolean isNewLeadership(TopicPartition partition, int leaderEpoch) {
        Integer newest = leaderEpochs.get(partition);
        return leaderEpoch < 0 || newest == null || leaderEpoch > newest;
    }

    /**
     * What the producer knows of the partition if an answer names an older leader epoch than one it
     * heard: kept, as kafka-clients' {@code Metadata} keeps it, since the answering broker has not
     * yet learned of the newer leader. Empty when the answer is to be taken (newer or the same
     * epoch, or none, as from a broker too old to send one; or the known leader is not among the
     * answer's brokers).
     */
    private Optional<PartitionInfo> keptOverOlderEpoch(
            TopicPartition partition, int leaderEpoch, Map<Integer, Node> nodes) {
        if (leaderEpoch < 0) {
            leaderEpochs.remove(partition);
            return Optional.empty();
        }
        Integer newest = leaderEpochs.get(partition);
        if (newest != null && leaderEpoch < newest) {
            Optional<PartitionInfo> known = metadata.cluster()
                    .partition(partition)
                    .filter(info -> info.leader() != null
                            && nodes.containsKey(info.leader().id()));
            if (known.isPresent()) {
                LOG.debug(
                        "metadata for {} names leader epoch {}, older than {} already known: keeping its leader",
                        partition,
                        leaderEpoch,
                        newest);
                return known;
            }
        }
        leaderEpochs.put(partition, leaderEpoch);
        return Optional.empty();
    }

    @Override
    public void onConnected(int nodeId) {
        if (tlsOnly) {
            authentications.authenticated(nodeId);
        }
        sendApiVersions(nodeId, API_VERSIONS_FIRST_TRY);
    }

    private void sendApiVersions(int nodeId, short version) {
        ApiVersions.Request request = new ApiVersions.Request(SOFTWARE_NAME, SOFTWARE_VERSION, null, -1);
        channel.send(
                nodeId,
                request,
                version,
                true,
                response -> {
                    ErrorCode error = ErrorCode.forCode(response.errorCode());
                    if (error == ErrorCode.UNSUPPORTED_VERSION && version > 0) {
                        sendApiVersions(nodeId, (short) 0);
                    } else if (error != ErrorCode.NONE) {
                        network.disconnect(nodeId, "ApiVersions failed with " + error);
                    } else if (authenticator == null) {
                        ready(nodeId, BrokerVersions.from(response), 0);
                    } else {
                        BrokerVersions brokerVersions = BrokerVersions.from(response);
                        authenticator.authenticate(nodeId, brokerVersions, new SaslAuthenticator.Outcome() {
                            @Override
                            public void authenticated(long sessionLifetimeMs) {
                                authentications.authenticated(nodeId);
                                ready(nodeId, brokerVersions, sessionLifetimeMs);
                            }

                            @Override
                            public void failed(SaslAuthenticationException failure) {
                                network.disconnect(nodeId, "SASL authentication failed");
                                onAuthenticationFailed(nodeId, failure);
                            }
                        });
                    }
                },
                failure -> LOG.debug("ApiVersions to node {} failed: {}", nodeId, failure.describe()));
    }

    private void ready(int nodeId, BrokerVersions brokerVersions, long sessionLifetimeMs) {
        versions.put(nodeId, brokerVersions);
        if (sessionLifetimeMs > 0) {
            sessionRenewalMs.put(nodeId, clock.getAsLong() + sessionLifetimeMs * 85 / 100);
        }
        metadata.authenticated();
    }

    @Override
    public void onAuthenticationFailed(int nodeId, AuthenticationException failure) {
        LOG.error("{}", failure.getMessage());
        authentications.authenticationFailed(nodeId, failure);
    }

    @Override
    public void onDisconnected(int nodeId, String reason) {
        metadata.recordConnectionFailure(reason);
        versions.remove(nodeId);
        sessionRenewalMs.remove(nodeId);
        if (nodeId >= 0) {
            metadata.requestUpdate();
        }
        LOG.debug("node {} disconnected: {}", nodeId, reason);
    }
}
