package dev.ferry.producer.internal.sender;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.common.ConfigException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** client.dns.lookup=resolve_canonical_bootstrap_servers_only, as kafka-clients' ClientUtils expands bootstrap.servers. */
class CanonicalBootstrapNamesTest {
    @Test
    void eachBootstrapHostBecomesTheCanonicalNamesOfItsAddresses() throws Exception {
        List<String> expected = java.util.Arrays.stream(InetAddress.getAllByName("localhost"))
                .map(InetAddress::getCanonicalHostName)
                .toList();

        List<InetSocketAddress> names =
                SenderSettings.canonicalNames(List.of(InetSocketAddress.createUnresolved("localhost", 9092)));

        assertThat(names).extracting(InetSocketAddress::getHostString).containsExactlyElementsOf(expected);
        assertThat(names).extracting(InetSocketAddress::getPort).containsOnly(9092);
        assertThat(names).allMatch(InetSocketAddress::isUnresolved);
    }

    @Test
    void aHostThatDoesNotResolveIsLeftOut() {
        List<InetSocketAddress> names = SenderSettings.canonicalNames(List.of(
                InetSocketAddress.createUnresolved("no-such-host.invalid", 9092),
                InetSocketAddress.createUnresolved("localhost", 9093)));

        assertThat(names).isNotEmpty().extracting(InetSocketAddress::getPort).containsOnly(9093);
    }

    @Test
    void noHostResolvingIsAConfigError() {
        assertThatThrownBy(() -> SenderSettings.canonicalNames(
                        List.of(InetSocketAddress.createUnresolved("no-such-host.invalid", 9092))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("bootstrap.servers")
                .hasMessageContaining("no-such-host.invalid:9092")
                .hasMessageContaining("no host resolves");
    }
}
