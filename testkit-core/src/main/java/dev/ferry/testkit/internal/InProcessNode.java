package dev.ferry.testkit.internal;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.utils.Time;

/** A KRaft node running inside the test JVM: fastest to start, shares the heap with the test. */
public final class InProcessNode implements RunningNode {
    private final KafkaRaftServer server;

    private InProcessNode(KafkaRaftServer server) {
        this.server = server;
    }

    /** Returns when the node listens; a broker is unfenced by then. */
    public static InProcessNode start(NodeSpec spec) {
        KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(spec.properties()), Time.SYSTEM);
        server.startup();
        return new InProcessNode(server);
    }

    @Override
    public void stop() {
        server.shutdown();
        server.awaitShutdown();
    }

    @Override
    public void kill() {
        throw new UnsupportedOperationException(
                "an in-process node cannot be killed with SIGKILL: build the cluster with childJvm()");
    }
}
