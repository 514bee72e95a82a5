package dev.ferry.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.ferry.testkit.KafkaCluster;
import dev.ferry.testkit.SecureListener;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The producer on a broker that enforces ACLs (Kafka's StandardAuthorizer): a refused user gets the
 * broker's authorization error on the record's future within seconds, never a delivery timeout two
 * minutes later. The PLAINTEXT listener is the test's own super user; the producers log in with SCRAM.
 */
class AuthorizationIT {
    private static final String TOPIC = "payments";
    private static final String WRITER = "payments-writer";
    /** May describe and read the topic but write none: a consumer's credentials put into a producer. */
    private static final String READER = "payments-reader";

    private static final String STRANGER = "stranger";
    /** Refused like the stranger until a test grants it WRITE on the topic. */
    private static final String LATECOMER = "latecomer";
    /** Far longer than any assertion waits, so a failure seen in time cannot be an expiry. */
    private static final String DELIVERY_TIMEOUT_MS = "120000";

    @AutoClose
    private static final KafkaCluster kafka = KafkaCluster.builder()
            .listeners(SecureListener.SASL_PLAINTEXT)
            .saslUser(WRITER, "writer-secret")
            .saslUser(READER, "reader-secret")
            .saslUser(STRANGER, "stranger-secret")
            .saslUser(LATECOMER, "latecomer-secret")
            .brokerProperty("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer")
            .brokerProperty("super.users", "User:ANONYMOUS")
            .brokerProperty("auto.create.topics.enable", "false")
            .start();

    @BeforeAll
    static void createTopicAndAcls() throws Exception {
        kafka.createTopic(TOPIC, 1, 1);
        kafka.admin()
                .createAcls(List.of(
                        allow(WRITER, AclOperation.WRITE),
                        allow(READER, AclOperation.DESCRIBE),
                        allow(READER, AclOperation.READ)))
                .all()
                .get(30, TimeUnit.SECONDS);
    }

    private static AclBinding allow(String user, AclOperation operation) {
        return new AclBinding(
                new ResourcePattern(ResourceType.TOPIC, TOPIC, PatternType.LITERAL),
                new AccessControlEntry("User:" + user, "*", operation, AclPermissionType.ALLOW));
    }

    private static FerryProducer<String, String> producer(String user, String... pairs) {
        Map<String, Object> config =
                new HashMap<>(kafka.clientProperties(SecureListener.SASL_PLAINTEXT, "SCRAM-SHA-256", user));
        config.put("delivery.timeout.ms", DELIVERY_TIMEOUT_MS);
        config.put("max.block.ms", "20000");
        for (int i = 0; i < pairs.length; i += 2) {
            config.put(pairs[i], pairs[i + 1]);
        }
        return new FerryProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    /** Sends a record and asserts it fails with a Kafka error, whose message the caller then checks. */
    private static AbstractThrowableAssert<?, ? extends Throwable> assertFirstSendRefusedByKafka(
            FerryProducer<String, String> producer) {
        CompletableFuture<RecordMetadata> refused = producer.send(new ProducerRecord<>(TOPIC, "k", "refused"));

        return assertThatThrownBy(() -> refused.get(30, TimeUnit.SECONDS))
                .cause()
                .isInstanceOf(KafkaErrorException.class);
    }

    @Test
    void aUserWithWriteOnTheTopicProducesIdempotently() throws Exception {
        try (FerryProducer<String, String> producer = producer(WRITER)) {
            RecordMetadata metadata =
                    producer.send(new ProducerRecord<>(TOPIC, "k", "written")).get(30, TimeUnit.SECONDS);
            assertThat(metadata.offset()).isGreaterThanOrEqualTo(0);
        }
        assertThat(ConsumerOracle.readAll(kafka.bootstrapServers(), TOPIC, 1))
                .anySatisfy(record -> assertThat(new String(record.value())).isEqualTo("written"));
    }

    @Test
    void aUserWhoMayWriteNoTopicGetsClusterAuthorizationFailedForItsProducerId() {
        try (FerryProducer<String, String> producer = producer(READER)) {
            assertFirstSendRefusedByKafka(producer)
                    .hasMessage("Kafka error CLUSTER_AUTHORIZATION_FAILED (code 31) while getting a producer id for "
                            + "the idempotent producer: Cluster authorization failed.");
            // the producer stays usable: the next record fails the same way, not with a closed producer
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>(TOPIC, "k", "again"))
                            .get(30, TimeUnit.SECONDS))
                    .cause()
                    .isInstanceOf(KafkaErrorException.class)
                    .hasMessageContaining("CLUSTER_AUTHORIZATION_FAILED");
        }
    }

    @Test
    void withoutIdempotenceTheSameUserGetsTopicAuthorizationFailedFromTheProduceRequest() {
        try (FerryProducer<String, String> producer = producer(READER, "enable.idempotence", "false")) {
            assertFirstSendRefusedByKafka(producer)
                    .hasMessageStartingWith(
                            "Kafka error TOPIC_AUTHORIZATION_FAILED (code 29) while producing to " + TOPIC + "-0");
        }
    }

    /**
     * Once the user is granted the topic, the next sends ask for its metadata again and go through
     * within seconds, as with kafka-clients, which throws a topic's metadata error once and then
     * refreshes. Ferry threw the refusal it had cached at every send, without asking, until
     * metadata.max.age.ms (5 minutes) brought a refresh.
     */
    @Test
    void aUserGrantedTheTopicAfterARefusalProducesWithinSeconds() throws Exception {
        // not idempotent: a producer id refused before the grant would fail the records queued behind it,
        // which is the case above, not this one
        try (FerryProducer<String, String> producer = producer(LATECOMER, "enable.idempotence", "false")) {
            assertFirstSendRefusedByKafka(producer).hasMessageContaining("TOPIC_AUTHORIZATION_FAILED");

            kafka.admin()
                    .createAcls(List.of(allow(LATECOMER, AclOperation.WRITE)))
                    .all()
                    .get(30, TimeUnit.SECONDS);

            // until the broker's authorizer has the new ACL a send may still be refused, with nothing else
            await().atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> deliveredOrRefusedTopic(producer));
        }
    }

    private static boolean deliveredOrRefusedTopic(FerryProducer<String, String> producer) throws Exception {
        try {
            producer.send(new ProducerRecord<>(TOPIC, "k", "granted")).get(30, TimeUnit.SECONDS);
            return true;
        } catch (ExecutionException e) {
            assertThat(e.getCause())
                    .isInstanceOf(KafkaErrorException.class)
                    .hasMessageContaining("TOPIC_AUTHORIZATION_FAILED");
            return false;
        }
    }

    @Test
    void aUserWhoMayNotSeeTheTopicGetsTopicAuthorizationFailedFromMetadata() {
        try (FerryProducer<String, String> producer = producer(STRANGER)) {
            assertFirstSendRefusedByKafka(producer)
                    .hasMessageStartingWith(
                            "Kafka error TOPIC_AUTHORIZATION_FAILED (code 29) while fetching metadata for topic '"
                                    + TOPIC + "'");
        }
    }
}
