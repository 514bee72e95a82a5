package dev.ferry.testkit.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The nodes of a test cluster and their configuration: one combined broker+controller, or one
 * controller and N brokers, all on free loopback ports under one temporary directory.
 */
public final class ClusterLayout {
    public static final int CONTROLLER_ID = 100;

    private ClusterLayout() {}

    public static List<NodeSpec> plan(
            int brokers, boolean proxied, Path root, Map<String, String> extraBrokerProperties) {
        if (brokers == 1) {
            int controllerPort = FreePorts.next();
            String voters = "1@127.0.0.1:" + controllerPort;
            return List.of(
                    spec(1, NodeRole.COMBINED, ports(proxied), controllerPort, voters, 1, root, extraBrokerProperties));
        }
        int controllerPort = FreePorts.next();
        String voters = CONTROLLER_ID + "@127.0.0.1:" + controllerPort;
        List<NodeSpec> nodes = new ArrayList<>();
        nodes.add(spec(
                CONTROLLER_ID,
                NodeRole.CONTROLLER,
                new int[] {0, NodeSpec.NO_PROXY, 0},
                controllerPort,
                voters,
                brokers,
                root,
                Map.of()));
        for (int id = 1; id <= brokers; id++) {
            nodes.add(spec(
                    id, NodeRole.BROKER, ports(proxied), controllerPort, voters, brokers, root, extraBrokerProperties));
        }
        return List.copyOf(nodes);
    }

    /** Client port, proxy port and inter-broker port of a broker. */
    private static int[] ports(boolean proxied) {
        return proxied
                ? new int[] {FreePorts.next(), FreePorts.next(), FreePorts.next()}
                : new int[] {FreePorts.next(), NodeSpec.NO_PROXY, 0};
    }

    private static NodeSpec spec(
            int id,
            NodeRole role,
            int[] ports,
            int controllerPort,
            String voters,
            int brokers,
            Path root,
            Map<String, String> extra) {
        int brokerPort = ports[0];
        int proxyPort = ports[1];
        int internalPort = ports[2];
        Path logDir = root.resolve("node-" + id).resolve("data");
        Properties props = new Properties();
        props.setProperty("process.roles", role.processRoles());
        props.setProperty("node.id", Integer.toString(id));
        props.setProperty("controller.quorum.voters", voters);
        props.setProperty("controller.listener.names", "CONTROLLER");
        props.setProperty(
                "listener.security.protocol.map", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,INTERNAL:PLAINTEXT");
        props.setProperty("log.dirs", logDir.toString());
        String listeners = listeners(role, brokerPort, controllerPort);
        if (role.servesClients() && proxyPort != NodeSpec.NO_PROXY) {
            // clients go through the proxy; replication keeps a direct listener so faults hit the client path only
            props.setProperty("listeners", listeners + ",INTERNAL://127.0.0.1:" + internalPort);
            props.setProperty(
                    "advertised.listeners",
                    "PLAINTEXT://127.0.0.1:" + proxyPort + ",INTERNAL://127.0.0.1:" + internalPort);
            props.setProperty("inter.broker.listener.name", "INTERNAL");
        } else {
            props.setProperty("listeners", listeners);
            if (role.servesClients()) {
                props.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
                props.setProperty("inter.broker.listener.name", "PLAINTEXT");
            }
        }
        int replicas = Math.min(3, brokers);
        props.setProperty("offsets.topic.replication.factor", Integer.toString(replicas));
        props.setProperty("offsets.topic.num.partitions", "5");
        props.setProperty("transaction.state.log.replication.factor", Integer.toString(replicas));
        props.setProperty("transaction.state.log.min.isr", Integer.toString(Math.min(2, replicas)));
        props.setProperty("transaction.state.log.num.partitions", "5");
        props.setProperty("group.initial.rebalance.delay.ms", "0");
        // the default dedupe buffer reserves 128 MiB of heap per broker
        props.setProperty("log.cleaner.dedupe.buffer.size", "2097152");
        props.setProperty("broker.heartbeat.interval.ms", "500");
        props.setProperty("broker.session.timeout.ms", "2500");
        props.putAll(extra);
        return new NodeSpec(id, role, brokerPort, controllerPort, proxyPort, logDir, props);
    }

    private static String listeners(NodeRole role, int brokerPort, int controllerPort) {
        return switch (role) {
            case COMBINED -> "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort;
            case CONTROLLER -> "CONTROLLER://127.0.0.1:" + controllerPort;
            case BROKER -> "PLAINTEXT://127.0.0.1:" + brokerPort;
        };
    }
}
