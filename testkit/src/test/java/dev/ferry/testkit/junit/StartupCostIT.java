package dev.ferry.testkit.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.registry.SchemaRegistryClient;
import dev.ferry.registry.SchemaRegistryClients;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Measures what the README's "Testing your application" reports: the registry's and the broker's
 * start, first in the JVM and warm. Run alone, so that "first" is first:
 * {@code ./mvnw -B verify -pl testkit -am -Dit.test=StartupCostIT -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class StartupCostIT {

    @Test
    void measuresFirstAndWarmStarts() {
        long t0 = System.nanoTime();
        WireMockSchemaRegistry first = new WireMockSchemaRegistry().start();
        long registryFirst = System.nanoTime() - t0;
        try (first;
                SchemaRegistryClient client = SchemaRegistryClients.create(first.clientProperties())) {
            assertThat(client.subjects()).isEmpty();
        }
        t0 = System.nanoTime();
        WireMockSchemaRegistry warm = new WireMockSchemaRegistry().start();
        long registryWarm = System.nanoTime() - t0;
        try (warm) {
            assertThat(warm.subjects()).isEmpty();
            t0 = System.nanoTime();
            EmbeddedKafka shared =
                    EmbeddedKafka.builder().topic("startup").build().start();
            long brokerFirst = System.nanoTime() - t0;
            t0 = System.nanoTime();
            EmbeddedKafka joined =
                    EmbeddedKafka.builder().topic("startup-2").build().start();
            long brokerJoin = System.nanoTime() - t0;
            t0 = System.nanoTime();
            try (EmbeddedKafka isolated =
                    EmbeddedKafka.builder().isolated().topic("startup").build().start()) {
                long brokerWarm = System.nanoTime() - t0;
                System.out.println(String.format(
                        Locale.ROOT,
                        "STARTUP registry first %.2f s, warm %.3f s; broker first %.2f s, second class joining the shared broker %.3f s, "
                                + "isolated broker in a warm JVM %.2f s",
                        registryFirst / 1e9,
                        registryWarm / 1e9,
                        brokerFirst / 1e9,
                        brokerJoin / 1e9,
                        brokerWarm / 1e9));
                assertThat(isolated.bootstrapServers()).isNotEqualTo(shared.bootstrapServers());
            }
            assertThat(joined.bootstrapServers()).isEqualTo(shared.bootstrapServers());
        } finally {
            EmbeddedKafka.stopSharedBrokers();
        }
    }
}
