package dev.ferry.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.testkit.KafkaCluster;
import dev.ferry.testkit.SecureListener;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The producer over every secure listener of one real broker: TLS with and without a client
 * certificate, SASL PLAIN and SCRAM in the clear and over TLS. What it writes is read back by
 * kafka-clients' consumer with the same security settings; refusals fail fast and say why.
 */
class SecurityIT {
    private static final String USER = "orders-app";
    private static final String PASSWORD = "orders-app-secret-42";
    /** Short, so a test sees the producer renew its SASL session; longer than any other test needs one. */
    private static final int REAUTH_MS = 2_000;

    @AutoClose
    private static final KafkaCluster kafka = KafkaCluster.builder()
            .listeners(SecureListener.values())
            .saslUser(USER, PASSWORD)
            .brokerProperty("connections.max.reauth.ms", Integer.toString(REAUTH_MS))
            .brokerProperty("auto.create.topics.enable", "false")
            .start();

    private static FerryProducer<String, byte[]> producer(Map<String, Object> security, String... pairs) {
        return new FerryProducer<>(ItSetup.config(security, pairs), new StringSerializer(), new ByteArraySerializer());
    }

    /** Sends small and large records (the large ones span several TLS records) and checks them against the consumer. */
    private static void sendAndReadBack(Map<String, Object> security, String topic) throws Exception {
        kafka.createTopic(topic, 2, 1);
        List<byte[]> values = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            values.add((i % 10 == 9 ? "large-" + "x".repeat(40_000) : "record-" + i).getBytes(StandardCharsets.UTF_8));
        }
        List<CompletableFuture<RecordMetadata>> sent = new ArrayList<>();
        try (FerryProducer<String, byte[]> producer = producer(security, "compression.type", "none")) {
            for (int i = 0; i < values.size(); i++) {
                sent.add(producer.send(new ProducerRecord<>(topic, "key-" + i, values.get(i))));
            }
            for (CompletableFuture<RecordMetadata> future : sent) {
                assertThat(future.get().offset()).isGreaterThanOrEqualTo(0);
            }
        }

        List<ConsumerRecord<byte[], byte[]>> read = ConsumerOracle.readAll(security, topic, values.size());

        assertThat(read)
                .extracting(record -> new String(record.value(), StandardCharsets.UTF_8))
                .containsExactlyInAnyOrderElementsOf(values.stream()
                        .map(v -> new String(v, StandardCharsets.UTF_8))
                        .toList());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"SSL", "MTLS"})
    void tlsListenersCarryEveryRecord(SecureListener listener) throws Exception {
        sendAndReadBack(
                kafka.clientProperties(listener), "tls-" + listener.name().toLowerCase());
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"SASL_PLAINTEXT, PLAIN", "SASL_PLAINTEXT, SCRAM-SHA-256", "SASL_SSL, SCRAM-SHA-512"})
    void saslListenersCarryEveryRecord(SecureListener listener, String mechanism) throws Exception {
        sendAndReadBack(
                kafka.clientProperties(listener, mechanism, USER),
                "sasl-" + listener.name().toLowerCase() + "-" + mechanism.toLowerCase());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"PLAIN", "SCRAM-SHA-256"})
    void aWrongPasswordFailsTheSendAtOnceNamingBrokerAndMechanism(String mechanism) {
        Map<String, Object> security = kafka.clientProperties(SecureListener.SASL_PLAINTEXT, mechanism, USER);
        String module = mechanism.equals("PLAIN") ? "plain.PlainLoginModule" : "scram.ScramLoginModule";
        security.put(
                "sasl.jaas.config",
                "org.apache.kafka.common.security." + module + " required username=\"" + USER
                        + "\" password=\"not-the-password-99\";");

        try (FerryProducer<String, byte[]> producer = producer(security, "max.block.ms", "60000")) {
            CompletableFuture<RecordMetadata> send =
                    producer.send(new ProducerRecord<>("never-created", "k", new byte[1]));

            // max.block.ms is a minute: a SaslAuthenticationException (not a TimeoutException) proves it did not wait
            assertThatThrownBy(send::get)
                    .isInstanceOf(ExecutionException.class)
                    .cause()
                    .isInstanceOf(SaslAuthenticationException.class)
                    .hasMessageContaining("SASL authentication with mechanism " + mechanism + " to node -1 ("
                            + kafka.bootstrapServers(SecureListener.SASL_PLAINTEXT) + ") failed")
                    .hasMessageContaining("SASL_AUTHENTICATION_FAILED")
                    .message()
                    .doesNotContain("not-the-password-99");
            assertThatThrownBy(() -> producer.partitionsFor("never-created"))
                    .isInstanceOf(SaslAuthenticationException.class);
        }
    }

    @Test
    void mutualTlsRefusesAProducerWithoutCertificate() {
        Map<String, Object> security = kafka.clientProperties(SecureListener.SSL);
        security.put("bootstrap.servers", kafka.bootstrapServers(SecureListener.MTLS));

        try (FerryProducer<String, byte[]> producer = producer(security)) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>("tls-mtls", "k", new byte[1]))
                            .get())
                    .cause()
                    .isInstanceOf(SslAuthenticationException.class)
                    .hasMessageContaining(
                            "TLS handshake with node -1 (" + kafka.bootstrapServers(SecureListener.MTLS) + ") failed")
                    .hasMessageEndingWith("; no client certificate is configured (ssl.keystore.location, or"
                            + " ssl.keystore.certificate.chain and ssl.keystore.key), which a broker with"
                            + " ssl.client.auth=required refuses");
        }
    }

    @Test
    void aCertificateThatDoesNotNameTheHostIsRefusedUnlessVerificationIsOff() throws Exception {
        Map<String, Object> security = kafka.clientProperties(SecureListener.SSL_WRONG_HOST);
        try (FerryProducer<String, byte[]> producer = producer(security)) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>("wrong-host", "k", new byte[1]))
                            .get())
                    .cause()
                    .isInstanceOf(SslAuthenticationException.class)
                    .hasMessageContaining("No subject alternative names matching IP address 127.0.0.1");
        }

        security.put("ssl.endpoint.identification.algorithm", "");
        sendAndReadBack(security, "wrong-host");
    }

    @Test
    void transactionsWorkOverSaslSsl() throws Exception {
        Map<String, Object> security = kafka.clientProperties(SecureListener.SASL_SSL, "SCRAM-SHA-256", USER);
        kafka.createTopic("sasl-transactions", 1, 1);
        try (FerryProducer<String, byte[]> producer = producer(security, "transactional.id", "secure-tx")) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>("sasl-transactions", "k", "committed".getBytes(StandardCharsets.UTF_8)));
            producer.commitTransaction();
        }
        Map<String, Object> readCommitted = new HashMap<>(security);
        readCommitted.put("isolation.level", "read_committed");

        assertThat(ConsumerOracle.readAll(readCommitted, "sasl-transactions", 1))
                .extracting(record -> new String(record.value(), StandardCharsets.UTF_8))
                .containsExactly("committed");
    }

    @Test
    void saslSessionsAreRenewedBeforeTheBrokerEndsThem() throws Exception {
        // acks=0 has no retries: a connection the broker closes for an expired session would lose records silently
        Map<String, Object> security = kafka.clientProperties(SecureListener.SASL_PLAINTEXT, "SCRAM-SHA-512", USER);
        kafka.createTopic("sasl-renewal", 1, 1);
        double authenticationsBefore = brokerMetric("SASL_PLAINTEXT", "successful-authentication-total");
        int records = 0;
        try (FerryProducer<String, byte[]> producer = producer(security, "acks", "0", "enable.idempotence", "false")) {
            long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(REAUTH_MS * 2L);
            while (System.nanoTime() < end) {
                producer.send(new ProducerRecord<>(
                                "sasl-renewal", "k", ("r" + records++).getBytes(StandardCharsets.UTF_8)))
                        .get();
                TimeUnit.MILLISECONDS.sleep(100);
            }
        }

        assertThat(brokerMetric("SASL_PLAINTEXT", "successful-authentication-total") - authenticationsBefore)
                .as("the first session and at least one renewal")
                .isGreaterThanOrEqualTo(2);
        assertThat(brokerMetric("SASL_PLAINTEXT", "expired-connections-killed-count"))
                .isZero();
        assertThat(ConsumerOracle.readAll(security, "sasl-renewal", records)).hasSize(records);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"SSL, ''", "SASL_PLAINTEXT, PLAIN", "SASL_SSL, SCRAM-SHA-512"})
    void eachConnectionsAuthenticationIsCountedOnceAsTheBrokerCountsIt(SecureListener listener, String mechanism)
            throws Exception {
        // given
        Map<String, Object> security = mechanism.isEmpty()
                ? kafka.clientProperties(listener)
                : kafka.clientProperties(listener, mechanism, USER);
        String topic = "authentications-" + listener.name().toLowerCase();
        kafka.createTopic(topic, 1, 1);
        double brokerBefore = brokerMetric(listener.name(), "successful-authentication-total");

        try (FerryProducer<String, byte[]> producer = producer(security)) {
            // when one record goes out: a connection to the bootstrap server, then one to the leader
            producer.send(new ProducerRecord<>(topic, "k", new byte[1])).get();

            // then each connection authenticated once, as the broker saw it
            Map<String, Double> metrics = producer.metrics();
            assertThat(metrics.get("connection-creation-total")).isEqualTo(2.0);
            assertThat(metrics.get("successful-authentication-total"))
                    .isEqualTo(2.0)
                    .isEqualTo(brokerMetric(listener.name(), "successful-authentication-total") - brokerBefore);
            assertThat(metrics.get("successful-authentication-no-reauth-total")).isEqualTo(2.0);
            assertThat(metrics.get("successful-authentication-rate")).isPositive();
            assertThat(metrics.get("failed-authentication-total")).isZero();
        }
    }

    @Test
    void aRefusedAuthenticationIsCountedOnceAsTheBrokerCountsIt() throws Exception {
        // given a wrong password and a reconnect backoff longer than the test, so there is one attempt
        Map<String, Object> security = kafka.clientProperties(SecureListener.SASL_PLAINTEXT, "PLAIN", USER);
        security.put(
                "sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + USER
                        + "\" password=\"not-the-password-99\";");
        double brokerBefore = brokerMetric("SASL_PLAINTEXT", "failed-authentication-total");

        try (FerryProducer<String, byte[]> producer =
                producer(security, "reconnect.backoff.ms", "600000", "reconnect.backoff.max.ms", "600000")) {
            // when
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>("never-created", "k", new byte[1]))
                            .get())
                    .cause()
                    .isInstanceOf(SaslAuthenticationException.class);

            // then
            Map<String, Double> metrics = producer.metrics();
            assertThat(metrics.get("failed-authentication-total"))
                    .isEqualTo(1.0)
                    .isEqualTo(brokerMetric("SASL_PLAINTEXT", "failed-authentication-total") - brokerBefore);
            assertThat(metrics.get("failed-authentication-rate")).isPositive();
            assertThat(metrics.get("successful-authentication-total")).isZero();
        }
    }

    /** A broker socket-server metric of one listener, summed over its network processors (the broker runs in this JVM). */
    private static double brokerMetric(String listener, String name) throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        double sum = 0;
        for (ObjectName bean : server.queryNames(
                new ObjectName("kafka.server:type=socket-server-metrics,listener=" + listener + ",networkProcessor=*"),
                null)) {
            sum += ((Number) server.getAttribute(bean, name)).doubleValue();
        }
        return sum;
    }
}
