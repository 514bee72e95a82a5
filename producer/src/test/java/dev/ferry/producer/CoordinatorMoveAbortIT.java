package dev.ferry.producer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.testkit.KafkaCluster;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.common.config.ConfigResource;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * An abort on transaction.version 1 whose AddPartitionsToTxn is in doubt while the transaction
 * coordinator moves (the simulator's seed 12736). The coordinator adds the partition and opens the
 * transaction, its answer is lost; the producer, aborting, sends the add again to the coordinator
 * FindCoordinator still names, which has meanwhile lost the leadership of its __transaction_state
 * partition and answers NOT_COORDINATOR. Ferry took that answer for the coordinator's decision,
 * forgot the add in doubt and completed the abort without EndTxn: the transaction stayed open at the
 * new coordinator until transaction.timeout.ms. Only the coordinator that decided settles the doubt
 * now: the producer finds the new coordinator, sends the add there, and ends the transaction with
 * EndTxn. kafka-clients' Admin is the judge (reached on the brokers' inter-broker listener, which the
 * proxies do not stand in front of); the proxies show which requests the producer sent where.
 */
class CoordinatorMoveAbortIT {
    private static final String TOPIC = "txn-abort-moved-coordinator";
    private static final String TRANSACTIONAL_ID = "abort-moved-coordinator";
    /** Longer than the coordinator's move takes: the add sent again waits in the proxy meanwhile. */
    private static final int REQUEST_TIMEOUT_MS = 15_000;

    private static final short ADD_PARTITIONS_TO_TXN = 24;
    private static final short END_TXN = 26;
    private static final short API_VERSIONS = 18;
    private static final Pattern INTERNAL_LISTENER = Pattern.compile("INTERNAL://([^,]+)");

    @Test
    void anAbortWhoseAddIsInDoubtEndsTheTransactionAtTheCoordinatorItMovedTo() throws Exception {
        try (KafkaCluster kafka = KafkaCluster.builder()
                        .brokers(3)
                        .proxied()
                        .transactionVersion(1)
                        .start();
                Admin direct = directAdmin(kafka)) {
            kafka.createTopic(TOPIC, 1, 3);
            try (FerryProducer<String, String> producer = new FerryProducer<>(
                    ItSetup.config(
                            ItSetup.transactionalQuickToReconnect(
                                    kafka.bootstrapServers(), TRANSACTIONAL_ID, REQUEST_TIMEOUT_MS),
                            "transaction.timeout.ms",
                            "60000",
                            "max.block.ms",
                            "120000"),
                    new StringSerializer(),
                    new StringSerializer())) {
                producer.initTransactions();
                // the topic's metadata first, so that the send below needs nothing but AddPartitionsToTxn
                producer.partitionsFor(TOPIC);
                int old = describe(direct).coordinatorId();
                int moved = kafka.brokerIds().stream()
                        .filter(id -> id != old)
                        .findFirst()
                        .orElseThrow();
                AtomicInteger addsToOld = new AtomicInteger();
                AtomicInteger endsToMoved = new AtomicInteger();
                kafka.proxy(old).listen((request, frame) -> {
                    if (!request) {
                        return;
                    }
                    if (apiKey(frame) == API_VERSIONS && addsToOld.get() == 1) {
                        // the producer gave up on the first add and connects again: the handshake goes through
                        kafka.proxy(old).holdResponses(false);
                    } else if (apiKey(frame) == ADD_PARTITIONS_TO_TXN && addsToOld.incrementAndGet() == 2) {
                        // the add sent again waits in the proxy until the coordinator has moved
                        kafka.proxy(old).blackHole(true);
                    }
                });
                kafka.proxy(moved).listen((request, frame) -> {
                    if (request && apiKey(frame) == END_TXN) {
                        endsToMoved.incrementAndGet();
                    }
                });
                producer.beginTransaction();

                // the first AddPartitionsToTxn opens the transaction at the coordinator; its answer is lost
                kafka.proxy(old).holdResponses(true);
                Future<RecordMetadata> record = producer.send(new ProducerRecord<>(TOPIC, "k", "aborted"));
                Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> addsToOld.get() == 1);
                CompletableFuture<Void> abort = CompletableFuture.runAsync(producer::abortTransaction);
                Awaitility.await()
                        .atMost(Duration.ofMillis(REQUEST_TIMEOUT_MS * 2L))
                        .until(() -> addsToOld.get() == 2);

                LeaderMoves.moveLeadership(direct, transactionStatePartition(direct), moved);
                Awaitility.await()
                        .atMost(Duration.ofSeconds(30))
                        .pollInterval(Duration.ofMillis(100))
                        .ignoreExceptions()
                        .untilAsserted(() -> {
                            TransactionDescription description = describe(direct);
                            assertThat(description.coordinatorId()).isEqualTo(moved);
                            assertThat(description.state()).isEqualTo(TransactionState.ONGOING);
                        });
                // the old coordinator answers the add sent again NOT_COORDINATOR
                kafka.proxy(old).blackHole(false);

                assertThat(abort).succeedsWithin(Duration.ofSeconds(60));
                assertThat(record).failsWithin(Duration.ofSeconds(30));
                Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(
                                describe(direct).state())
                        .as("the state of the transaction at the coordinator it moved to")
                        .isEqualTo(TransactionState.COMPLETE_ABORT));
                assertThat(endsToMoved.get())
                        .as("EndTxn requests to the new coordinator")
                        .isPositive();
            }
            assertThat(ConsumerOracle.readToEnd(kafka.bootstrapServers(), TOPIC, "read_committed"))
                    .isEmpty();
        }
    }

    private static short apiKey(byte[] frame) {
        return ByteBuffer.wrap(frame, 4, 2).getShort();
    }

    private static TransactionDescription describe(Admin admin) throws Exception {
        return admin.describeTransactions(List.of(TRANSACTIONAL_ID))
                .description(TRANSACTIONAL_ID)
                .get();
    }

    /** An Admin on the brokers' inter-broker listener: not behind the proxies whose faults the producer meets. */
    private static Admin directAdmin(KafkaCluster kafka) throws Exception {
        List<String> addresses = new ArrayList<>();
        for (int broker : kafka.brokerIds()) {
            ConfigResource resource = new ConfigResource(ConfigResource.Type.BROKER, Integer.toString(broker));
            String listeners = kafka.admin()
                    .describeConfigs(List.of(resource))
                    .all()
                    .get()
                    .get(resource)
                    .get("listeners")
                    .value();
            Matcher internal = INTERNAL_LISTENER.matcher(listeners);
            assertThat(internal.find())
                    .as("broker %s's listeners %s", broker, listeners)
                    .isTrue();
            addresses.add(internal.group(1));
        }
        return Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                String.join(",", addresses),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                10_000));
    }

    /** The transactional id's partition of __transaction_state, as Kafka's coordinator computes it. */
    private static org.apache.kafka.common.TopicPartition transactionStatePartition(Admin admin) throws Exception {
        int partitions = admin.describeTopics(List.of("__transaction_state"))
                .allTopicNames()
                .get()
                .get("__transaction_state")
                .partitions()
                .size();
        int hash = TRANSACTIONAL_ID.hashCode();
        return new org.apache.kafka.common.TopicPartition(
                "__transaction_state", (hash == Integer.MIN_VALUE ? 0 : Math.abs(hash)) % partitions);
    }
}
