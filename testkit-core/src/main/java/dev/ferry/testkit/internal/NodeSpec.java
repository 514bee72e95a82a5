package dev.ferry.testkit.internal;

import java.nio.file.Path;
import java.util.Properties;

/**
 * Everything that identifies one node across restarts: its id, role, ports and directories.
 * A restart reuses the spec, so the node comes back on the same ports with the same data.
 */
public record NodeSpec(
        int nodeId,
        NodeRole role,
        int brokerPort,
        int controllerPort,
        int proxyPort,
        int controllerLinkPort,
        Path logDir,
        Properties properties) {

    /** No proxy in front of the broker: clients connect to it directly. */
    public static final int NO_PROXY = -1;

    public boolean proxied() {
        return proxyPort != NO_PROXY;
    }

    /** Where clients connect: the proxy when there is one. */
    /** A proxy between this broker and the controller, which is where it finds the controller. */
    public boolean controllerLinkProxied() {
        return controllerLinkPort != NO_PROXY;
    }

    public String controllerAddress() {
        return "127.0.0.1:" + controllerPort;
    }

    public String clientAddress() {
        return "127.0.0.1:" + (proxied() ? proxyPort : brokerPort);
    }

    public String brokerAddress() {
        return "127.0.0.1:" + brokerPort;
    }

    public Path propertiesFile() {
        return logDir.resolveSibling("node-" + nodeId + ".properties");
    }
}
