package dev.ferry.producer;

import static dev.ferry.producer.ItSetup.topic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.testkit.KafkaCluster;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import java.util.function.Function;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How often a producer asks for the metadata of a topic the brokers do not have
 * (auto.create.topics.enable=false), measured against kafka-clients on the same broker: while a
 * send waits max.block.ms for it, and afterwards, since the topic stays among those every refresh
 * asks for. kafka-clients asks at once, then after retry.backoff.ms, twice as long after each answer
 * that changed nothing, up to retry.backoff.max.ms. Ferry asked again as soon as each answer came:
 * thousands of Metadata requests a second, for as long as the producer lived.
 */
class MetadataRefreshBackoffIT {
    private static final Logger LOG = LoggerFactory.getLogger(MetadataRefreshBackoffIT.class);
    private static final String MISSING = "never-created";
    private static final long MAX_BLOCK_MS = 3_000;
    /** How long the count goes on after the send gave up. */
    private static final long AFTER_MS = 2_000;
    /** Room for what the windows may catch of either client's own traffic besides Metadata. */
    private static final int SLACK = 3;

    @AutoClose
    private static final KafkaCluster kafka = ItSetup.clusterWithOnly(topic("present", 1));

    @Test
    void aMissingTopicIsAskedForAboutAsOftenAsKafkaClientsAsksForIt() throws Exception {
        Requests ferry;
        try (FerryProducer<String, String> producer =
                new FerryProducer<>(config("ferry"), new StringSerializer(), new StringSerializer())) {
            ferry = count(
                    () -> producer.metrics().get("request-total"),
                    topic -> producer.send(new ProducerRecord<>(topic, "k", "v")));
        }
        Requests kafkaClients;
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                config("kafka-clients"),
                new org.apache.kafka.common.serialization.StringSerializer(),
                new org.apache.kafka.common.serialization.StringSerializer())) {
            kafkaClients = count(
                    () -> requestTotal(producer),
                    topic -> producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topic, "k", "v")));
        }
        LOG.info(
                "requests while a send to a missing topic waited {} ms, then in the next {} ms:"
                        + " Ferry {} and {}, kafka-clients {} and {}",
                MAX_BLOCK_MS,
                AFTER_MS,
                ferry.whileWaiting(),
                ferry.afterwards(),
                kafkaClients.whileWaiting(),
                kafkaClients.afterwards());

        assertThat(ferry.whileWaiting())
                .as("Ferry's requests while the send waited; kafka-clients sent %s", kafkaClients.whileWaiting())
                .isLessThanOrEqualTo(2 * kafkaClients.whileWaiting() + SLACK)
                // it does keep asking: the topic may be created meanwhile
                .isGreaterThanOrEqualTo(3);
        assertThat(ferry.afterwards())
                .as("Ferry's requests after the send gave up; kafka-clients sent %s", kafkaClients.afterwards())
                .isLessThanOrEqualTo(2 * kafkaClients.afterwards() + SLACK);
    }

    /**
     * metadata.max.idle.ms: a topic not sent to for that long is no longer asked for. Both clients send
     * once to the missing topic and give up after 500 ms; from 8.5 s on (idle 5 s, a sweep, the backoff)
     * a producer that still refreshed the topic would ask for it every 500 ms (retry.backoff.max.ms).
     */
    @Test
    void aTopicNotSentToForMetadataMaxIdleMsIsNoLongerAskedFor() throws Exception {
        Map<String, Object> idle =
                Map.of("max.block.ms", "500", "metadata.max.idle.ms", "5000", "retry.backoff.max.ms", "500");
        try (FerryProducer<String, String> ferry = new FerryProducer<>(
                        config("ferry-idle", idle), new StringSerializer(), new StringSerializer());
                KafkaProducer<String, String> kafkaClients = new KafkaProducer<>(
                        config("kafka-clients-idle", idle),
                        new org.apache.kafka.common.serialization.StringSerializer(),
                        new org.apache.kafka.common.serialization.StringSerializer())) {
            ferry.send(new ProducerRecord<>("present", "k", "v")).get(30, TimeUnit.SECONDS);
            kafkaClients
                    .send(new org.apache.kafka.clients.producer.ProducerRecord<>("present", "k", "v"))
                    .get(30, TimeUnit.SECONDS);
            long sentNs = System.nanoTime();
            Future<?> ferryMissing = ferry.send(new ProducerRecord<>(MISSING, "k", "v"));
            Future<?> kafkaClientsMissing =
                    kafkaClients.send(new org.apache.kafka.clients.producer.ProducerRecord<>(MISSING, "k", "v"));
            for (Future<?> missing : List.of(ferryMissing, kafkaClientsMissing)) {
                assertThatThrownBy(() -> missing.get(30, TimeUnit.SECONDS))
                        .cause()
                        .hasMessageContaining("not present in metadata after 500 ms");
            }

            // the window's start and length are what the test measures, not a wait for an outcome
            Thread.sleep(Math.max(0, 8_500 - (System.nanoTime() - sentNs) / 1_000_000));
            double ferryBefore = ferry.metrics().get("request-total");
            double kafkaClientsBefore = requestTotal(kafkaClients);
            Thread.sleep(3_000);
            int ferryRequests = (int) (ferry.metrics().get("request-total") - ferryBefore);
            int kafkaClientsRequests = (int) (requestTotal(kafkaClients) - kafkaClientsBefore);
            LOG.info(
                    "requests 8.5-11.5 s after one send to a missing topic, metadata.max.idle.ms 5000:"
                            + " Ferry {}, kafka-clients {}",
                    ferryRequests,
                    kafkaClientsRequests);

            assertThat(ferryRequests)
                    .as("Ferry's requests; kafka-clients sent %s", kafkaClientsRequests)
                    .isLessThanOrEqualTo(kafkaClientsRequests + 1);
        }
    }

    private static Map<String, Object> config(String clientId, Map<String, Object> more) {
        Map<String, Object> config = new HashMap<>(config(clientId));
        config.putAll(more);
        return config;
    }

    private static Map<String, Object> config(String clientId) {
        return Map.of(
                "bootstrap.servers", kafka.bootstrapServers(),
                "client.id", clientId,
                "max.block.ms", Long.toString(MAX_BLOCK_MS));
    }

    /** Requests sent while one send to {@link #MISSING} waits, and in the {@link #AFTER_MS} after it. */
    private record Requests(int whileWaiting, int afterwards) {}

    /**
     * A record to an existing topic first, so the connections, ApiVersions and the producer id are
     * done before the count starts; then the send to the missing topic, which must time out.
     */
    private static Requests count(DoubleSupplier requestTotal, Function<String, Future<?>> send) throws Exception {
        send.apply("present").get(30, TimeUnit.SECONDS);
        double before = requestTotal.getAsDouble();
        Future<?> missing = send.apply(MISSING);
        double waited = requestTotal.getAsDouble();
        assertThatThrownBy(() -> missing.get(30, TimeUnit.SECONDS))
                .cause()
                .isInstanceOfAny(TimeoutException.class, org.apache.kafka.common.errors.TimeoutException.class)
                .hasMessageContaining("not present in metadata after " + MAX_BLOCK_MS + " ms");
        Thread.sleep(AFTER_MS);
        double after = requestTotal.getAsDouble();
        return new Requests((int) (waited - before), (int) (after - waited));
    }

    private static double requestTotal(KafkaProducer<?, ?> producer) {
        return producer.metrics().entrySet().stream()
                .filter(e -> e.getKey().group().equals("producer-metrics")
                        && e.getKey().name().equals("request-total"))
                .mapToDouble(e -> (Double) e.getValue().metricValue())
                .findFirst()
                .orElseThrow();
    }
}
