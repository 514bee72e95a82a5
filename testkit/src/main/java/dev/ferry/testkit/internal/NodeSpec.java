package dev.ferry.testkit.internal;

import java.nio.file.Path;
import java.util.Properties;

/**
 * Everything that identifies one node across restarts: its id, role, ports and directories.
 * A restart reuses the spec, so the node comes back on the same ports with the same data.
 */
public record NodeSpec(int nodeId, NodeRole role, int brokerPort, int controllerPort, Path logDir, Properties properties) {

    public String brokerAddress() {
        return "127.0.0.1:" + brokerPort;
    }

    public Path propertiesFile() {
        return logDir.resolveSibling("node-" + nodeId + ".properties");
    }
}
