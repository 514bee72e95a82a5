package dev.ferry.producer.internal.sender;

import dev.ferry.producer.TopicPartition;
import dev.ferry.producer.internal.network.BrokerNetwork;
import dev.ferry.producer.internal.network.ConnectionListener;
import dev.ferry.producer.internal.network.RequestFailure;
import dev.ferry.producer.internal.network.ResponseHandler;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.protocol.ObjectSerializationCache;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.requests.ResponseHeader;

/**
 * Brokers answered by the test, behind the core's network seam, in the manner of kafka-clients'
 * {@code MockClient}: each request frame the core writes is decoded by kafka-clients' own request
 * parser, and each answer is encoded by kafka-clients' message classes into the bytes a broker
 * would send, so the core's codecs are exercised as on the wire. ApiVersions (the ranges a Kafka 4.4
 * broker advertises) and Metadata (from the topics declared here, each partition's leader and leader
 * epoch as they are now; after {@link #metadataFromBrokers} no more) answer themselves; other requests
 * wait for an answer prepared by API key or given to the request later, so a test can delay,
 * reorder across connections, drop (disconnect) or time out any of them.
 *
 * <p>Single-threaded and deterministic: no thread, no socket, no wall clock. A connection comes up
 * at the first {@link #poll} after {@link #connect}; a connection delivers answers in request order
 * at {@link #poll}; a request older than request.timeout.ms on the {@link ManualClock} closes its
 * connection, as {@code NetworkClient} does.
 */
final class ScriptedNetwork implements BrokerNetwork {
    /** What a Kafka 4.4 broker advertises (measured; see DESIGN.md): api key, min, max. */
    private static final int[][] KAFKA_4_4 = {
        {0, 3, 13},
        {3, 0, 13},
        {10, 0, 6},
        {17, 0, 1},
        {18, 0, 5},
        {22, 0, 5},
        {24, 0, 5},
        {25, 0, 4},
        {26, 0, 5},
        {28, 0, 6},
        {36, 0, 2}
    };

    static final int BROKERS = 3;
    /** The leader id a broker gives a partition none of whose replicas can lead it. */
    static final int NO_LEADER = -1;

    private final ManualClock clock;
    private final int requestTimeoutMs;
    private final long reconnectBackoffMs;
    private ConnectionListener listener;
    private int nextCorrelationId;
    private short transactionVersion = 2;
    private final Set<Integer> connected = new TreeSet<>();
    private final Set<Integer> connecting = new TreeSet<>();
    private final Set<Integer> unreachable = new TreeSet<>();
    private final Map<Integer, Long> nextAttemptMs = new TreeMap<>();
    private final Map<Integer, Deque<Exchange>> inFlight = new TreeMap<>();
    private final Map<ApiKeys, Deque<Function<Exchange, ApiMessage>>> prepared = new EnumMap<>(ApiKeys.class);
    private final List<Exchange> log = new ArrayList<>();
    /** The log by key: the simulated brokers ask for a key's new requests every round. */
    private final Map<ApiKeys, List<Exchange>> logByKey = new EnumMap<>(ApiKeys.class);

    private final Map<String, Uuid> topicIds = new LinkedHashMap<>();
    /** The ids of topics recreated since, by id. */
    private final Map<Uuid, String> formerTopicIds = new LinkedHashMap<>();

    private final Map<TopicPartition, Integer> leaders = new LinkedHashMap<>();
    /** Each partition's leader epoch: one more at each change of its leader, as the controller counts. */
    private final Map<TopicPartition, Integer> leaderEpochs = new LinkedHashMap<>();
    /** Whether Metadata waits for an answer given by the test (each broker's own view) instead of answering itself. */
    private boolean metadataFromBrokers;
    /** How long the core last asked {@link #poll} to wait for I/O; -1 before its first poll. */
    private long lastPollTimeoutMs = -1;

    private final Map<TopicPartition, Long> nextOffsets = new LinkedHashMap<>();
    /** What the next Produce to a node throws, as a defect in building the request would. */
    private final Map<Integer, RuntimeException> sendFailures = new TreeMap<>();

    /** Who leads a partition, and in which leader epoch. */
    record Leadership(int leader, int epoch) {}

    /** One request as the broker received it, and what became of it. */
    final class Exchange {
        final int node;
        final RequestHeader header;
        final ApiMessage request;
        final long sentMs;
        /** Kept, since RequestHeader looks its key up in a map on every call and the invariants ask every round. */
        private final ApiKeys apiKey;

        private final ResponseHandler handler;
        private final boolean expectResponse;
        private ByteBuffer answer;
        /** When the answer reached the core's handler; -1 while it has not (and forever if its connection closed first). */
        long deliveredMs = -1;

        private Exchange(
                int node, RequestHeader header, ApiMessage request, ResponseHandler handler, boolean expectResponse) {
            this.node = node;
            this.header = header;
            this.request = request;
            this.handler = handler;
            this.expectResponse = expectResponse;
            this.sentMs = clock.getAsLong();
            this.apiKey = header.apiKey();
        }

        ApiKeys apiKey() {
            return apiKey;
        }

        short version() {
            return header.apiVersion();
        }

        @SuppressWarnings("unchecked")
        <T extends ApiMessage> T data() {
            return (T) request;
        }

        private boolean deliverable() {
            return answer != null || !expectResponse;
        }
    }

    ScriptedNetwork(ManualClock clock, int requestTimeoutMs, long reconnectBackoffMs) {
        this.clock = clock;
        this.requestTimeoutMs = requestTimeoutMs;
        this.reconnectBackoffMs = reconnectBackoffMs;
    }

    BrokerNetwork.Factory factory() {
        return connectionListener -> {
            this.listener = connectionListener;
            return this;
        };
    }

    // ---- the cluster the brokers describe ----

    /** A topic whose partitions are led round-robin by brokers 0..2. */
    void topic(String name, int partitions) {
        topicIds.put(name, new Uuid(0x5EEDL, topicIds.size() + 100L));
        for (int p = 0; p < partitions; p++) {
            leaders.put(new TopicPartition(name, p), p % BROKERS);
            leaderEpochs.put(new TopicPartition(name, p), 0);
        }
    }

    /**
     * The topic deleted and created again: same partitions and leaders, a new topic id from now on;
     * requests still in flight with the old id are read as before.
     */
    void recreateTopic(String name) {
        formerTopicIds.put(topicIds.get(name), name);
        topicIds.put(name, new Uuid(0x5EEDL, topicIds.size() + formerTopicIds.size() + 1_000L));
    }

    /** The next Produce to {@code nodeId} throws {@code failure} out of send(), into the core's round. */
    void throwOnNextProduce(int nodeId, RuntimeException failure) {
        sendFailures.put(nodeId, failure);
    }

    void moveLeader(TopicPartition partition, int node) {
        Integer before = leaders.put(partition, node);
        if (before != null && before != node) {
            leaderEpochs.merge(partition, 1, Integer::sum);
        }
    }

    /**
     * The partition's leader fails and no other replica can take over: the controller moves it to
     * {@link #NO_LEADER} in a new leader epoch, and Metadata answers LEADER_NOT_AVAILABLE for it.
     */
    void loseLeader(TopicPartition partition) {
        moveLeader(partition, NO_LEADER);
    }

    /** The topic grows to {@code partitions}; the new ones are led round-robin, as {@link #topic} leads them. */
    void addPartitions(String name, int partitions) {
        for (int p = 0; p < partitions; p++) {
            leaders.putIfAbsent(new TopicPartition(name, p), p % BROKERS);
            leaderEpochs.putIfAbsent(new TopicPartition(name, p), 0);
        }
    }

    /** Every partition's leader and leader epoch as the controller has them now, in the order the topics gained them. */
    Map<TopicPartition, Leadership> leadership() {
        Map<TopicPartition, Leadership> now = new LinkedHashMap<>();
        leaders.forEach((tp, leader) -> now.put(tp, new Leadership(leader, leaderEpochs.get(tp))));
        return now;
    }

    /**
     * From now on Metadata requests wait, as other requests do, for the test to answer them (with
     * {@link #metadata(MetadataRequestData, Map)} from a broker's own view of the leaders).
     */
    void metadataFromBrokers() {
        metadataFromBrokers = true;
    }

    /** The finalized transaction.version feature level in ApiVersions (2 on Kafka 4.4 by default, 1 on 3.x). */
    void transactionVersion(int level) {
        transactionVersion = (short) level;
    }

    /** Connection attempts to the node fail until it is reachable again. */
    void unreachable(int node, boolean isUnreachable) {
        if (isUnreachable) {
            unreachable.add(node);
        } else {
            unreachable.remove(node);
        }
    }

    // ---- scripting answers ----

    /** The next request with this key is answered by {@code answer} (applied to the request) when it arrives. */
    void prepare(ApiKeys key, Function<Exchange, ApiMessage> answer) {
        prepared.computeIfAbsent(key, k -> new ArrayDeque<>()).add(answer);
    }

    void prepare(ApiKeys key, ApiMessage answer) {
        prepare(key, exchange -> answer);
    }

    /** Answers a request that is waiting; it is delivered at the next poll, after the older ones of its connection. */
    void respond(Exchange exchange, ApiMessage body) {
        if (exchange.answer != null) {
            throw new AssertionError(
                    exchange.apiKey() + " request " + exchange.header.correlationId() + " was already answered");
        }
        exchange.answer = encode(exchange, body);
    }

    boolean hasWaiting(ApiKeys key) {
        return inFlight.values().stream()
                .flatMap(Deque::stream)
                .anyMatch(e -> e.apiKey() == key && e.answer == null && e.expectResponse);
    }

    /** The oldest request with this key that has no answer yet. */
    Exchange waiting(ApiKeys key) {
        return inFlight.values().stream()
                .flatMap(Deque::stream)
                .filter(e -> e.apiKey() == key && e.answer == null && e.expectResponse)
                .min((a, b) -> Integer.compare(a.header.correlationId(), b.header.correlationId()))
                .orElseThrow(() -> new AssertionError("no " + key + " request is waiting; sent: " + sentKeys()));
    }

    /** Every request with this key the brokers received, in order. */
    List<Exchange> received(ApiKeys key) {
        return receivedFrom(key, 0);
    }

    /** The requests with this key the brokers received, in order, from the {@code from}-th (0 the first) on. */
    List<Exchange> receivedFrom(ApiKeys key, int from) {
        List<Exchange> all = logByKey.getOrDefault(key, List.of());
        return List.copyOf(all.subList(Math.min(from, all.size()), all.size()));
    }

    List<ApiKeys> sentKeys() {
        return log.stream().map(Exchange::apiKey).toList();
    }

    /** Whether the request is still in the network: sent, and neither delivered back nor failed. */
    boolean isWaiting(Exchange exchange) {
        Deque<Exchange> requests = inFlight.get(exchange.node);
        return requests != null && requests.contains(exchange);
    }

    /** The requests with this key still in the network (see {@link #isWaiting}), by connection. */
    List<Exchange> inNetwork(ApiKeys key) {
        return inFlight.values().stream()
                .flatMap(Deque::stream)
                .filter(e -> e.apiKey() == key)
                .toList();
    }

    /** Requests on open connections not yet delivered back to the core. */
    int unanswered() {
        return inFlight.values().stream().mapToInt(Deque::size).sum();
    }

    /** The broker closes the connection: what it had in flight fails as DISCONNECTED. */
    void dropConnection(int node) {
        close(node, RequestFailure.Kind.DISCONNECTED, "closed by the scripted broker");
    }

    // ---- Produce, judged by kafka-clients ----

    /** The batches of a Produce request, parsed and CRC-checked by kafka-clients' MemoryRecords. */
    Map<TopicPartition, RecordBatch> batches(Exchange produce) {
        Map<TopicPartition, RecordBatch> batches = new LinkedHashMap<>();
        ProduceRequestData data = produce.data();
        for (ProduceRequestData.TopicProduceData topic : data.topicData()) {
            for (ProduceRequestData.PartitionProduceData partition : topic.partitionData()) {
                MemoryRecords records = (MemoryRecords) partition.records();
                RecordBatch batch = records.batches().iterator().next();
                batch.ensureValid();
                batches.put(new TopicPartition(topicName(topic.name(), topic.topicId()), partition.index()), batch);
            }
        }
        return batches;
    }

    /** The values of the records a Produce request carries for the partition, in order, read as UTF-8. */
    List<String> values(Exchange produce, TopicPartition partition) {
        List<String> values = new ArrayList<>();
        for (Record record : batches(produce).get(partition)) {
            values.add(StandardCharsets.UTF_8.decode(record.value()).toString());
        }
        return values;
    }

    /** A Produce answer: every partition of the request gets its error (NONE when unlisted) and, when accepted, its offset. */
    ProduceResponseData produceAnswer(Exchange produce, Map<TopicPartition, Errors> errors) {
        ProduceResponseData response = new ProduceResponseData();
        ProduceRequestData data = produce.data();
        for (ProduceRequestData.TopicProduceData topic : data.topicData()) {
            String name = topicName(topic.name(), topic.topicId());
            ProduceResponseData.TopicProduceResponse topicResponse = new ProduceResponseData.TopicProduceResponse()
                    .setName(topic.name())
                    .setTopicId(topic.topicId());
            for (ProduceRequestData.PartitionProduceData partition : topic.partitionData()) {
                TopicPartition tp = new TopicPartition(name, partition.index());
                Errors error = errors.getOrDefault(tp, Errors.NONE);
                long offset = -1;
                if (error == Errors.NONE) {
                    offset = nextOffsets.getOrDefault(tp, 0L);
                    int count = 0;
                    for (RecordBatch batch : ((MemoryRecords) partition.records()).batches()) {
                        count += batch.countOrNull();
                    }
                    nextOffsets.put(tp, offset + count);
                }
                topicResponse
                        .partitionResponses()
                        .add(new ProduceResponseData.PartitionProduceResponse()
                                .setIndex(partition.index())
                                .setErrorCode(error.code())
                                .setBaseOffset(offset)
                                .setLogAppendTimeMs(-1)
                                .setLogStartOffset(0));
            }
            response.responses().add(topicResponse);
        }
        return response;
    }

    ProduceResponseData produceAnswer(Exchange produce) {
        return produceAnswer(produce, Map.of());
    }

    /** A topic a request names by name, or by id (Produce v13, TxnOffsetCommit v6). */
    String topicName(String name, Uuid id) {
        if (name != null && !name.isEmpty()) {
            return name;
        }
        return topicIds.entrySet().stream()
                .filter(e -> e.getValue().equals(id))
                .map(Map.Entry::getKey)
                .findFirst()
                .or(() -> Optional.ofNullable(formerTopicIds.get(id)))
                .orElseThrow(() -> new AssertionError("a request names unknown topic id " + id));
    }

    // ---- BrokerNetwork ----

    @Override
    public int nextCorrelationId() {
        return nextCorrelationId++;
    }

    @Override
    public void connect(int nodeId, InetSocketAddress address) {
        if (connected.contains(nodeId) || connecting.contains(nodeId) || connectDelayMs(nodeId) > 0) {
            return;
        }
        if (unreachable.contains(nodeId)) {
            nextAttemptMs.put(nodeId, clock.getAsLong() + reconnectBackoffMs);
            listener.onDisconnected(nodeId, "cannot connect to " + address + ": unreachable (scripted)");
            return;
        }
        connecting.add(nodeId);
    }

    @Override
    public long connectDelayMs(int nodeId) {
        return Math.max(0, nextAttemptMs.getOrDefault(nodeId, 0L) - clock.getAsLong());
    }

    @Override
    public boolean isConnected(int nodeId) {
        return connected.contains(nodeId);
    }

    @Override
    public boolean isConnecting(int nodeId) {
        return connecting.contains(nodeId);
    }

    @Override
    public String address(int nodeId) {
        return "127.0.0.1:" + port(nodeId);
    }

    @Override
    public int inFlightCount(int nodeId) {
        Deque<Exchange> requests = inFlight.get(nodeId);
        return requests == null ? 0 : requests.size();
    }

    @Override
    public void send(
            int nodeId, ByteBuffer[] frame, int correlationId, boolean expectResponse, ResponseHandler handler) {
        if (!connected.contains(nodeId)) {
            handler.onFailure(new RequestFailure(RequestFailure.Kind.DISCONNECTED, nodeId, "not connected"));
            return;
        }
        ByteBuffer bytes = copy(frame);
        int size = bytes.getInt();
        if (size != bytes.remaining()) {
            throw new AssertionError("frame size prefix " + size + " but " + bytes.remaining() + " bytes follow");
        }
        RequestHeader header = RequestHeader.parse(bytes);
        if (header.apiKey() == ApiKeys.PRODUCE && sendFailures.containsKey(nodeId)) {
            throw sendFailures.remove(nodeId);
        }
        if (header.correlationId() != correlationId) {
            throw new AssertionError(
                    "header correlation id " + header.correlationId() + ", network told " + correlationId);
        }
        AbstractRequest request = AbstractRequest.parseRequest(
                        header.apiKey(), header.apiVersion(), new ByteBufferAccessor(bytes))
                .request;
        Exchange exchange = new Exchange(nodeId, header, request.data(), handler, expectResponse);
        log.add(exchange);
        logByKey.computeIfAbsent(exchange.apiKey(), key -> new ArrayList<>()).add(exchange);
        inFlight.computeIfAbsent(nodeId, n -> new ArrayDeque<>()).add(exchange);
        ApiMessage automatic = automaticAnswer(exchange);
        if (automatic != null) {
            exchange.answer = encode(exchange, automatic);
        } else if (expectResponse) {
            Deque<Function<Exchange, ApiMessage>> answers = prepared.get(header.apiKey());
            if (answers != null && !answers.isEmpty()) {
                exchange.answer = encode(exchange, answers.poll().apply(exchange));
            }
        }
    }

    private ApiMessage automaticAnswer(Exchange exchange) {
        return switch (exchange.apiKey()) {
            case API_VERSIONS -> apiVersions();
            case METADATA -> metadataFromBrokers ? null : metadata(exchange.data(), leadership());
            default -> null;
        };
    }

    /** The timeout of the core's last {@link #poll}: how long a real network would have let the I/O thread sleep. */
    long lastPollTimeoutMs() {
        return lastPollTimeoutMs;
    }

    @Override
    public void poll(long timeoutMs) {
        lastPollTimeoutMs = timeoutMs;
        for (int node : List.copyOf(connecting)) {
            connecting.remove(node);
            connected.add(node);
            listener.onConnected(node);
        }
        List<Exchange> deliveries = new ArrayList<>();
        for (Deque<Exchange> requests : inFlight.values()) {
            while (!requests.isEmpty() && requests.peekFirst().deliverable()) {
                deliveries.add(requests.pollFirst());
            }
        }
        for (Exchange exchange : deliveries) {
            exchange.deliveredMs = clock.getAsLong();
            exchange.handler.onResponse(exchange.answer == null ? ByteBuffer.allocate(0) : exchange.answer.duplicate());
        }
        long now = clock.getAsLong();
        for (var entry : List.copyOf(inFlight.entrySet())) {
            Exchange oldest = entry.getValue().peekFirst();
            if (oldest != null && oldest.sentMs + requestTimeoutMs <= now) {
                close(entry.getKey(), RequestFailure.Kind.TIMED_OUT, requestTimeoutMs + " ms (request.timeout.ms)");
            }
        }
    }

    @Override
    public void disconnect(int nodeId, String reason) {
        close(nodeId, RequestFailure.Kind.DISCONNECTED, reason);
    }

    private void close(int nodeId, RequestFailure.Kind kind, String detail) {
        if (!connected.remove(nodeId) && !connecting.remove(nodeId)) {
            return;
        }
        nextAttemptMs.put(nodeId, clock.getAsLong() + reconnectBackoffMs);
        Deque<Exchange> orphans = inFlight.remove(nodeId);
        RequestFailure failure = new RequestFailure(kind, nodeId, detail);
        if (orphans != null) {
            for (Exchange orphan : orphans) {
                orphan.handler.onFailure(failure);
            }
        }
        listener.onDisconnected(nodeId, failure.describe());
    }

    @Override
    public void wakeup() {
        // one thread drives the core and this network: nobody is ever blocked in poll
    }

    @Override
    public void close() {
        for (int node : List.copyOf(connected)) {
            close(node, RequestFailure.Kind.DISCONNECTED, "producer closed");
        }
    }

    // ---- answers a broker gives by itself ----

    private ApiVersionsResponseData apiVersions() {
        ApiVersionsResponseData response = new ApiVersionsResponseData();
        for (int[] range : KAFKA_4_4) {
            response.apiKeys()
                    .add(new ApiVersionsResponseData.ApiVersion()
                            .setApiKey((short) range[0])
                            .setMinVersion((short) range[1])
                            .setMaxVersion((short) range[2]));
        }
        response.setFinalizedFeaturesEpoch(1);
        response.finalizedFeatures()
                .add(new ApiVersionsResponseData.FinalizedFeatureKey()
                        .setName("transaction.version")
                        .setMinVersionLevel(transactionVersion)
                        .setMaxVersionLevel(transactionVersion));
        return response;
    }

    /** A Metadata answer naming the partitions of {@code view} with their leaders and leader epochs (a partition not in it is not named). */
    MetadataResponseData metadata(MetadataRequestData request, Map<TopicPartition, Leadership> view) {
        MetadataResponseData response =
                new MetadataResponseData().setClusterId("scripted").setControllerId(0);
        for (int node = 0; node < BROKERS; node++) {
            response.brokers()
                    .add(new MetadataResponseData.MetadataResponseBroker()
                            .setNodeId(node)
                            .setHost("127.0.0.1")
                            .setPort(port(node)));
        }
        for (MetadataRequestData.MetadataRequestTopic wanted : request.topics()) {
            MetadataResponseData.MetadataResponseTopic topic =
                    new MetadataResponseData.MetadataResponseTopic().setName(wanted.name());
            Uuid id = topicIds.get(wanted.name());
            if (id == null) {
                topic.setErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
            } else {
                topic.setTopicId(id);
                view.forEach((tp, leadership) -> {
                    if (tp.topic().equals(wanted.name())) {
                        topic.partitions().add(partitionMetadata(tp, leadership));
                    }
                });
            }
            response.topics().add(topic);
        }
        return response;
    }

    private static MetadataResponseData.MetadataResponsePartition partitionMetadata(
            TopicPartition partition, Leadership leadership) {
        MetadataResponseData.MetadataResponsePartition answer = new MetadataResponseData.MetadataResponsePartition()
                .setPartitionIndex(partition.partition())
                .setLeaderId(leadership.leader())
                .setLeaderEpoch(leadership.epoch());
        if (leadership.leader() == NO_LEADER) {
            return answer.setErrorCode(Errors.LEADER_NOT_AVAILABLE.code());
        }
        return answer.setReplicaNodes(List.of(leadership.leader())).setIsrNodes(List.of(leadership.leader()));
    }

    private static int port(int nodeId) {
        return 19_092 + nodeId;
    }

    private static ByteBuffer encode(Exchange exchange, ApiMessage body) {
        ResponseHeader header = exchange.header.toResponseHeader();
        ObjectSerializationCache cache = new ObjectSerializationCache();
        int size = header.size() + body.size(cache, exchange.version());
        ByteBuffer buffer = ByteBuffer.allocate(size);
        ByteBufferAccessor accessor = new ByteBufferAccessor(buffer);
        header.data().write(accessor, cache, header.headerVersion());
        body.write(accessor, cache, exchange.version());
        buffer.flip();
        return buffer.asReadOnlyBuffer();
    }

    private static ByteBuffer copy(ByteBuffer[] frame) {
        int size = 0;
        for (ByteBuffer part : frame) {
            size += part.remaining();
        }
        ByteBuffer bytes = ByteBuffer.allocate(size);
        for (ByteBuffer part : frame) {
            bytes.put(part.duplicate());
        }
        return bytes.flip();
    }
}
