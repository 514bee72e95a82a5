package dev.ferry.testkit.internal;

import dev.ferry.testkit.SecureListener;
import dev.ferry.testkit.TestCertificate;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * The broker side of a test cluster's secure listeners: certificates made by keytool, listener
 * properties, PLAIN users in the listeners' JAAS lines and SCRAM credentials written at format time.
 */
public final class SecuritySetup {
    public static final String PLAIN_MODULE = "org.apache.kafka.common.security.plain.PlainLoginModule";
    public static final String SCRAM_MODULE = "org.apache.kafka.common.security.scram.ScramLoginModule";
    public static final List<String> SCRAM_MECHANISMS = List.of("SCRAM-SHA-256", "SCRAM-SHA-512");

    private final Map<SecureListener, Integer> ports = new EnumMap<>(SecureListener.class);
    private final Map<String, String> users;
    private final TestCertificate broker;
    private final TestCertificate wrongHostBroker;
    private final TestCertificate client;

    private SecuritySetup(Set<SecureListener> listeners, Map<String, String> users, Path directory) {
        this.users = Map.copyOf(users);
        for (SecureListener listener : listeners) {
            ports.put(listener, FreePorts.next());
        }
        boolean tls = listeners.stream().anyMatch(SecureListener::usesTls);
        this.broker = tls ? TestCertificate.selfSigned(directory, "broker", "dns:localhost", "ip:127.0.0.1") : null;
        this.wrongHostBroker = listeners.contains(SecureListener.SSL_WRONG_HOST)
                ? TestCertificate.selfSigned(directory, "wrong-host-broker", "dns:wrong.host.invalid")
                : null;
        this.client = listeners.contains(SecureListener.MTLS) ? TestCertificate.selfSigned(directory, "client") : null;
    }

    /** Makes the certificates the listeners need; nothing when {@code listeners} is empty. */
    public static SecuritySetup create(Set<SecureListener> listeners, Map<String, String> users, Path directory) {
        return new SecuritySetup(listeners, users, directory);
    }

    public boolean isEmpty() {
        return ports.isEmpty();
    }

    public Integer port(SecureListener listener) {
        return ports.get(listener);
    }

    public TestCertificate brokerCertificate() {
        return broker;
    }

    public TestCertificate wrongHostBrokerCertificate() {
        return wrongHostBroker;
    }

    public TestCertificate clientCertificate() {
        return client;
    }

    /** Adds the secure listeners to a broker's properties, next to its PLAINTEXT and CONTROLLER listeners. */
    public void apply(Properties props) {
        if (ports.isEmpty()) {
            return;
        }
        StringBuilder listeners = new StringBuilder(props.getProperty("listeners"));
        StringBuilder advertised = new StringBuilder(props.getProperty("advertised.listeners"));
        StringBuilder protocols = new StringBuilder(props.getProperty("listener.security.protocol.map"));
        ports.forEach((listener, port) -> {
            listeners
                    .append(',')
                    .append(listener.name())
                    .append("://127.0.0.1:")
                    .append(port);
            advertised
                    .append(',')
                    .append(listener.name())
                    .append("://127.0.0.1:")
                    .append(port);
            protocols.append(',').append(listener.name()).append(':').append(listener.securityProtocol());
        });
        props.setProperty("listeners", listeners.toString());
        props.setProperty("advertised.listeners", advertised.toString());
        props.setProperty("listener.security.protocol.map", protocols.toString());
        if (broker != null) {
            keyStore(props, "", broker);
        }
        if (wrongHostBroker != null) {
            keyStore(props, "listener.name.ssl_wrong_host.", wrongHostBroker);
        }
        if (client != null) {
            props.setProperty("listener.name.mtls.ssl.client.auth", "required");
            props.setProperty(
                    "listener.name.mtls.ssl.truststore.location",
                    client.certificateFile().toString());
            props.setProperty("listener.name.mtls.ssl.truststore.type", "PEM");
        }
        if (ports.keySet().stream().anyMatch(SecureListener::usesSasl)) {
            props.setProperty("sasl.enabled.mechanisms", "PLAIN," + String.join(",", SCRAM_MECHANISMS));
            for (SecureListener listener : ports.keySet()) {
                if (listener.usesSasl()) {
                    saslListener(props, "listener.name." + listener.name().toLowerCase(Locale.ROOT) + ".");
                }
            }
        }
    }

    private static void keyStore(Properties props, String prefix, TestCertificate certificate) {
        props.setProperty(
                prefix + "ssl.keystore.location", certificate.keyStore().toString());
        props.setProperty(prefix + "ssl.keystore.type", "PKCS12");
        props.setProperty(prefix + "ssl.keystore.password", certificate.password());
        props.setProperty(prefix + "ssl.key.password", certificate.password());
    }

    private void saslListener(Properties props, String prefix) {
        StringBuilder plain = new StringBuilder(PLAIN_MODULE).append(" required");
        users.forEach((user, password) -> plain.append(" user_")
                .append(user)
                .append("=\"")
                .append(password)
                .append('"'));
        props.setProperty(prefix + "plain.sasl.jaas.config", plain.append(';').toString());
        for (String mechanism : SCRAM_MECHANISMS) {
            props.setProperty(
                    prefix + mechanism.toLowerCase(Locale.ROOT) + ".sasl.jaas.config", SCRAM_MODULE + " required;");
        }
    }

    /** The storage tool's {@code --add-scram} arguments: every user under both SCRAM mechanisms. */
    public List<String> formatArguments() {
        List<String> arguments = new ArrayList<>();
        if (ports.keySet().stream().anyMatch(SecureListener::usesSasl)) {
            users.forEach((user, password) -> SCRAM_MECHANISMS.forEach(mechanism -> {
                arguments.add("--add-scram");
                arguments.add(mechanism + "=[name=" + user + ",password=" + password + "]");
            }));
        }
        return arguments;
    }
}
