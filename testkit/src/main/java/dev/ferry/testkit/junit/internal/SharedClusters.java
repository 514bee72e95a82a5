package dev.ferry.testkit.junit.internal;

import dev.ferry.testkit.KafkaCluster;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The clusters shared by every {@code EmbeddedKafka} of the JVM that did not ask for its own, one per
 * broker count: started on first use, stopped when the JVM exits (or earlier by JUnit, through
 * {@link #closeAll()} from the root context store).
 */
public final class SharedClusters {

    private static final Logger LOG = LoggerFactory.getLogger(SharedClusters.class);

    /** Guarded by the class lock. */
    private static final Map<Integer, KafkaCluster> CLUSTERS = new HashMap<>();

    private static boolean hookAdded;

    private SharedClusters() {}

    /** The shared cluster of this many brokers, started now if it is not running yet. */
    public static synchronized KafkaCluster get(int brokers) {
        KafkaCluster cluster = CLUSTERS.get(brokers);
        if (cluster == null) {
            if (!hookAdded) {
                Runtime.getRuntime().addShutdownHook(new Thread(SharedClusters::closeAll, "ferry-shared-kafka-stop"));
                hookAdded = true;
            }
            cluster = KafkaCluster.builder().brokers(brokers).start();
            CLUSTERS.put(brokers, cluster);
        }
        return cluster;
    }

    /** Stops every shared cluster; a later {@link #get} starts a new one. */
    public static synchronized void closeAll() {
        for (Map.Entry<Integer, KafkaCluster> entry : CLUSTERS.entrySet()) {
            try {
                entry.getValue().close();
            } catch (RuntimeException e) {
                LOG.warn("stopping the shared Kafka cluster of {} broker(s) failed", entry.getKey(), e);
            }
        }
        CLUSTERS.clear();
    }
}
