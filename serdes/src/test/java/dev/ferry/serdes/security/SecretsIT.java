package dev.ferry.serdes.security;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.okForContentType;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.ferry.common.testing.LogCapture;
import dev.ferry.producer.FerryProducer;
import dev.ferry.producer.ProducerConfig;
import dev.ferry.producer.ProducerRecord;
import dev.ferry.producer.RecordMetadata;
import dev.ferry.registry.CachedSchemaRegistryClient;
import dev.ferry.registry.SchemaRegistryConfig;
import dev.ferry.serdes.SerdeConfig;
import dev.ferry.testkit.KafkaCluster;
import dev.ferry.testkit.SecureListener;
import dev.ferry.testkit.TestCertificate;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An authenticated run end to end, every secret given in kafka-clients' and Confluent's property
 * names: the producer over SASL_SSL with a client key, the Avro serializer's registry client with
 * basic auth, a registry client with a bearer token, plus failures of each. All logs (slf4j-simple,
 * Ferry at debug), every relevant toString() and every exception's full stack trace are collected,
 * and none holds a password, token, encoded credential or private key.
 */
class SecretsIT {
    private static final String USER = "orders-app";
    private static final String SASL_PASSWORD = "Sasl-Pw-7Fj2kQ";
    private static final String REGISTRY_PASSWORD = "Registry-Pw-9xZ";
    private static final String BEARER_TOKEN = "eyJ.Bearer-Token-3Lm.sig";
    private static final String REGISTRY_USER_INFO = "registry-user:" + REGISTRY_PASSWORD;

    private static KafkaCluster kafka;
    private static WireMockServer registry;
    private static TestCertificate clientKey;

    @BeforeAll
    static void start() {
        kafka = KafkaCluster.builder()
                .listeners(SecureListener.SASL_SSL)
                .saslUser(USER, SASL_PASSWORD)
                .start();
        kafka.createTopic("secret-orders", 1, 1);
        clientKey =
                TestCertificate.selfSigned(kafka.brokerCertificate().keyStore().getParent(), "secrets-client");
        registry = new WireMockServer(wireMockConfig().dynamicPort());
        registry.start();
        registry.stubFor(any(anyUrl())
                .atPriority(10)
                .willReturn(aResponse()
                        .withStatus(401)
                        .withHeader("Content-Type", "application/vnd.schemaregistry.v1+json")
                        .withBody("{\"error_code\":401,\"message\":\"Unauthorized\"}")));
        registry.stubFor(post(urlPathMatching("/subjects/.*/versions"))
                .atPriority(1)
                .withBasicAuth("registry-user", REGISTRY_PASSWORD)
                .willReturn(okForContentType("application/vnd.schemaregistry.v1+json", "{\"id\":7}")));
        registry.stubFor(any(urlPathMatching("/schemas/ids/7"))
                .atPriority(1)
                .withHeader("Authorization", equalTo("Bearer " + BEARER_TOKEN))
                .willReturn(
                        okForContentType("application/vnd.schemaregistry.v1+json", "{\"schema\":\"\\\"string\\\"\"}")));
    }

    @AfterAll
    static void stop() {
        if (registry != null) {
            registry.stop();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    private static Map<String, Object> producerProperties(String saslPassword) {
        Map<String, Object> props =
                new HashMap<>(kafka.clientProperties(SecureListener.SASL_SSL, "SCRAM-SHA-512", USER));
        props.put(
                "sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + USER + "\" password=\""
                        + saslPassword + "\";");
        props.put("ssl.keystore.location", clientKey.keyStore().toString());
        props.put("ssl.keystore.type", "PKCS12");
        props.put("ssl.keystore.password", clientKey.password());
        props.put("key.serializer", "org.apache.kafka.common.serialization.StringSerializer");
        props.put("value.serializer", "dev.ferry.serdes.avro.AvroSerializer");
        props.put("schema.registry.url", "http://127.0.0.1:" + registry.port());
        props.put("basic.auth.credentials.source", "USER_INFO");
        props.put("basic.auth.user.info", REGISTRY_USER_INFO);
        props.put("max.block.ms", "30000");
        return props;
    }

    @Test
    void noSecretReachesLogsToStringsOrExceptions() throws Exception {
        List<String> texts = new ArrayList<>();
        String logs;
        try (LogCapture capture = new LogCapture()) {
            Map<String, Object> props = producerProperties(SASL_PASSWORD);
            ProducerConfig config = ProducerConfig.fromProperties(props);
            texts.add(config.toString());
            texts.add(config.security().toString());
            texts.add(config.pluginConfigs().toString());
            texts.add(SerdeConfig.fromProperties(config.pluginConfigs()).toString());
            texts.add(
                    SchemaRegistryConfig.fromProperties(config.pluginConfigs()).toString());

            // an authenticated run: SASL_SSL to the broker, basic auth to the registry
            try (FerryProducer<String, GenericRecord> producer = new FerryProducer<>(props)) {
                List<CompletableFuture<RecordMetadata>> sent = new ArrayList<>();
                for (int i = 0; i < 5; i++) {
                    sent.add(producer.send(new ProducerRecord<>("secret-orders", "k" + i, order(i))));
                }
                for (CompletableFuture<RecordMetadata> future : sent) {
                    assertThat(future.get().offset()).isGreaterThanOrEqualTo(0);
                }
                texts.add(producer.metrics().toString());
            }

            // refused SASL credentials
            try (FerryProducer<String, GenericRecord> producer =
                    new FerryProducer<>(producerProperties("not-" + SASL_PASSWORD))) {
                texts.add(stackTrace(
                        catchThrowable(() -> producer.send(new ProducerRecord<>("secret-orders", "k", order(0)))
                                .get())));
            }

            // refused registry credentials: the serializer's registry error
            Map<String, Object> wrongRegistryPassword = producerProperties(SASL_PASSWORD);
            wrongRegistryPassword.put("basic.auth.user.info", "registry-user:not-" + REGISTRY_PASSWORD);
            try (FerryProducer<String, GenericRecord> producer = new FerryProducer<>(wrongRegistryPassword)) {
                texts.add(stackTrace(
                        catchThrowable(() -> producer.send(new ProducerRecord<>("secret-orders", "k", order(0))))));
            }

            // a bearer token: accepted, then refused on another path
            SchemaRegistryConfig bearer = SchemaRegistryConfig.fromProperties(Map.of(
                    "schema.registry.url",
                    "http://127.0.0.1:" + registry.port(),
                    "bearer.auth.credentials.source",
                    "STATIC_TOKEN",
                    "bearer.auth.token",
                    BEARER_TOKEN,
                    "max.retries",
                    "1",
                    "retries.wait.ms",
                    "1"));
            texts.add(bearer.toString());
            try (CachedSchemaRegistryClient client = new CachedSchemaRegistryClient(bearer)) {
                texts.add(client.schemaById(7).toString());
                texts.add(stackTrace(catchThrowable(() -> client.subjects())));
                texts.add(client.toString());
            }

            // malformed settings that carry a secret
            texts.add(stackTrace(catchThrowable(() -> ProducerConfig.fromProperties(Map.of(
                    "bootstrap.servers",
                    "b:1",
                    "sasl.jaas.config",
                    "org.apache.kafka.common.security.plain.PlainLoginModule required password=\"" + SASL_PASSWORD
                            + "\"")))));
            texts.add(stackTrace(catchThrowable(() -> ProducerConfig.fromProperties(Map.of(
                    "bootstrap.servers",
                    "b:1",
                    "security.protocol",
                    "SSL",
                    "ssl.keystore.location",
                    clientKey.keyStore().toString(),
                    "ssl.keystore.type",
                    "PKCS12",
                    "ssl.keystore.password",
                    "not-" + clientKey.password())))));
            texts.add(stackTrace(catchThrowable(() -> SchemaRegistryConfig.fromProperties(Map.of(
                    "schema.registry.url",
                    "http://127.0.0.1:1",
                    "basic.auth.credentials.source",
                    "USER_INFO",
                    "basic.auth.user.info",
                    REGISTRY_PASSWORD)))));
            // issue 19's two leaks: a URL whose syntax breaks after the user info, a quoted JAAS token
            texts.add(stackTrace(catchThrowable(() -> SchemaRegistryConfig.fromProperties(Map.of(
                    "schema.registry.url",
                    "http://u:" + REGISTRY_PASSWORD + "@127.0.0.1:" + registry.port() + "/a b")))));
            texts.add(stackTrace(catchThrowable(() -> ProducerConfig.fromProperties(
                    Map.of("bootstrap.servers", "b:1", "sasl.jaas.config", "\"" + SASL_PASSWORD + "\"")))));
            texts.add(stackTrace(catchThrowable(() -> ProducerConfig.fromProperties(
                    Map.of("bootstrap.servers", "b:1", "sasl.jaas.config", "\"" + SASL_PASSWORD + "\" required;")))));
            logs = capture.text();
        }

        assertThat(logs).as("the run was logged").contains("dev.ferry");
        texts.add(logs);
        String everything = String.join("\n", texts);
        for (String secret : secrets()) {
            assertThat(everything).as("no trace of a secret").doesNotContain(secret);
        }
        assertThat(everything).contains("SASL authentication with mechanism SCRAM-SHA-512", "[hidden]");
    }

    private static List<String> secrets() {
        List<String> secrets = new ArrayList<>(List.of(
                SASL_PASSWORD,
                REGISTRY_PASSWORD,
                BEARER_TOKEN,
                clientKey.password(),
                Base64.getEncoder().encodeToString(REGISTRY_USER_INFO.getBytes(StandardCharsets.UTF_8))));
        // every line of the private key's base64 body
        for (String line : clientKey.privateKeyPem().split("\n")) {
            if (!line.startsWith("-----")) {
                secrets.add(line);
            }
        }
        return secrets;
    }

    private static GenericRecord order(int i) {
        Schema schema = new Schema.Parser()
                .parse("{\"type\":\"record\",\"name\":\"SecretOrder\",\"namespace\":\"it\","
                        + "\"fields\":[{\"name\":\"id\",\"type\":\"string\"}]}");
        GenericRecord order = new GenericData.Record(schema);
        order.put("id", "order-" + i);
        return order;
    }

    private static String stackTrace(Throwable failure) {
        assertThat(failure).as("the step was expected to fail").isNotNull();
        StringWriter out = new StringWriter();
        failure.printStackTrace(new PrintWriter(out));
        return out.toString();
    }
}
