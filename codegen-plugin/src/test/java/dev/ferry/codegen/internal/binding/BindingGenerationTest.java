package dev.ferry.codegen.internal.binding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Message;
import dev.ferry.codegen.TopicBinding;
import dev.ferry.codegen.internal.CodegenFailure;
import dev.ferry.codegen.internal.avro.AvroBackend;
import dev.ferry.codegen.internal.avro.AvroOptions;
import dev.ferry.codegen.internal.generate.GenerateRequest;
import dev.ferry.codegen.internal.generate.GenerateResult;
import dev.ferry.codegen.internal.generate.SchemaGenerator;
import dev.ferry.codegen.internal.protobuf.ProtobufBackend;
import dev.ferry.codegen.internal.protobuf.ProtobufOptions;
import dev.ferry.codegen.testing.JavaSources;
import dev.ferry.codegen.testing.TestProtoc;
import dev.ferry.common.Deserializer;
import dev.ferry.common.Headers;
import dev.ferry.common.Serializer;
import dev.ferry.producer.Producer;
import dev.ferry.producer.ProducerRecord;
import dev.ferry.registry.SchemaRegistryClient;
import dev.ferry.registry.SchemaRegistryClients;
import dev.ferry.serdes.RecordNameStrategy;
import dev.ferry.serdes.SerdeConfig;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Topic bindings from real schemas: generated with Avro's compiler and the real protoc, compiled
 * with javac (-Xlint:all, no warnings), then loaded and driven through a recording producer and the
 * real serdes over an in-memory registry.
 */
class BindingGenerationTest {
    private static final FileTime LONG_AGO = FileTime.from(Instant.parse("2020-01-01T00:00:00Z"));

    @TempDir
    Path dir;

    private Path avro;
    private Path proto;
    private Path out;
    private Path protoc;
    private final List<URLClassLoader> loaders = new ArrayList<>();

    @BeforeEach
    void schemas() throws Exception {
        avro = Files.createDirectories(dir.resolve("avro"));
        proto = Files.createDirectories(dir.resolve("proto/shop"));
        out = dir.resolve("generated");
        Files.writeString(avro.resolve("customer.avsc"), """
        {"type": "record", "name": "Customer", "namespace": "shop",
         "fields": [{"name": "id", "type": "string"}, {"name": "tier", "type": "int"}]}""");
        Files.writeString(avro.resolve("order.avsc"), """
        {"type": "record", "name": "OrderEvent", "namespace": "shop", "fields": [
          {"name": "orderId", "type": "string"},
          {"name": "customer", "type": "Customer"},
          {"name": "region", "type": {"type": "enum", "name": "Region", "symbols": ["EU", "US"]}},
          {"name": "sequence", "type": "long"},
          {"name": "payload", "type": "bytes"},
          {"name": "paid", "type": "boolean"},
          {"name": "note", "type": ["null", "string"], "default": null},
          {"name": "tags", "type": {"type": "array", "items": "string"}}]}""");
        Files.writeString(avro.resolve("payment.avsc"), """
        {"type": "record", "name": "PaymentEvent", "namespace": "shop",
         "fields": [{"name": "paymentId", "type": "string"}]}""");
        Files.writeString(proto.resolve("shipment.proto"), """
        syntax = "proto3";
        package shop.proto;
        option java_package = "it.shop.proto";
        message Shipment {
          string shipment_id = 1;
          int64 seq = 2;
          Address address = 3;
          bool express = 4;
          repeated string parcels = 5;
          message Address { string city = 1; }
        }
        """);
        protoc = TestProtoc.install(dir.resolve("bin"));
    }

    @AfterEach
    void closeLoaders() throws Exception {
        for (URLClassLoader loader : loaders) {
            loader.close();
        }
    }

    @Test
    void bindingsCompileWithoutWarningsAndSendTypedValuesKeyedByTheirField() throws Exception {
        GenerateResult result = generate(List.of(
                new TopicBinding("orders", "shop.OrderEvent", "orderId", null, null),
                new TopicBinding("order-events.v2", "shop.OrderEvent", "customer", null, null),
                new TopicBinding("payments", "shop.PaymentEvent", null, "long", "shop.topics.PaymentsTopic"),
                new TopicBinding("shipments", "shop.proto.Shipment", "shipment_id", null, null),
                new TopicBinding(
                        "audit", "it.shop.proto.ShipmentOuterClass.Shipment", null, null, "it.shop.AuditTopic"),
                new TopicBinding("addresses", "shop.proto.Shipment.Address", "city", null, null)));

        assertThat(result.bindings()).isEqualTo(6);
        assertThat(out.resolve("shop/OrdersTopic.java")).exists();
        assertThat(out.resolve("shop/OrderEventsV2Topic.java")).exists();
        assertThat(out.resolve("shop/topics/PaymentsTopic.java")).exists();
        assertThat(out.resolve("it/shop/proto/ShipmentsTopic.java")).exists();
        assertThat(out.resolve("it/shop/AuditTopic.java")).exists();
        assertThat(out.resolve("it/shop/proto/AddressesTopic.java")).exists();
        JavaSources.Compilation compilation = JavaSources.compile(List.of(out), dir.resolve("classes"), List.of());
        assertThat(compilation.success()).as("javac: %s", compilation.errors()).isTrue();
        assertThat(compilation.warnings())
                .as("warnings in bindings")
                .filteredOn(w -> w.contains("Topic.java"))
                .isEmpty();

        ClassLoader loader = loader(dir.resolve("classes"));
        Object order = avroOrder(loader, "o-17");
        List<ProducerRecord<?, ?>> sent = new ArrayList<>();
        Object orders = bind(loader, "shop.OrdersTopic", recording(sent));
        invoke(orders, "send", order);
        Object byCustomer = bind(loader, "shop.OrderEventsV2Topic", recording(sent));
        invoke(byCustomer, "send", order);

        assertThat(sent).hasSize(2);
        assertThat(sent.get(0).topic()).isEqualTo("orders");
        assertThat(sent.get(0).key()).isEqualTo("o-17");
        assertThat(sent.get(0).value()).isSameAs(order);
        assertThat(sent.get(1).topic()).isEqualTo("order-events.v2");
        assertThat(sent.get(1).key()).isSameAs(invoke(order, "getCustomer"));
        assertThat(invoke(orders, "subject")).isEqualTo("orders-value");
        assertThat(invoke(byCustomer, "keySubject")).isEqualTo("order-events.v2-key");
    }

    @Test
    void theKeyOfAProtobufValueIsReadFromItsFieldAndNestedMessagesBind() throws Exception {
        generate(List.of(
                new TopicBinding("shipments", "shop.proto.Shipment", "shipment_id", null, null),
                new TopicBinding("addresses", "shop.proto.Shipment.Address", "city", null, null)));
        compileOrFail();
        ClassLoader loader = loader(dir.resolve("classes"));
        Class<?> shipmentClass = loader.loadClass("it.shop.proto.ShipmentOuterClass$Shipment");
        Message shipment = ((Message.Builder)
                        shipmentClass.getMethod("newBuilder").invoke(null))
                .setField(field(shipmentClass, "shipment_id"), "s-9")
                .build();
        List<ProducerRecord<?, ?>> sent = new ArrayList<>();

        Object shipments = bind(loader, "it.shop.proto.ShipmentsTopic", recording(sent));
        invoke(shipments, "send", shipment);

        assertThat(sent.get(0).key()).isEqualTo("s-9");
        assertThat(invoke(shipments, "subject")).isEqualTo("shipments-value");
        Object withRecordNames = bind(
                loader,
                "it.shop.proto.ShipmentsTopic",
                recording(sent),
                SerdeConfig.builder()
                        .valueSubjectNameStrategy(new RecordNameStrategy())
                        .build());
        assertThat(invoke(withRecordNames, "subject")).isEqualTo("shop.proto.Shipment");
        assertThat(loader.loadClass("it.shop.proto.AddressesTopic")
                        .getMethod("key", loader.loadClass("it.shop.proto.ShipmentOuterClass$Shipment$Address")))
                .isNotNull();
    }

    @Test
    @SuppressWarnings("unchecked")
    void theBindingsSerdesRoundTripThroughTheRegistry() throws Exception {
        generate(List.of(
                new TopicBinding("orders", "shop.OrderEvent", "orderId", null, null),
                new TopicBinding("payments", "shop.PaymentEvent", null, "long", "shop.topics.PaymentsTopic")));
        compileOrFail();
        ClassLoader loader = loader(dir.resolve("classes"));
        Object order = avroOrder(loader, "o-18");
        Class<?> orders = loader.loadClass("shop.OrdersTopic");
        Class<?> payments = loader.loadClass("shop.topics.PaymentsTopic");
        String scope = "bindings-" + System.nanoTime();
        try (SchemaRegistryClient registry =
                SchemaRegistryClients.create(Map.of("schema.registry.url", "mock://" + scope))) {
            Serializer<Object> values = (Serializer<Object>)
                    orders.getMethod("valueSerializer", SchemaRegistryClient.class, SerdeConfig.class)
                            .invoke(null, registry, SerdeConfig.defaults());
            Deserializer<Object> reader = (Deserializer<Object>)
                    orders.getMethod("valueDeserializer", SchemaRegistryClient.class, SerdeConfig.class)
                            .invoke(null, registry, SerdeConfig.defaults());
            Serializer<Long> keys =
                    (Serializer<Long>) payments.getMethod("keySerializer").invoke(null);
            Deserializer<Long> keyReader =
                    (Deserializer<Long>) payments.getMethod("keyDeserializer").invoke(null);

            byte[] frame = values.serialize("orders", new Headers(), order);
            // Avro finds generated classes through the context class loader.
            Thread.currentThread().setContextClassLoader(loader);
            Object back = reader.deserialize("orders", new Headers(), frame);

            assertThat(back).isEqualTo(order).isInstanceOf(order.getClass());
            assertThat(registry.latest("orders-value").schema().text()).contains("OrderEvent");
            assertThat(keyReader.deserialize("payments", new Headers(), keys.serialize("payments", new Headers(), 42L)))
                    .isEqualTo(42L);
            assertThatThrownBy(() -> keyReader.deserialize("payments", new Headers(), new byte[3]))
                    .hasMessageContaining("topic 'payments'")
                    .hasMessageContaining("has 3");
        } finally {
            Thread.currentThread().setContextClassLoader(getClass().getClassLoader());
            SchemaRegistryClients.dropMockScope(scope);
        }
    }

    @Test
    void sendingAValueOfAnotherTypeDoesNotCompile() throws Exception {
        generate(List.of(
                new TopicBinding("orders", "shop.OrderEvent", "orderId", null, null),
                new TopicBinding("payments", "shop.PaymentEvent", null, "long", "shop.topics.PaymentsTopic")));
        Path wrong = Files.createDirectories(dir.resolve("wrong/shop"));
        Files.writeString(wrong.resolve("Wrong.java"), """
        package shop;

        class Wrong {
          static void send(OrdersTopic orders, shop.topics.PaymentsTopic payments, PaymentEvent payment, OrderEvent order) {
            orders.send(payment);
            payments.send("not-a-long", payment);
          }
        }
        """);

        JavaSources.Compilation compilation =
                JavaSources.compile(List.of(out, dir.resolve("wrong")), dir.resolve("classes"), List.of());

        assertThat(compilation.success()).isFalse();
        assertThat(compilation.errors()).anySatisfy(e -> assertThat(e)
                .startsWith("Wrong.java:5: ")
                .contains("incompatible types: shop.PaymentEvent cannot be converted to shop.OrderEvent"));
        assertThat(compilation.errors()).anySatisfy(e -> assertThat(e)
                .startsWith("Wrong.java:6: ")
                .contains("incompatible types: java.lang.String cannot be converted to java.lang.Long"));
    }

    @Test
    void typesCompiledElsewhereBindFromTheClasspath() throws Exception {
        generate(List.of());
        compileOrFail();
        Path schemaJar = dir.resolve("classes");
        Path bindingsOut = dir.resolve("bindings-generated");
        URLClassLoader projectLoader = loader(schemaJar);
        BindingRequest bindings = new BindingRequest(
                TopicSpecs.validate(List.of(
                        new TopicBinding("orders", "shop.OrderEvent", "orderId", null, null),
                        new TopicBinding("order-region", "shop.OrderEvent", "region", null, "app.OrderRegionTopic"),
                        new TopicBinding(
                                "shipments",
                                "it.shop.proto.ShipmentOuterClass.Shipment",
                                "shipment_id",
                                null,
                                "app.ShipmentsTopic"),
                        new TopicBinding(
                                "seq", "it.shop.proto.ShipmentOuterClass.Shipment", "seq", null, "app.SeqTopic"))),
                new ClasspathTypes(projectLoader),
                schemaJar.toString());

        GenerateResult result = new SchemaGenerator(List.of(), bindings)
                .generate(new GenerateRequest(
                        bindingsOut, dir.resolve("ferry2/state.json"), dir.resolve("ferry2/work"), "test"));

        assertThat(result.bindings()).isEqualTo(4);
        JavaSources.Compilation compilation =
                JavaSources.compile(List.of(bindingsOut), dir.resolve("app-classes"), List.of(schemaJar));
        assertThat(compilation.success()).as("javac: %s", compilation.errors()).isTrue();
        ClassLoader app =
                new URLClassLoader(new URL[] {dir.resolve("app-classes").toUri().toURL()}, projectLoader);
        Object order = avroOrder(projectLoader, "o-19");
        assertThat(app.loadClass("shop.OrdersTopic")
                        .getMethod("key", order.getClass())
                        .invoke(null, order))
                .isEqualTo("o-19");
        assertThat(app.loadClass("app.OrderRegionTopic")
                        .getMethod("key", order.getClass())
                        .invoke(null, order))
                .isEqualTo("EU");
        assertThat(app.loadClass("app.SeqTopic")
                        .getMethod("key", projectLoader.loadClass("it.shop.proto.ShipmentOuterClass$Shipment"))
                        .getReturnType())
                .isEqualTo(Long.class);
    }

    @Test
    void aSecondRunIsUpToDateAndAnUnrelatedSchemaChangeRewritesNoBinding() throws Exception {
        List<TopicBinding> topics = List.of(new TopicBinding("orders", "shop.OrderEvent", "orderId", null, null));
        generate(topics);
        Files.setLastModifiedTime(out.resolve("shop/OrdersTopic.java"), LONG_AGO);

        GenerateResult second = generate(topics);
        Files.writeString(avro.resolve("payment.avsc"), """
        {"type": "record", "name": "PaymentEvent", "namespace": "shop",
         "fields": [{"name": "paymentId", "type": "string"}, {"name": "amount", "type": "long", "default": 0}]}""");
        GenerateResult third = generate(topics);

        assertThat(second.status()).isEqualTo(GenerateResult.Status.UP_TO_DATE);
        assertThat(third.changed()).isEqualTo(1);
        assertThat(third.bindings()).isEqualTo(1);
        assertThat(third.written()).as("only PaymentEvent.java").isEqualTo(1);
        assertThat(Files.getLastModifiedTime(out.resolve("shop/OrdersTopic.java")))
                .isEqualTo(LONG_AGO);
    }

    @Test
    void changingTheBindingsAloneRegeneratesThemAndRemovesTheOnesDropped() throws Exception {
        generate(List.of(
                new TopicBinding("orders", "shop.OrderEvent", "orderId", null, null),
                new TopicBinding("payments", "shop.PaymentEvent", null, null, null)));

        GenerateResult renamed =
                generate(List.of(new TopicBinding("orders", "shop.OrderEvent", "sequence", null, null)));
        String source = Files.readString(out.resolve("shop/OrdersTopic.java"));
        GenerateResult none = generate(List.of());

        assertThat(renamed.status()).isEqualTo(GenerateResult.Status.GENERATED);
        assertThat(renamed.changed()).isZero();
        assertThat(renamed.removed()).isEqualTo(1);
        assertThat(source).contains("public static java.lang.Long key(shop.OrderEvent value)");
        assertThat(out.resolve("shop/PaymentsTopic.java")).doesNotExist();
        assertThat(none.removed()).isEqualTo(1);
        assertThat(out.resolve("shop/OrdersTopic.java")).doesNotExist();
        assertThat(out.resolve("shop/OrderEvent.java")).exists();
    }

    @Test
    void aDeletedBindingIsRegenerated() throws Exception {
        List<TopicBinding> topics = List.of(new TopicBinding("orders", "shop.OrderEvent", "orderId", null, null));
        generate(topics);
        Files.delete(out.resolve("shop/OrdersTopic.java"));

        GenerateResult result = generate(topics);

        assertThat(result.bindings()).isEqualTo(1);
        assertThat(out.resolve("shop/OrdersTopic.java")).exists();
    }

    @Test
    void unknownTypesAndFieldsAreNamedWithWhatExists() {
        assertThatThrownBy(() -> generate(List.of(new TopicBinding("orders", "shop.Order", null, null, null))))
                .isInstanceOf(CodegenFailure.class)
                .hasMessageStartingWith(
                        "topic 'orders': <valueType> is 'shop.Order', but no schema of this build defines it")
                .hasMessageContaining("shop.OrderEvent, shop.PaymentEvent");
        assertThatThrownBy(() -> generate(List.of(new TopicBinding("orders", "shop.OrderEvent", "id", null, null))))
                .hasMessage("topic 'orders': <keyField> is 'id', but shop.OrderEvent has no such field; its fields: "
                        + "orderId, customer, region, sequence, payload, paid, note, tags");
        assertThatThrownBy(() -> generate(List.of(new TopicBinding("orders", "shop.OrderEvent", "paid", null, null))))
                .hasMessageStartingWith(
                        "topic 'orders': <keyField> shop.OrderEvent.paid cannot be a key: it is of Avro type boolean");
        assertThatThrownBy(() ->
                        generate(List.of(new TopicBinding("shipments", "shop.proto.Shipment", "parcels", null, null))))
                .hasMessageStartingWith(
                        "topic 'shipments': <keyField> it.shop.proto.ShipmentOuterClass.Shipment.parcels"
                                + " cannot be a key: it is a repeated or map field");
        assertThatThrownBy(() -> generate(List.of(
                        new TopicBinding("orders", "shop.OrderEvent", null, null, null),
                        new TopicBinding("orders.", "shop.PaymentEvent", null, null, "shop.OrdersTopic"))))
                .hasMessage(
                        "topics 'orders' and 'orders.' would both generate shop.OrdersTopic: set <className> on one of them");
        assertThatThrownBy(() ->
                        generate(List.of(new TopicBinding("orders", "shop.OrderEvent", null, null, "shop.Customer"))))
                .hasMessage(
                        "topic 'orders': the binding class shop.Customer is also generated from a schema: set <className>"
                                + " to another name");
    }

    @Test
    void aFailedBindingInstallsNothing() throws Exception {
        assertThatThrownBy(() -> generate(List.of(new TopicBinding("orders", "shop.Nope", null, null, null))))
                .isInstanceOf(CodegenFailure.class);

        assertThat(out.resolve("shop/OrderEvent.java")).doesNotExist();
        assertThat(dir.resolve("ferry/state.json")).doesNotExist();
    }

    private GenerateResult generate(List<TopicBinding> topics) throws Exception {
        ProtobufOptions options =
                new ProtobufOptions("version:test", List.of(), List.of(protobufJar()), Duration.ofMinutes(2));
        BindingRequest bindings = new BindingRequest(
                TopicSpecs.validate(topics), new ClasspathTypes(getClass().getClassLoader()), "test");
        return new SchemaGenerator(
                        List.of(
                                new AvroBackend(
                                        avro, AvroOptions.defaults(), getClass().getClassLoader()),
                                new ProtobufBackend(
                                        dir.resolve("proto"), options, () -> protoc, dir.resolve("ferry/work"))),
                        bindings)
                .generate(new GenerateRequest(out, dir.resolve("ferry/state.json"), dir.resolve("ferry/work"), "test"));
    }

    private void compileOrFail() {
        JavaSources.Compilation compilation = JavaSources.compile(List.of(out), dir.resolve("classes"), List.of());
        assertThat(compilation.success()).as("javac: %s", compilation.errors()).isTrue();
    }

    private URLClassLoader loader(Path classes) throws Exception {
        URLClassLoader loader = new URLClassLoader(
                new URL[] {classes.toUri().toURL()}, getClass().getClassLoader());
        loaders.add(loader);
        return loader;
    }

    private static Path protobufJar() throws Exception {
        return Path.of(Message.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
    }

    private static Object avroOrder(ClassLoader loader, String id) throws Exception {
        Class<?> customer = loader.loadClass("shop.Customer");
        Object builder =
                loader.loadClass("shop.OrderEvent").getMethod("newBuilder").invoke(null);
        Class<?> region = loader.loadClass("shop.Region");
        builder = call(builder, "setOrderId", String.class, id);
        builder = call(
                builder,
                "setCustomer",
                customer,
                customer.getConstructor(String.class, Integer.class).newInstance("c-1", 2));
        builder = call(builder, "setRegion", region, region.getEnumConstants()[0]);
        builder = call(builder, "setSequence", long.class, 5L);
        builder = call(builder, "setPayload", java.nio.ByteBuffer.class, java.nio.ByteBuffer.wrap(new byte[] {1, 2}));
        builder = call(builder, "setPaid", boolean.class, true);
        builder = call(builder, "setTags", List.class, List.of("a"));
        return builder.getClass().getMethod("build").invoke(builder);
    }

    private static Object call(Object target, String method, Class<?> parameter, Object argument) throws Exception {
        return target.getClass().getMethod(method, parameter).invoke(target, argument);
    }

    private static com.google.protobuf.Descriptors.FieldDescriptor field(Class<?> message, String name)
            throws Exception {
        com.google.protobuf.Descriptors.Descriptor descriptor = (com.google.protobuf.Descriptors.Descriptor)
                message.getMethod("getDescriptor").invoke(null);
        return descriptor.findFieldByName(name);
    }

    /** A producer that records what it is asked to send, standing in for the broker. */
    @SuppressWarnings("unchecked")
    private static Producer<Object, Object> recording(List<ProducerRecord<?, ?>> sent) {
        return (Producer<Object, Object>) Proxy.newProxyInstance(
                BindingGenerationTest.class.getClassLoader(),
                new Class<?>[] {Producer.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("send")) {
                        sent.add((ProducerRecord<?, ?>) args[0]);
                        return CompletableFuture.completedFuture(null);
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    private static Object bind(ClassLoader loader, String binding, Producer<Object, Object> producer) throws Exception {
        return loader.loadClass(binding).getMethod("bind", Producer.class).invoke(null, producer);
    }

    private static Object bind(
            ClassLoader loader, String binding, Producer<Object, Object> producer, SerdeConfig config)
            throws Exception {
        return loader.loadClass(binding)
                .getMethod("bind", Producer.class, SerdeConfig.class)
                .invoke(null, producer, config);
    }

    private static Object invoke(Object target, String name, Object... args) throws Exception {
        for (Method method : target.getClass().getMethods()) {
            if (method.getName().equals(name) && method.getParameterCount() == args.length) {
                return method.invoke(target, args);
            }
        }
        throw new AssertionError("no method " + name + " on " + target.getClass());
    }
}
