package dev.ferry.testkit.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.producer.FerryProducer;
import dev.ferry.producer.Producer;
import dev.ferry.producer.ProducerConfig;
import dev.ferry.producer.ProducerRecord;
import dev.ferry.producer.StringSerializer;
import dev.ferry.producer.TimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class IsolatedBrokerFaultsTest {

    @RegisterExtension
    static EmbeddedKafka kafka =
            EmbeddedKafka.builder().proxied().topic("faults").build();

    @Test
    void blackHoleFailsDeliveryUntilLifted() {
        Map<String, Object> properties = kafka.producerProperties();
        properties.put("delivery.timeout.ms", "3000");
        properties.put("request.timeout.ms", "1000");
        properties.put("linger.ms", "0");
        try (Producer<String, String> producer = FerryProducer.<String, String>builder(
                        ProducerConfig.fromProperties(properties))
                .keySerializer(new StringSerializer())
                .valueSerializer(new StringSerializer())
                .build()) {
            producer.send(new ProducerRecord<>("faults", "k", "before")).join();

            kafka.blackHole(true);
            var lost = producer.send(new ProducerRecord<>("faults", "k", "during"));
            assertThat(lost)
                    .failsWithin(Duration.ofSeconds(20))
                    .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                    .withCauseInstanceOf(TimeoutException.class);

            kafka.blackHole(false);
            long afterOffset = producer.send(new ProducerRecord<>("faults", "k", "after"))
                    .join()
                    .offset();

            // "during" timed out for the producer, but the proxy held its bytes and forwards them once
            // the black hole ends: whether it was written is unknown to the app, as on a real network.
            List<String> read = kafka.readValues("faults", String.class, (int) afterOffset + 1, Duration.ofSeconds(30));
            assertThat(read).startsWith("before").endsWith("after").hasSizeBetween(2, 3);
        } catch (CompletionException e) {
            throw new AssertionError("a send outside the black hole failed", e);
        }
        assertThat(kafka.bootstrapServers()).isNotEqualTo(EmbeddedKafkaSharedProbe.sharedBootstrap());
    }
}
