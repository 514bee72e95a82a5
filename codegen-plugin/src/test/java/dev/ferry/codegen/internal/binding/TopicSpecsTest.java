package dev.ferry.codegen.internal.binding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.codegen.TopicBinding;
import dev.ferry.codegen.internal.CodegenFailure;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TopicSpecsTest {

    @Test
    void aFullBindingIsKeptAsConfigured() {
        List<TopicSpec> specs = TopicSpecs.validate(List.of(
                new TopicBinding(" orders ", "com.acme.OrderEvent", "orderId", null, null),
                new TopicBinding("payments", "com.acme.PaymentEvent", null, "Long", "com.acme.topics.Payments"),
                new TopicBinding("audit", "com.acme.Audit", null, "com.acme.AuditKey", null),
                new TopicBinding("clicks", "com.acme.Click", "", " ", null)));

        assertThat(specs)
                .containsExactly(
                        new TopicSpec(
                                "orders",
                                "com.acme.OrderEvent",
                                new KeySpec.Field("orderId"),
                                Optional.empty(),
                                "OrdersTopic"),
                        new TopicSpec(
                                "payments",
                                "com.acme.PaymentEvent",
                                new KeySpec.Primitive(KeyKind.LONG),
                                Optional.of("com.acme.topics.Payments"),
                                "Payments"),
                        new TopicSpec(
                                "audit",
                                "com.acme.Audit",
                                new KeySpec.Schema("com.acme.AuditKey"),
                                Optional.empty(),
                                "AuditTopic"),
                        new TopicSpec("clicks", "com.acme.Click", new KeySpec.None(), Optional.empty(), "ClicksTopic"));
    }

    @ParameterizedTest
    @CsvSource({
        "orders, OrdersTopic",
        "order-events.v2, OrderEventsV2Topic",
        "shop__orders, ShopOrdersTopic",
        "ORDERS, ORDERSTopic"
    })
    void theClassNameComesFromTheTopic(String topic, String className) {
        assertThat(TopicSpecs.derivedName(topic)).isEqualTo(className);
    }

    @ParameterizedTest
    @CsvSource({
        "string, STRING",
        "java.lang.String, STRING",
        "int, INT",
        "Integer, INT",
        "long, LONG",
        "bytes, BYTES",
        "byte[], BYTES"
    })
    void primitiveKeyTypes(String keyType, KeyKind kind) {
        TopicSpec spec = TopicSpecs.validate(List.of(new TopicBinding("t", "a.V", null, keyType, null)))
                .get(0);

        assertThat(spec.key()).isEqualTo(new KeySpec.Primitive(kind));
    }

    @Test
    void everyProblemIsReportedAtOnceNamingItsTopic() {
        List<TopicBinding> bindings = List.of(
                new TopicBinding(null, "a.B", null, null, null),
                new TopicBinding("orders", null, null, null, null),
                new TopicBinding("bad topic", "a.B", null, null, null),
                new TopicBinding("both", "a.B", "id", "string", null),
                new TopicBinding("orders", "a.B", null, null, null),
                new TopicBinding("2024", "a.B", null, null, null),
                new TopicBinding("named", "a.B", null, null, "com.acme.class.Topic"),
                new TopicBinding("keys", "a.B", "order-id", null, null),
                new TopicBinding("typed", "a.B", null, "Money", null),
                new TopicBinding("..", "a B", null, null, null),
                new TopicBinding("x".repeat(250), "a.B", null, null, null));

        assertThatThrownBy(() -> TopicSpecs.validate(bindings))
                .isInstanceOf(CodegenFailure.class)
                .hasMessage(String.join(
                        System.lineSeparator(),
                        "12 problems in <topics>:",
                        "topics[0]: <name> is missing: the Kafka topic, such as orders",
                        "topic 'orders': <valueType> is missing: name an Avro record or Protobuf message, such as com.acme.OrderEvent",
                        "topic 'bad topic': 'bad topic' is not a legal Kafka topic name: use only ASCII letters, digits, '.', '_' and '-'",
                        "topic 'both': <keyField> and <keyType> exclude each other: take the key from a field of the value, or give it"
                                + " with each record",
                        "topic 'orders': bound twice; bind each topic once",
                        "topic '2024': the topic name gives no Java class name ('2024Topic'): set <className>, such as"
                                + " com.acme.topics.OrdersTopic",
                        "topic 'named': <className> is 'com.acme.class.Topic': expected a fully qualified Java class name, such as"
                                + " com.acme.topics.OrdersTopic",
                        "topic 'keys': <keyField> is 'order-id': expected a field name of the value, such as orderId",
                        "topic 'typed': <keyType> is 'Money': expected string, int, long, bytes, or the full name of an Avro record"
                                + " or Protobuf message",
                        "topic '..': '..' is not a legal Kafka topic name",
                        "topic '..': <valueType> is 'a B': expected the full name of an Avro record or Protobuf message, such as"
                                + " com.acme.OrderEvent",
                        "topic '" + "x".repeat(250) + "': the name has 250 characters; Kafka allows at most 249"));
    }

    @Test
    void anEmptyTopicElementIsNamedByPosition() {
        List<TopicBinding> bindings = new java.util.ArrayList<>();
        bindings.add(null);

        assertThatThrownBy(() -> TopicSpecs.validate(bindings)).hasMessageEndingWith("topics[0]: empty <topic>");
    }
}
