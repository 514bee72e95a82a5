package dev.ferry.testkit.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The nodes of a test cluster and their configuration: one combined broker+controller, or one
 * controller and N brokers, all on free loopback ports under one temporary directory. With
 * controller links proxied, each broker reaches the controller through a proxy of its own (the
 * cluster starts it on the spec's controller link port, in front of the spec's controller port).
 */
public final class ClusterLayout {
    public static final int CONTROLLER_ID = 100;

    private static final String PROTOCOLS = "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,INTERNAL:PLAINTEXT";

    private ClusterLayout() {}

    public static List<NodeSpec> plan(
            int brokers,
            boolean proxied,
            boolean controllerLinksProxied,
            Path root,
            Map<String, String> extraBrokerProperties) {
        if (brokers == 1) {
            if (controllerLinksProxied) {
                throw new IllegalArgumentException("a single combined node has no link to a controller to proxy");
            }
            int controllerPort = FreePorts.next();
            String voters = "1@127.0.0.1:" + controllerPort;
            return List.of(spec(
                    1,
                    NodeRole.COMBINED,
                    ports(proxied),
                    controllerPort,
                    NodeSpec.NO_PROXY,
                    voters,
                    1,
                    root,
                    extraBrokerProperties));
        }
        int controllerPort = FreePorts.next();
        String voters = CONTROLLER_ID + "@127.0.0.1:" + controllerPort;
        // a link is a controller listener of its own (LINKn, on port n below) that the controller advertises
        // at the link's proxy: the controller names its advertised endpoint of the listener a request came
        // in on in its answers (KIP-853), and a broker fetches from the endpoint it was named from then on
        int[] linkPorts = new int[brokers + 1];
        int[] linkProxyPorts = new int[brokers + 1];
        Map<String, String> controllerProperties = new LinkedHashMap<>();
        if (controllerLinksProxied) {
            StringBuilder listeners = new StringBuilder("CONTROLLER://127.0.0.1:" + controllerPort);
            StringBuilder advertised = new StringBuilder(listeners);
            StringBuilder names = new StringBuilder("CONTROLLER");
            StringBuilder protocols = new StringBuilder(PROTOCOLS);
            for (int id = 1; id <= brokers; id++) {
                linkPorts[id] = FreePorts.next();
                linkProxyPorts[id] = FreePorts.next();
                listeners.append(",LINK").append(id).append("://127.0.0.1:").append(linkPorts[id]);
                advertised.append(",LINK").append(id).append("://127.0.0.1:").append(linkProxyPorts[id]);
                names.append(",LINK").append(id);
                protocols.append(",LINK").append(id).append(":PLAINTEXT");
            }
            controllerProperties.put("listeners", listeners.toString());
            controllerProperties.put("advertised.listeners", advertised.toString());
            controllerProperties.put("controller.listener.names", names.toString());
            controllerProperties.put("listener.security.protocol.map", protocols.toString());
        }
        List<NodeSpec> nodes = new ArrayList<>();
        nodes.add(spec(
                CONTROLLER_ID,
                NodeRole.CONTROLLER,
                new int[] {0, NodeSpec.NO_PROXY, 0},
                controllerPort,
                NodeSpec.NO_PROXY,
                voters,
                brokers,
                root,
                controllerProperties));
        for (int id = 1; id <= brokers; id++) {
            if (!controllerLinksProxied) {
                nodes.add(spec(
                        id,
                        NodeRole.BROKER,
                        ports(proxied),
                        controllerPort,
                        NodeSpec.NO_PROXY,
                        voters,
                        brokers,
                        root,
                        extraBrokerProperties));
                continue;
            }
            Map<String, String> linked = new LinkedHashMap<>(extraBrokerProperties);
            linked.put("controller.listener.names", "LINK" + id);
            linked.put("listener.security.protocol.map", PROTOCOLS + ",LINK" + id + ":PLAINTEXT");
            nodes.add(spec(
                    id,
                    NodeRole.BROKER,
                    ports(proxied),
                    linkPorts[id],
                    linkProxyPorts[id],
                    CONTROLLER_ID + "@127.0.0.1:" + linkProxyPorts[id],
                    brokers,
                    root,
                    linked));
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
            int controllerLinkPort,
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
        props.setProperty("listener.security.protocol.map", PROTOCOLS);
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
        return new NodeSpec(id, role, brokerPort, controllerPort, proxyPort, controllerLinkPort, logDir, props);
    }

    private static String listeners(NodeRole role, int brokerPort, int controllerPort) {
        return switch (role) {
            case COMBINED -> "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort;
            case CONTROLLER -> "CONTROLLER://127.0.0.1:" + controllerPort;
            case BROKER -> "PLAINTEXT://127.0.0.1:" + brokerPort;
        };
    }
}
