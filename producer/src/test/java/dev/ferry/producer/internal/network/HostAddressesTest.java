package dev.ferry.producer.internal.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** client.dns.lookup=use_all_dns_ips, as kafka-clients' ClusterConnectionStates walks a host's addresses. */
class HostAddressesTest {
    private final List<InetAddress[]> answers = new ArrayList<>();
    private int resolutions;
    private final HostAddresses host = new HostAddresses("broker.test", 9092, name -> {
        resolutions++;
        return answers.size() > 1 ? answers.remove(0) : answers.get(0);
    });

    @Test
    void eachAttemptTakesTheNextAddressAndAllTriedResolvesAgain() throws Exception {
        answers.add(ips("10.0.0.1", "10.0.0.2", "10.0.0.3"));

        assertThat(attempts(4)).containsExactly("10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.1");
        assertThat(resolutions).as("once at first, again when all were tried").isEqualTo(2);
    }

    @Test
    void aConnectionThatWasUpEndingResolvesAgainAndDoesNotStartWithTheSameAddress() throws Exception {
        answers.add(ips("10.0.0.1", "10.0.0.2"));
        assertThat(attempts(1)).containsExactly("10.0.0.1");

        host.forget();

        assertThat(attempts(1)).containsExactly("10.0.0.2");
        assertThat(resolutions).isEqualTo(2);
    }

    @Test
    void aSingleAddressIsTriedAgainAndAgain() throws Exception {
        answers.add(ips("10.0.0.1"));

        assertThat(attempts(3)).containsExactly("10.0.0.1", "10.0.0.1", "10.0.0.1");
    }

    /** kafka-clients keeps the family of the first address: the system's preference. */
    @Test
    void onlyAddressesOfTheFirstOnesFamilyAreTried() throws Exception {
        answers.add(ips("10.0.0.1", "::1", "10.0.0.2"));

        assertThat(attempts(3)).containsExactly("10.0.0.1", "10.0.0.2", "10.0.0.1");
    }

    @Test
    void theHostNameIsKeptForTls() throws Exception {
        answers.add(ips("10.0.0.1"));

        assertThat(host.next().getHostString()).isEqualTo("broker.test");
        assertThat(host.isFor(InetSocketAddress.createUnresolved("broker.test", 9092)))
                .isTrue();
        assertThat(host.isFor(InetSocketAddress.createUnresolved("broker.test", 9093)))
                .isFalse();
    }

    @Test
    void aHostWithoutAddressesFailsNamingIt() {
        answers.add(new InetAddress[0]);

        assertThatThrownBy(host::next).isInstanceOf(UnknownHostException.class).hasMessageContaining("broker.test");
    }

    private List<String> attempts(int count) throws UnknownHostException {
        List<String> tried = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            tried.add(host.next().getAddress().getHostAddress().replace("0:0:0:0:0:0:0:1", "::1"));
        }
        return tried;
    }

    private static InetAddress[] ips(String... literals) throws UnknownHostException {
        InetAddress[] ips = new InetAddress[literals.length];
        for (int i = 0; i < literals.length; i++) {
            ips[i] = InetAddress.getByAddress(
                    "broker.test", InetAddress.getByName(literals[i]).getAddress());
        }
        return ips;
    }
}
