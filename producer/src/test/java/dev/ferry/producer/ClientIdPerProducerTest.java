package dev.ferry.producer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * kafka-clients draws a {@code producer-<n>} for every producer whose config names no client.id.
 * Ferry drew it once per {@link ProducerConfig}, so two producers built from one config ran as one
 * client: the second took the first's JMX names (the first's metrics vanished from JMX), and
 * brokers logged and quota'd them as one.
 */
class ClientIdPerProducerTest {
    /** No broker listens there: the producers only start and close. */
    private static final String NOWHERE = "127.0.0.1:1";

    @Test
    void producersBuiltFromOneConfigWithoutAClientIdEachGetTheirOwn() {
        ProducerConfig config =
                ProducerConfig.builder().bootstrapServers(NOWHERE).build();

        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            try (FerryProducer<String, String> producer = started(config, ids)) {
                assertThat(producer).isNotNull();
            }
        }

        assertThat(ids).doesNotHaveDuplicates().hasSize(3).allMatch(id -> id.matches("producer-\\d+"));
        assertThat(ids.get(0)).as("the first producer keeps the config's own").isEqualTo(config.clientId());
    }

    @Test
    void aClientIdSetIsEveryProducersOwn() {
        ProducerConfig config = ProducerConfig.builder()
                .bootstrapServers(NOWHERE)
                .clientId("checkout")
                .build();

        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            try (FerryProducer<String, String> producer = started(config, ids)) {
                assertThat(producer).isNotNull();
            }
        }

        assertThat(ids).containsExactly("checkout", "checkout");
    }

    /** A producer whose client id, as its metrics are tagged, is added to {@code ids}. */
    private static FerryProducer<String, String> started(ProducerConfig config, List<String> ids) {
        return FerryProducer.<String, String>builder(config)
                .keySerializer(new StringSerializer())
                .valueSerializer(new StringSerializer())
                .metricsReporter(new MetricsReporter() {
                    @Override
                    public void init(List<Metric> metrics) {
                        ids.add(metrics.get(0).metricName().tags().get("client-id"));
                    }

                    @Override
                    public void metricChange(Metric metric) {}
                })
                .build();
    }
}
