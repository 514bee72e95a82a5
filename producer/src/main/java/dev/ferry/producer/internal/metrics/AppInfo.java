package dev.ferry.producer.internal.metrics;

/**
 * What kafka-clients' {@code kafka.producer:type=app-info,id=X} MBean shows: here Ferry's version
 * (from the jar's manifest, "unknown" when run from classes), the commit id ("unknown": the build
 * does not record it) and when the producer started.
 */
public final class AppInfo implements AppInfoMBean {
    private final String version;
    private final long startTimeMs;

    public AppInfo(long startTimeMs) {
        String implementationVersion = AppInfo.class.getPackage().getImplementationVersion();
        this.version = implementationVersion != null ? implementationVersion : "unknown";
        this.startTimeMs = startTimeMs;
    }

    @Override
    public String getVersion() {
        return version;
    }

    @Override
    public String getCommitId() {
        return "unknown";
    }

    @Override
    public Long getStartTimeMs() {
        return startTimeMs;
    }
}
