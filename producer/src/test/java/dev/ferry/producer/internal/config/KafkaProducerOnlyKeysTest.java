package dev.ferry.producer.internal.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.common.internal.config.KeyOwners;
import dev.ferry.common.testing.LogCapture;
import dev.ferry.producer.ProducerConfig;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Every setting kafka-clients' producer reads is one Ferry's producer implements, one another
 * component reads, or one it names as not implemented; and a properties file carrying one of the
 * last is told so, apart from the keys nobody reads.
 */
class KafkaProducerOnlyKeysTest {
    @Test
    void everyKafkaClientsProducerSettingIsImplementedOwnedOrNamedAsNotImplemented() {
        Set<String> unaccounted = new TreeSet<>();
        for (String key : org.apache.kafka.clients.producer.ProducerConfig.configNames()) {
            if (!ProducerSettings.KEYS.knows(key)
                    && !KafkaProducerOnlyKeys.contains(key)
                    && KeyOwners.ownerOf(key, ProducerSettings.KEYS).isEmpty()) {
                unaccounted.add(key);
            }
        }

        assertThat(unaccounted).isEmpty();
    }

    @Test
    void noSettingFerryImplementsIsNamedAsNotImplemented() {
        assertThat(ProducerSettings.KEYS.keys()).noneMatch(key -> KafkaProducerOnlyKeys.contains(key.name()));
    }

    @Test
    void aKafkaClientsSettingWithoutEffectIsSaidApartFromAnUnknownKey() {
        Map<String, Object> props = new HashMap<>();
        props.put("bootstrap.servers", "localhost:9092");
        props.put("metrics.num.samples", "2");
        props.put("sasl.login.refresh.buffer.seconds", "300");
        props.put("linger.mss", "5");

        String log;
        try (LogCapture capture = new LogCapture()) {
            ProducerConfig.fromProperties(props);
            log = capture.text();
        }

        List<String> warnings =
                log.lines().filter(line -> line.contains("WARN")).toList();
        assertThat(warnings).hasSize(2);
        assertThat(warnings).anySatisfy(line -> assertThat(line)
                .contains("kafka-clients producer settings [metrics.num.samples, "
                        + "sasl.login.refresh.buffer.seconds] are not implemented by Ferry's producer"));
        assertThat(warnings)
                .anySatisfy(line -> assertThat(line).contains("Unknown producer configuration keys [linger.mss]"));
    }
}
