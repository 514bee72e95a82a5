package dev.ferry.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every secure listener accepts kafka-clients with the properties the cluster hands out, and refuses what it must. */
class SecureListenersIT {
    @AutoClose
    private static final KafkaCluster kafka = KafkaCluster.builder()
            .listeners(SecureListener.values())
            .saslUser("alice", "alice-secret")
            .start();

    private static String describeClusterId(Map<String, Object> properties) throws Exception {
        Map<String, Object> config = new HashMap<>(properties);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 20_000);
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        try (Admin admin = Admin.create(config)) {
            return admin.describeCluster().clusterId().get(30, TimeUnit.SECONDS);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"SSL", "MTLS"})
    void tlsListenersAcceptKafkaClients(SecureListener listener) throws Exception {
        assertThat(describeClusterId(kafka.clientProperties(listener))).isEqualTo(describeClusterId(plaintext()));
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"SASL_PLAINTEXT, PLAIN", "SASL_PLAINTEXT, SCRAM-SHA-256", "SASL_SSL, SCRAM-SHA-512", "SASL_SSL, PLAIN"})
    void saslListenersAcceptTheUser(SecureListener listener, String mechanism) throws Exception {
        assertThat(describeClusterId(kafka.clientProperties(listener, mechanism, "alice")))
                .isEqualTo(describeClusterId(plaintext()));
    }

    @Test
    void mutualTlsRefusesAClientWithoutCertificate() {
        Map<String, Object> properties = kafka.clientProperties(SecureListener.SSL);
        properties.put("bootstrap.servers", kafka.bootstrapServers(SecureListener.MTLS));

        assertThatThrownBy(() -> describeClusterId(properties))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOf(SslAuthenticationException.class);
    }

    @Test
    void aWrongScramPasswordIsRefused() {
        Map<String, Object> properties =
                kafka.clientProperties(SecureListener.SASL_PLAINTEXT, "SCRAM-SHA-256", "alice");
        properties.put(
                "sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required "
                        + "username=\"alice\" password=\"not-her-secret\";");

        assertThatThrownBy(() -> describeClusterId(properties))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOf(SaslAuthenticationException.class);
    }

    @Test
    void theWrongHostListenerFailsHostNameVerification() {
        assertThatThrownBy(() -> describeClusterId(kafka.clientProperties(SecureListener.SSL_WRONG_HOST)))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOf(SslAuthenticationException.class);
    }

    private static Map<String, Object> plaintext() {
        return Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    }
}
