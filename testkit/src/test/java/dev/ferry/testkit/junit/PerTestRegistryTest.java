package dev.ferry.testkit.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.registry.Schema;
import org.junit.jupiter.api.RepeatedTest;

/** An instance field gives every test a fresh registry: each repetition starts empty. */
class PerTestRegistryTest {

    @org.junit.jupiter.api.extension.RegisterExtension
    WireMockSchemaRegistry registry = new WireMockSchemaRegistry();

    @RepeatedTest(2)
    void startsEmptyForEveryTest() {
        assertThat(registry.subjects()).isEmpty();
        registry.register("fresh-value", Schema.avro(WireMockSchemaRegistryTest.V1));
        assertThat(registry.versions("fresh-value")).hasSize(1);
    }
}
