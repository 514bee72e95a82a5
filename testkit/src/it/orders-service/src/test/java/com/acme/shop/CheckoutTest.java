package com.acme.shop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.testkit.junit.EmbeddedKafka;
import dev.ferry.testkit.junit.RegistryEndpoint;
import dev.ferry.testkit.junit.WireMockSchemaRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class CheckoutTest {

    @RegisterExtension static WireMockSchemaRegistry registry = new WireMockSchemaRegistry();
    @RegisterExtension static EmbeddedKafka kafka =
            EmbeddedKafka.builder().topic(OrdersTopic.TOPIC, 3).registry(registry).build();

    @Test void placedOrdersReachTheTopicTypedAndTheSchemaIsRegisteredOnce() {
        try (OrdersTopic orders = OrdersTopic.bind(kafka.producerProperties())) {
            Checkout checkout = new Checkout(orders);
            OrderEvent first = checkout.place("o-1", "ada", 1250);
            OrderEvent second = checkout.place("o-2", "grace", 990);

            assertThat(kafka.readValues(OrdersTopic.TOPIC, OrderEvent.class, 2, Duration.ofSeconds(10)))
                    .containsExactlyInAnyOrder(first, second);
        }
        assertThat(registry.versions("orders-value")).hasSize(1);
        assertThat(registry.requestCount(RegistryEndpoint.REGISTER, "orders-value")).isEqualTo(1);
    }

    @Test void aSchemaTheRegistryRefusesStopsTheFirstSend() {
        registry.rejectAsIncompatible("orders-value");
        Map<String, Object> properties = kafka.producerProperties();
        properties.put("max.retries", "0");
        try (OrdersTopic orders = OrdersTopic.bind(properties)) {
            assertThatThrownBy(() -> new Checkout(orders).place("o-3", "linus", 100)).hasStackTraceContaining("409");
        }
    }

    @Test void schemasArePreloadedFromTheSourcesOrFromTheGeneratedClass() throws IOException {
        Path source = Path.of("src/main/avro/order_event.avsc");
        registry.registerValueSchema("audit", source);                   // as written, as an operator registers it
        registry.registerValueSchema("orders-replay", OrderEvent.class);  // exactly what the app's serializer registers

        assertThat(new Schema.Parser().parse(registry.versions("audit-value").get(0).schema().text()))
                .isEqualTo(new Schema.Parser().parse(source.toFile()));
        assertThat(registry.versions("orders-replay-value").get(0).schema().text())
                .isEqualTo(OrderEvent.getClassSchema().toString());
    }
}
