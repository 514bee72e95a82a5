package dev.ferry.examples.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.ferry.examples.internal.SampleOrders;
import dev.ferry.registry.SchemaRegistryException;
import dev.ferry.schemas.avro.OrderEvent;
import dev.ferry.schemas.avro.OrdersTopic;
import dev.ferry.testkit.junit.EmbeddedKafka;
import dev.ferry.testkit.junit.ReadRecord;
import dev.ferry.testkit.junit.RegistryEndpoint;
import dev.ferry.testkit.junit.WireMockSchemaRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A user's test of the quickstart's generated {@code OrdersTopic}, written from the README's "Testing
 * your application" alone: typed orders sent end to end and read back typed, the subject registered
 * once, then a registry outage and what the application sees.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OrdersTopicAppIT {

    static final Duration TIMEOUT = Duration.ofSeconds(30);
    static final String SUBJECT = OrdersTopic.TOPIC + "-value";

    @RegisterExtension
    static WireMockSchemaRegistry registry = new WireMockSchemaRegistry();

    @RegisterExtension
    static EmbeddedKafka kafka = EmbeddedKafka.builder()
            .topic(OrdersTopic.TOPIC, 3)
            .registry(registry)
            .build();

    @Test
    @Order(1)
    void ordersGoEndToEndTypedAndTheSchemaIsRegisteredOnce() {
        List<OrderEvent> sent =
                IntStream.range(0, 20).mapToObj(SampleOrders::avro).toList();

        try (OrdersTopic orders = OrdersTopic.bind(kafka.producerProperties())) {
            sent.forEach(order -> orders.send(order).join());
        }

        assertThat(kafka.readValues(OrdersTopic.TOPIC, OrderEvent.class, 20, TIMEOUT))
                .containsExactlyInAnyOrderElementsOf(sent);
        List<ReadRecord<OrderEvent>> records = kafka.readRecords(OrdersTopic.TOPIC, OrderEvent.class, 20, TIMEOUT);
        assertThat(records).allSatisfy(record -> assertThat(record.key())
                .isEqualTo(record.value().getOrderId()));
        assertThat(records).extracting(ReadRecord::partition).containsAnyOf(0, 1, 2);
        assertThat(registry.versions(SUBJECT)).hasSize(1);
        assertThat(registry.requestCount(RegistryEndpoint.REGISTER, SUBJECT)).isEqualTo(1);
    }

    @Test
    @Order(2)
    void duringARegistryOutageARunningAppKeepsSendingAndAStartingOneFails() {
        OrderEvent before = SampleOrders.avro(100);
        OrderEvent during = SampleOrders.avro(101);
        try (OrdersTopic running = OrdersTopic.bind(kafka.producerProperties())) {
            running.send(before).join(); // registers (or finds) the schema, then caches its id

            registry.down();

            running.send(during).join(); // the cached id needs no registry
            Map<String, Object> properties = kafka.producerProperties();
            properties.put("max.retries", "1");
            properties.put("retries.wait.ms", "10");
            try (OrdersTopic starting = OrdersTopic.bind(properties)) {
                Throwable failure = catchThrowable(
                        () -> starting.send(SampleOrders.avro(102)).join());

                SchemaRegistryException cause = findCause(failure, SchemaRegistryException.class);
                assertThat(cause)
                        .as("what a freshly started app sees: %s", failure)
                        .isNotNull();
                assertThat(cause.isRetriable()).isTrue();
                assertThat(cause.getMessage()).contains(SUBJECT);
                assertThat(registry.requestCount(RegistryEndpoint.REGISTER, SUBJECT))
                        .isEqualTo(1 + 2);
            }
        } finally {
            registry.heal();
        }

        // the topic holds the 20 orders of the first test, then these two
        List<String> read = kafka.readValues(OrdersTopic.TOPIC, OrderEvent.class, 22, TIMEOUT).stream()
                .map(OrderEvent::getOrderId)
                .toList();
        assertThat(read).contains(before.getOrderId(), during.getOrderId());
        assertThat(registry.versions(SUBJECT)).hasSize(1);
    }

    private static <T extends Throwable> T findCause(Throwable failure, Class<T> type) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return type.cast(cause);
            }
        }
        return null;
    }
}
