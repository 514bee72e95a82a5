package dev.ferry.examples.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.examples.internal.SampleOrders;
import dev.ferry.registry.RegisteredSchema;
import dev.ferry.registry.SchemaReference;
import dev.ferry.schemas.proto.OrderEvent;
import dev.ferry.schemas.proto.OrdersTopic;
import dev.ferry.testkit.junit.EmbeddedKafka;
import dev.ferry.testkit.junit.ReadRecord;
import dev.ferry.testkit.junit.RegistryEndpoint;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A user's test of the Protobuf {@code OrdersTopic}, from the README's "Testing your application": one
 * field gives a broker and a registry wired to it; the schema is preloaded from the application's
 * {@code .proto} sources, the way an operator registers it before deploying, and the application,
 * which does not register schemas itself, finds that very version.
 */
class ProtobufOrdersAppIT {

    static final Duration TIMEOUT = Duration.ofSeconds(30);
    static final String SUBJECT = OrdersTopic.TOPIC + "-value";
    /** This reactor keeps the application's .proto files in the schemas module. */
    static final Path PROTO_SOURCES = Path.of("..", "schemas", "src", "main", "proto");

    @RegisterExtension
    static EmbeddedKafka kafka =
            EmbeddedKafka.builder().topic(OrdersTopic.TOPIC, 3).withRegistry().build();

    @Test
    void anAppThatDoesNotRegisterSendsWithThePreloadedSchemaAndReadsBackTyped() {
        RegisteredSchema preloaded = kafka.registry()
                .registerValueSchema(OrdersTopic.TOPIC, PROTO_SOURCES.resolve("ferry/schemas/order_event.proto"));
        assertThat(preloaded.schema().references())
                .extracting(SchemaReference::name)
                .contains("ferry/schemas/money.proto", "ferry/schemas/customer.proto");
        kafka.registry().resetRequests();

        List<OrderEvent> sent =
                IntStream.range(0, 10).mapToObj(SampleOrders::protobuf).toList();
        Map<String, Object> properties = kafka.producerProperties();
        properties.put("auto.register.schemas", "false");
        try (OrdersTopic orders = OrdersTopic.bind(properties)) {
            sent.forEach(order -> orders.send(order).join());
        }

        List<ReadRecord<OrderEvent>> read = kafka.readRecords(OrdersTopic.TOPIC, OrderEvent.class, 10, TIMEOUT);
        assertThat(read).extracting(ReadRecord::value).containsExactlyInAnyOrderElementsOf(sent);
        assertThat(read).allSatisfy(record -> assertThat(record.key())
                .isEqualTo(record.value().getOrderId()));
        assertThat(kafka.registry().versions(SUBJECT)).containsExactly(preloaded);
        assertThat(kafka.registry().requestCount(RegistryEndpoint.REGISTER)).isZero();
        assertThat(kafka.registry().requestCount(RegistryEndpoint.LOOKUP, SUBJECT))
                .isEqualTo(1);
    }
}
