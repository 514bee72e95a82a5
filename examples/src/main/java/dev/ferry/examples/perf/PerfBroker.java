package dev.ferry.examples.perf;

import dev.ferry.testkit.KafkaCluster;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * The broker a run produces to: the user's ({@code --bootstrap-server} or {@code bootstrap.servers}),
 * or an embedded single-node Kafka in its own JVM, so the broker's CPU is not the client's.
 */
final class PerfBroker implements AutoCloseable {
    private static final long ADMIN_TIMEOUT_SECONDS = 60;
    /** kafka-server-start.sh's defaults: a broker as fast as a real one, not a quick-starting test broker. */
    private static final String[] BROKER_JVM_OPTIONS = {
        "-Xms1g",
        "-Xmx1g",
        "-XX:+UseG1GC",
        "-XX:MaxGCPauseMillis=20",
        "-XX:InitiatingHeapOccupancyPercent=35",
        "-XX:+ExplicitGCInvokesConcurrent"
    };

    private final KafkaCluster embedded;
    private final String bootstrap;

    private PerfBroker(KafkaCluster embedded, String bootstrap) {
        this.embedded = embedded;
        this.bootstrap = bootstrap;
    }

    static PerfBroker start(PerfOptions options) {
        String configured = options.configuredBootstrap();
        if (configured != null) {
            return new PerfBroker(null, configured);
        }
        KafkaCluster cluster =
                KafkaCluster.builder().childJvm(BROKER_JVM_OPTIONS).start();
        return new PerfBroker(cluster, cluster.bootstrapServers());
    }

    String bootstrap() {
        return bootstrap;
    }

    boolean isEmbedded() {
        return embedded != null;
    }

    /** Creates the topic with {@code partitions} partitions unless it exists. */
    void ensureTopic(String topic, int partitions, Properties clientProperties) {
        if (embedded != null) {
            embedded.createTopic(topic, partitions, 1);
            return;
        }
        Map<String, Object> adminConfig = new HashMap<>();
        clientProperties.forEach((key, value) -> adminConfig.put((String) key, value));
        adminConfig.put("bootstrap.servers", bootstrap);
        try (Admin admin = Admin.create(adminConfig)) {
            admin.createTopics(List.of(new NewTopic(topic, Optional.of(partitions), Optional.empty())))
                    .all()
                    .get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException(
                        "cannot create topic " + topic + " at " + bootstrap + ": " + e.getCause(), e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topic " + topic, e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException(
                    "topic " + topic + " was not created at " + bootstrap + " within " + ADMIN_TIMEOUT_SECONDS + " s",
                    e);
        }
    }

    @Override
    public void close() {
        if (embedded != null) {
            embedded.close();
        }
    }
}
