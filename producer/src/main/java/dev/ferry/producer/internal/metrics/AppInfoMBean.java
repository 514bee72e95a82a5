package dev.ferry.producer.internal.metrics;

/** The attributes of kafka-clients' {@code type=app-info} MBean. */
public interface AppInfoMBean {
    String getVersion();

    String getCommitId();

    Long getStartTimeMs();
}
