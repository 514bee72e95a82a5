package dev.ferry.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.FeatureMetadata;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

class SingleBrokerIT {
    @AutoClose
    private static final KafkaCluster kafka = KafkaCluster.builder()
            .brokerProperty("auto.create.topics.enable", "false")
            .start();

    @Test
    void kafkaClientsProduceAndConsumeEveryRecord() throws Exception {
        kafka.createTopic("single", 3, 1);

        Oracle.produce(kafka.bootstrapServers(), "single", "v", 500);

        assertThat(Oracle.consumeValues(kafka.bootstrapServers(), "single", 500))
                .containsExactlyInAnyOrderElementsOf(Oracle.expectedValues("v", 500));
    }

    @Test
    void extraBrokerPropertiesReachTheBroker() throws Exception {
        ConfigResource broker = new ConfigResource(ConfigResource.Type.BROKER, "1");

        Config config =
                kafka.admin().describeConfigs(List.of(broker)).all().get().get(broker);

        assertThat(config.get("auto.create.topics.enable").value()).isEqualTo("false");
    }

    @Test
    void transactionVersionTwoIsFinalizedByDefault() throws Exception {
        FeatureMetadata features =
                kafka.admin().describeFeatures().featureMetadata().get();

        assertThat(features.finalizedFeatures().get("transaction.version").maxVersionLevel())
                .isEqualTo((short) 2);
    }

    @Test
    void rejectsBrokerCountsItCannotLayOut() {
        assertThatThrownBy(() -> KafkaCluster.builder().brokers(2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("brokers must be 1 or 3, was 2");
    }
}
