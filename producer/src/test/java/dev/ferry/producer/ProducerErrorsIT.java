package dev.ferry.producer;

import static dev.ferry.producer.ItSetup.topic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.ferry.common.ConfigException;
import dev.ferry.testkit.KafkaCluster;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.NewPartitions;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

class ProducerErrorsIT {
    @AutoClose
    private static final KafkaCluster kafka = ItSetup.clusterWithOnly(topic("good", 2));

    private static FerryProducer<String, String> producer(String... pairs) {
        Map<String, Object> config =
                ItSetup.config(Map.of("bootstrap.servers", kafka.bootstrapServers(), "max.block.ms", 2_000), pairs);
        return new FerryProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    /** The producer still delivers: a record sent to "good" now gets an offset. */
    private static void assertStillDelivers(FerryProducer<String, String> producer, String value) throws Exception {
        assertThat(producer.send(new ProducerRecord<>("good", "k", value))
                        .get(30, TimeUnit.SECONDS)
                        .offset())
                .isGreaterThanOrEqualTo(0);
    }

    @Test
    void anUnknownTopicTimesOutNamingItAndOtherRecordsStillFlow() throws Exception {
        try (FerryProducer<String, String> producer = producer()) {
            AtomicReference<Exception> seenByCallback = new AtomicReference<>();
            CompletableFuture<RecordMetadata> missing = producer.send(
                    new ProducerRecord<>("missing", "k", "v"), (metadata, error) -> seenByCallback.set(error));

            assertThatThrownBy(missing::get)
                    .cause()
                    .isInstanceOf(TimeoutException.class)
                    .hasMessage(
                            "Topic missing not present in metadata after 2000 ms. The brokers answer UNKNOWN_TOPIC_OR_PARTITION "
                                    + "(code 3) for it; the topic does not exist (brokers create missing topics only with "
                                    + "auto.create.topics.enable=true).");
            assertThat(seenByCallback.get()).isInstanceOf(TimeoutException.class);
            assertThat(producer.send(new ProducerRecord<>("good", "k", "v"))
                            .get()
                            .offset())
                    .isGreaterThanOrEqualTo(0);
        }
    }

    @Test
    void anInvalidTopicNameFailsWithTheBrokersErrorName() throws Exception {
        try (FerryProducer<String, String> producer = producer()) {
            CompletableFuture<RecordMetadata> invalid = producer.send(new ProducerRecord<>("bad topic!", "k", "v"));

            assertThatThrownBy(invalid::get)
                    .cause()
                    .isInstanceOf(KafkaErrorException.class)
                    .hasMessage(
                            "Kafka error INVALID_TOPIC_EXCEPTION (code 17) while fetching metadata for topic 'bad topic!': "
                                    + "The request attempted to perform an operation on an invalid topic.");
            assertThat(producer.send(new ProducerRecord<>("good", "k", "v"))
                            .get()
                            .offset())
                    .isGreaterThanOrEqualTo(0);
        }
    }

    @Test
    void aRecordAboveMaxRequestSizeFailsAloneWithRecordTooLarge() throws Exception {
        try (FerryProducer<String, String> producer = producer("max.request.size", "10000")) {
            CompletableFuture<RecordMetadata> tooLarge =
                    producer.send(new ProducerRecord<>("good", "k", "z".repeat(20_000)));
            CompletableFuture<RecordMetadata> fine = producer.send(new ProducerRecord<>("good", "k", "small"));

            assertThatThrownBy(tooLarge::get)
                    .cause()
                    .isInstanceOf(RecordTooLargeException.class)
                    .hasMessageContaining(
                            "larger than 10000, which is the value of the max.request.size configuration");
            assertThat(fine.get().offset()).isGreaterThanOrEqualTo(0);
        }
    }

    /**
     * A record for a partition the topic does not have waits max.block.ms for a refresh that names
     * it, then fails through its future, in kafka-clients' words; it was refused at once, also when
     * the topic had gained the partition since the producer's last refresh.
     */
    @Test
    void anExplicitPartitionTheTopicLacksTimesOutNamingThePartitionCount() {
        try (FerryProducer<String, String> producer = producer()) {
            producer.partitionsFor("good");
            CompletableFuture<RecordMetadata> beyond = producer.send(new ProducerRecord<>("good", 5, "k", "v"));

            assertThatThrownBy(() -> beyond.get(30, TimeUnit.SECONDS))
                    .cause()
                    .isInstanceOf(TimeoutException.class)
                    .hasMessage(
                            "Partition 5 of topic good with partition count 2 is not present in metadata after 2000 ms.");
        }
    }

    /** The topic gains the partition while the record waits: the record goes to it. */
    @Test
    void anExplicitPartitionAddedWhileTheRecordWaitsIsWrittenTo() throws Exception {
        kafka.createTopic(topic("growing", 1));
        try (FerryProducer<String, String> producer = producer("max.block.ms", "30000")) {
            producer.partitionsFor("growing");
            CompletableFuture<RecordMetadata> sent = CompletableFuture.supplyAsync(
                            () -> producer.send(new ProducerRecord<>("growing", 2, "k", "v")))
                    .thenCompose(future -> future);
            kafka.admin()
                    .createPartitions(Map.of("growing", NewPartitions.increaseTo(3)))
                    .all()
                    .get(30, TimeUnit.SECONDS);

            assertThat(sent.get(30, TimeUnit.SECONDS).partition()).isEqualTo(2);
        }
    }

    @Test
    void aBadConfigValueNamesTheKey() {
        assertThatThrownBy(() -> producer("acks", "2"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("acks");
    }

    @Test
    void closeWithZeroTimeoutFailsWhatIsPendingAndLeavesNoThread() throws Exception {
        FerryProducer<String, String> producer =
                producer("linger.ms", "60000", "batch.size", "1000000", "delivery.timeout.ms", "120000");
        CompletableFuture<RecordMetadata> warmUp = producer.send(new ProducerRecord<>("good", "k", "warm-up"));
        producer.flush();
        assertThat(warmUp).isCompleted();
        CompletableFuture<RecordMetadata> pending = producer.send(new ProducerRecord<>("good", "k", "lingering"));

        producer.close(Duration.ZERO);

        assertThatThrownBy(pending::get)
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOf(ProducerClosedException.class);
        assertThatThrownBy(() -> producer.send(new ProducerRecord<>("good", "k", "late")))
                .isInstanceOf(ProducerClosedException.class);
        assertThat(Thread.getAllStackTraces().keySet())
                .noneMatch(thread -> thread.isAlive() && thread.getName().startsWith("ferry-producer-network-thread"));
    }

    /**
     * A send waiting for the metadata of a topic the brokers lack ends as soon as another thread
     * closes the producer: no answer can come any more. kafka-clients closes its metadata with its
     * network and the waiting send fails at once; Ferry's waited out max.block.ms and then timed out.
     */
    @Test
    void closeEndsASendWaitingForMetadataAtOnce() throws Exception {
        FerryProducer<String, String> producer = producer("max.block.ms", "60000");
        CompletableFuture<Throwable> waiting = sendFromAnotherThread(producer, "missing-while-closing");

        producer.close();

        assertThat(waiting.get(10, TimeUnit.SECONDS))
                .isInstanceOf(ProducerClosedException.class)
                .hasMessage("The producer was closed (while waiting for the metadata of topic missing-while-closing)");
    }

    /** The same when the I/O thread ends with an error: nothing would ever refresh the metadata. */
    @Test
    void whenTheIoThreadEndsASendWaitingForMetadataFailsAtOnce() throws Exception {
        try (FerryProducer<String, String> producer = producer("max.block.ms", "60000")) {
            CompletableFuture<Throwable> waiting = sendFromAnotherThread(producer, "missing-while-io-ends");

            producer.send(new ProducerRecord<>("good", "k", "v"), (metadata, error) -> {
                throw new StackOverflowError("thrown by the test's callback");
            });

            assertThat(waiting.get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ProducerClosedException.class)
                    .hasMessage("The producer's I/O thread failed: java.lang.StackOverflowError: thrown by the test's "
                            + "callback; close this producer and create a new one (while waiting for the metadata of "
                            + "topic missing-while-io-ends)");
        }
    }

    /**
     * A send to {@code topic} from a thread of its own, once it waits for the topic's metadata; the
     * result completes with what send() threw, or with null if it returned.
     */
    private static CompletableFuture<Throwable> sendFromAnotherThread(
            FerryProducer<String, String> producer, String topic) {
        CompletableFuture<Throwable> thrown = new CompletableFuture<>();
        Thread sending = new Thread(
                () -> {
                    try {
                        producer.send(new ProducerRecord<>(topic, "k", "v"));
                        thrown.complete(null);
                    } catch (Throwable t) {
                        thrown.complete(t);
                    }
                },
                "send to " + topic);
        sending.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> sending.getState() == Thread.State.TIMED_WAITING);
        return thrown;
    }

    @Test
    void closeDeliversWhatIsQueued() throws Exception {
        kafka.createTopic("close-flush", 1, 1);
        CompletableFuture<RecordMetadata> lingering;
        try (FerryProducer<String, String> producer = producer("linger.ms", "30000", "batch.size", "1000000")) {
            lingering = producer.send(new ProducerRecord<>("close-flush", "k", "v"));
        }

        assertThat(lingering).isDone();
        assertThat(lingering.get().offset()).isZero();
        assertThat(ConsumerOracle.readAll(kafka.bootstrapServers(), "close-flush", 1))
                .hasSize(1);
    }

    @Test
    void anUnreachableBootstrapServerTimesOutSayingWhy() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        Map<String, Object> config = Map.of("bootstrap.servers", "127.0.0.1:" + port, "max.block.ms", 2_000);
        try (FerryProducer<String, String> producer =
                new FerryProducer<>(config, new StringSerializer(), new StringSerializer())) {
            CompletableFuture<RecordMetadata> unsent = producer.send(new ProducerRecord<>("good", "k", "v"));

            assertThatThrownBy(unsent::get)
                    .cause()
                    .isInstanceOf(TimeoutException.class)
                    .hasMessageStartingWith("Topic good not present in metadata after 2000 ms. No broker answered; "
                            + "the last connection attempt failed: ")
                    .hasMessageContaining("127.0.0.1:" + port)
                    .hasMessageContaining("Connection refused");
        }
    }

    @Test
    void flushFromASendCallbackIsRefusedInsteadOfDeadlocking() throws Exception {
        try (FerryProducer<String, String> producer = producer()) {
            CompletableFuture<Throwable> fromCallback = new CompletableFuture<>();
            producer.send(new ProducerRecord<>("good", "k", "v"), (metadata, error) -> {
                try {
                    producer.flush();
                    fromCallback.complete(null);
                } catch (RuntimeException e) {
                    fromCallback.complete(e);
                }
            });

            assertThat(fromCallback.get(30, TimeUnit.SECONDS))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage(
                            "flush() called from a send callback would deadlock: the callback runs on the producer's "
                                    + "I/O thread, which flush() waits for; call it from another thread");
            assertStillDelivers(producer, "after");
        }
    }

    @Test
    void aCallbackThrowingAnAssertionErrorDoesNotStopDelivery() throws Exception {
        try (FerryProducer<String, String> producer = producer()) {
            producer.send(new ProducerRecord<>("good", "k", "first"), (metadata, error) -> {
                        throw new AssertionError("thrown by the test's callback");
                    })
                    .get(30, TimeUnit.SECONDS);

            assertStillDelivers(producer, "second");
        }
    }

    @Test
    void whenACallbackEndsTheIoThreadLaterSendsFailAtOnceAndCloseReturns() throws Exception {
        String clientId = "io-thread-ends";
        FerryProducer<String, String> producer = producer("client.id", clientId);
        producer.send(new ProducerRecord<>("good", "k", "v"), (metadata, error) -> {
            throw new StackOverflowError("thrown by the test's callback");
        });
        producer.flush();
        Thread ioThread = Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().equals("ferry-producer-network-thread | " + clientId))
                .findFirst()
                .orElse(null);
        if (ioThread != null) {
            ioThread.join(10_000);
            assertThat(ioThread.isAlive())
                    .as("the I/O thread ends with the callback's error")
                    .isFalse();
        }

        assertThatThrownBy(() -> producer.send(new ProducerRecord<>("good", "k", "late")))
                .isInstanceOf(ProducerClosedException.class)
                .hasMessage(
                        "The producer's I/O thread failed: java.lang.StackOverflowError: thrown by the test's callback; "
                                + "close this producer and create a new one");
        producer.flush();
        producer.close(Duration.ofSeconds(10));
    }
}
