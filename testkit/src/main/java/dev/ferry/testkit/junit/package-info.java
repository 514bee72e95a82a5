/**
 * Test kit for applications that use Ferry: {@link dev.ferry.testkit.junit.WireMockSchemaRegistry}, a
 * Confluent Schema Registry served by WireMock with Ferry's compatibility rules behind it and faults
 * to switch on, and {@link dev.ferry.testkit.junit.EmbeddedKafka}, a real Kafka broker shared by the
 * test classes of a JVM, with typed read-back through Ferry's deserializers. Both are JUnit 5
 * extensions ({@code @RegisterExtension}) and plain {@code start()}/{@code close()} objects.
 *
 * <pre>{@code
 * @RegisterExtension static WireMockSchemaRegistry registry = new WireMockSchemaRegistry();
 * @RegisterExtension static EmbeddedKafka kafka =
 *         EmbeddedKafka.builder().topic(OrdersTopic.TOPIC, 3).registry(registry).build();
 * }</pre>
 *
 * <p>Everything under {@code dev.ferry.testkit.junit.internal} may change without notice.
 */
package dev.ferry.testkit.junit;
