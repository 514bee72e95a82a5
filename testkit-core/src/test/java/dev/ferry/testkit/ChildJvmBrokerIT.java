package dev.ferry.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.admin.FeatureMetadata;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

class ChildJvmBrokerIT {
    @AutoClose
    private static final KafkaCluster kafka =
            KafkaCluster.builder().childJvm().transactionVersion(1).start();

    @Test
    void sigkillAndRestartKeepEveryAcknowledgedRecord() throws Exception {
        kafka.createTopic("crash", 2, 1);
        Oracle.produce(kafka.bootstrapServers(), "crash", "before", 400);

        kafka.killBroker(1);
        kafka.startBroker(1);
        Oracle.produce(kafka.bootstrapServers(), "crash", "after", 400);

        List<String> expected = new ArrayList<>(Oracle.expectedValues("before", 400));
        expected.addAll(Oracle.expectedValues("after", 400));
        assertThat(Oracle.consumeValues(kafka.bootstrapServers(), "crash", 800))
                .containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void transactionVersionOneIsFormattedIn() throws Exception {
        FeatureMetadata features =
                kafka.admin().describeFeatures().featureMetadata().get();

        assertThat(features.finalizedFeatures().get("transaction.version").minVersionLevel())
                .isEqualTo((short) 1);
        assertThat(features.finalizedFeatures().get("transaction.version").maxVersionLevel())
                .isEqualTo((short) 1);
    }

    @Test
    void killingAStoppedBrokerIsRefused() {
        assertThatThrownBy(() -> kafka.killBroker(7))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no broker with id 7");
    }
}
