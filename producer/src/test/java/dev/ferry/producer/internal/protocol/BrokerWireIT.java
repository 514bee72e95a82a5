package dev.ferry.producer.internal.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.producer.internal.protocol.message.ApiVersions;
import dev.ferry.producer.internal.protocol.message.BrokerVersions;
import dev.ferry.producer.internal.protocol.message.FindCoordinator;
import dev.ferry.producer.internal.protocol.message.InitProducerId;
import dev.ferry.producer.internal.protocol.message.Metadata;
import dev.ferry.producer.internal.protocol.message.Produce;
import dev.ferry.producer.internal.record.Compression;
import dev.ferry.producer.internal.record.CompressionType;
import dev.ferry.producer.internal.record.RecordBatchWriter;
import dev.ferry.producer.internal.record.RecordHeader;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.utils.Time;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ferry's codecs against a real Kafka 4.4 broker over a plain socket: negotiate with ApiVersions,
 * find the leader with Metadata, get a producer id, produce idempotent batches in every codec with
 * Produce v12 (topic names) and v13 (topic ids), then read them back with kafka-clients' consumer.
 */
class BrokerWireIT {
    private static final String TOPIC = "wire-test";

    @TempDir
    static Path dir;

    private static KafkaRaftServer server;
    private static int port;

    @BeforeAll
    static void startBroker() throws IOException {
        port = freePort();
        int controllerPort = freePort();
        Properties props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("node.id", "1");
        props.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        props.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        props.put("controller.listener.names", "CONTROLLER");
        props.put("log.dirs", dir.resolve("logs").toString());
        props.put("offsets.topic.replication.factor", "1");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("log.cleaner.dedupe.buffer.size", "2097152");
        Path config = dir.resolve("server.properties");
        try (OutputStream out = Files.newOutputStream(config)) {
            props.store(out, null);
        }
        String clusterId = org.apache.kafka.common.Uuid.randomUuid().toString();
        assertThat(StorageTool.execute(new String[] {"format", "-t", clusterId, "-c", config.toString()}, System.err)).isZero();
        server = new KafkaRaftServer(KafkaConfig.fromProps(props), Time.SYSTEM);
        server.startup();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap()))) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get(60, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Could not create topic " + TOPIC, e);
        }
    }

    @AfterAll
    static void stopBroker() {
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
        }
    }

    @Test
    void negotiatesProducesInEveryCodecAndKafkasConsumerReadsItAllBack() throws Exception {
        try (Connection connection = new Connection(port)) {
            // given: negotiated versions and the topic's id
            ApiVersions.Response apiVersions = connection.send(new ApiVersions.Request("ferry", "0.1.0", null, -1), (short) 4);
            BrokerVersions versions = BrokerVersions.from(apiVersions);
            assertThat(versions.highestCommonVersion(ApiKey.PRODUCE)).isEqualTo((short) 13);
            assertThat(versions.finalizedLevel("transaction.version")).contains((short) 2);
            Metadata.Response metadata = connection.send(new Metadata.Request(
                    List.of(new Metadata.RequestTopic(null, TOPIC)), false, false), versions.highestCommonVersion(ApiKey.METADATA));
            Metadata.TopicMetadata topic = metadata.topics().get(0);
            assertThat(topic.errorCode()).isZero();
            assertThat(topic.partitions().get(0).leaderId()).isEqualTo(1);
            FindCoordinator.Response coordinator = connection.send(new FindCoordinator.Request(FindCoordinator.KEY_TYPE_GROUP,
                    List.of("some-group")), versions.highestCommonVersion(ApiKey.FIND_COORDINATOR));
            assertThat(coordinator.coordinators()).hasSize(1);
            // A fresh broker answers COORDINATOR_LOAD_IN_PROGRESS until its producer id block arrives.
            short initVersion = versions.highestCommonVersion(ApiKey.INIT_PRODUCER_ID);
            InitProducerId.Response producer = Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .until(() -> connection.send(new InitProducerId.Request(null, 60_000, -1L, (short) -1), initVersion),
                            response -> !KafkaError.forCode(response.errorCode()).retriable());
            assertThat(producer.errorCode()).isZero();

            // when: one idempotent batch per codec, alternating Produce v12 (names) and v13 (ids)
            List<String> expected = new ArrayList<>();
            int sequence = 0;
            short version = 12;
            for (CompressionType type : CompressionType.values()) {
                RecordBatchWriter writer = new RecordBatchWriter(ByteBuffer.allocate(16 * 1024), Compression.of(type), 16 * 1024, 1.0f);
                for (int i = 0; i < 50; i++) {
                    String value = type + "-" + i + "-" + "x".repeat(i);
                    writer.tryAppend(System.currentTimeMillis(), ("k" + i).getBytes(StandardCharsets.UTF_8),
                            value.getBytes(StandardCharsets.UTF_8), new RecordHeader[] {new RecordHeader("codec", type.configName().getBytes(StandardCharsets.UTF_8))});
                    expected.add(value);
                }
                ByteBuffer batch = writer.close(producer.producerId(), producer.producerEpoch(), sequence, false);
                sequence += writer.recordCount();
                Produce.Response response = connection.send(new Produce.Request(null, (short) -1, 30_000, List.of(
                        new Produce.TopicData(TOPIC, topic.topicId(), List.of(new Produce.PartitionData(0, batch))))), version);
                Produce.PartitionResponse partition = response.responses().get(0).partitions().get(0);
                assertThat(partition.errorCode()).as("%s via Produce v%d: %s", type, version, partition.errorMessage()).isZero();
                assertThat(partition.baseOffset()).isEqualTo(expected.size() - 50L);
                version = version == 12 ? (short) 13 : (short) 12;
            }

            // then
            assertThat(consumeAll(expected.size())).isEqualTo(expected);
        }
    }

    private static List<String> consumeAll(int count) {
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrap(),
                "group.id", "wire-check", "auto.offset.reset", "earliest"), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(List.of(new TopicPartition(TOPIC, 0)));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (values.size() < count && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    values.add(new String(record.value(), StandardCharsets.UTF_8));
                    assertThat(record.headers().lastHeader("codec")).isNotNull();
                }
            }
        }
        return values;
    }

    private static String bootstrap() {
        return "127.0.0.1:" + port;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** A blocking, single-request-at-a-time connection: enough to exercise the codecs on the wire. */
    private static final class Connection implements AutoCloseable {
        private final Socket socket = new Socket();
        private final ProtocolWriter writer = new ProtocolWriter();
        private int correlationId;

        Connection(int port) throws IOException {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            socket.setSoTimeout(30_000);
        }

        <R> R send(ApiRequest<R> request, short version) throws IOException {
            int id = ++correlationId;
            ByteBuffer[] frame = RequestCodec.encode(writer, new RequestHeader(request.apiKey(), version, id, "ferry-it"), request);
            OutputStream out = socket.getOutputStream();
            for (ByteBuffer segment : frame) {
                byte[] bytes = new byte[segment.remaining()];
                segment.get(bytes);
                out.write(bytes);
            }
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            int size = in.readInt();
            assertThat(size).isBetween(4, 1 << 24);
            byte[] payload = new byte[size];
            in.readFully(payload);
            return RequestCodec.decodeResponse(ByteBuffer.wrap(payload), request, version, id);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
