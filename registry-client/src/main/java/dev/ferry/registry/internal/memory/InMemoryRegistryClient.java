package dev.ferry.registry.internal.memory;

import dev.ferry.registry.CompatibilityLevel;
import dev.ferry.registry.CompatibilityResult;
import dev.ferry.registry.Mode;
import dev.ferry.registry.RefreshStats;
import dev.ferry.registry.RegisteredSchema;
import dev.ferry.registry.Schema;
import dev.ferry.registry.SchemaRegistryClient;
import dev.ferry.registry.SchemaRegistryConfig;
import dev.ferry.registry.internal.cache.ConfigKey;
import dev.ferry.registry.internal.cache.RefreshMonitor;
import dev.ferry.registry.internal.cache.RefreshPolicy;
import dev.ferry.registry.internal.cache.RefreshingCache;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A client of a {@code mock://} scope's {@link InMemoryRegistry}, with the HTTP client's caching of
 * answers that can change: a latest version, compatibility level or mode is served from this
 * client's cache and refreshed once {@code latest.cache.ttl.sec} has passed, so what a test sees of
 * a new version registered through another client (a serializer's own, say) is what production
 * sees. Immutable answers come straight from memory, which never waits. Thread-safe.
 */
public final class InMemoryRegistryClient implements SchemaRegistryClient {

    /** In memory a fetch never waits; the bound on waiting for another caller's only guards against a bug. */
    private static final Duration MAX_WAIT = Duration.ofMinutes(1);

    private final InMemoryRegistry registry;
    private final RefreshMonitor monitor;
    private final RefreshingCache<String, RegisteredSchema> latest;
    private final RefreshingCache<ConfigKey, Optional<CompatibilityLevel>> compatibility;
    private final RefreshingCache<ConfigKey, Mode> modes;

    public InMemoryRegistryClient(InMemoryRegistry registry, SchemaRegistryConfig config) {
        this.registry = registry;
        // Refreshes run on the reading thread: an answer from memory never waits, and tests need no threads.
        RefreshPolicy policy = RefreshPolicy.of(config, Runnable::run, MAX_WAIT);
        this.monitor = policy.monitor();
        this.latest = new RefreshingCache<>("latest version", config.latestCacheSize(), policy);
        this.compatibility = new RefreshingCache<>("compatibility level", config.latestCacheSize(), policy);
        this.modes = new RefreshingCache<>("mode", config.latestCacheSize(), policy);
    }

    @Override
    public int register(String subject, Schema schema, boolean normalize) {
        int id = registry.register(subject, schema, normalize);
        latest.invalidate(subject);
        return id;
    }

    @Override
    public RegisteredSchema lookup(String subject, Schema schema, boolean normalize) {
        return registry.lookup(subject, schema, normalize);
    }

    @Override
    public Schema schemaById(int id) {
        return registry.schemaById(id);
    }

    @Override
    public Schema schemaByGuid(UUID guid) {
        return registry.schemaByGuid(guid);
    }

    @Override
    public Optional<UUID> guidById(int id) {
        return registry.guidById(id);
    }

    @Override
    public RegisteredSchema schema(String subject, int version) {
        return registry.schema(subject, version);
    }

    @Override
    public RegisteredSchema latest(String subject) {
        return latest.get(subject, registry::latest);
    }

    @Override
    public List<Integer> versions(String subject, boolean includeDeleted) {
        return registry.versions(subject, includeDeleted);
    }

    @Override
    public List<String> subjects(boolean includeDeleted) {
        return registry.subjects(includeDeleted);
    }

    @Override
    public List<Integer> deleteSubject(String subject, boolean permanent) {
        try {
            return registry.deleteSubject(subject, permanent);
        } finally {
            latest.invalidate(subject);
        }
    }

    @Override
    public int deleteVersion(String subject, int version, boolean permanent) {
        try {
            return registry.deleteVersion(subject, version, permanent);
        } finally {
            latest.invalidate(subject);
        }
    }

    @Override
    public CompatibilityResult testCompatibility(String subject, Schema schema) {
        return registry.testCompatibility(subject, schema);
    }

    @Override
    public CompatibilityResult testCompatibility(String subject, int version, Schema schema) {
        return registry.testCompatibility(subject, version, schema);
    }

    @Override
    public CompatibilityResult testCompatibilityForSubject(String subject, Schema schema) {
        return registry.testCompatibilityForSubject(subject, schema);
    }

    @Override
    public CompatibilityLevel globalCompatibility() {
        return compatibility
                .get(ConfigKey.GLOBAL, key -> Optional.of(registry.globalCompatibility()))
                .orElseThrow();
    }

    @Override
    public void setGlobalCompatibility(CompatibilityLevel level) {
        registry.setGlobalCompatibility(level);
        compatibility.invalidateAll();
    }

    @Override
    public Optional<CompatibilityLevel> compatibility(String subject, boolean defaultToGlobal) {
        return compatibility.get(
                ConfigKey.of(subject, defaultToGlobal), key -> registry.compatibility(subject, defaultToGlobal));
    }

    @Override
    public void setCompatibility(String subject, CompatibilityLevel level) {
        registry.setCompatibility(subject, level);
        compatibility.invalidateAll();
    }

    @Override
    public void deleteCompatibility(String subject) {
        try {
            registry.deleteCompatibility(subject);
        } finally {
            compatibility.invalidateAll();
        }
    }

    @Override
    public Mode mode() {
        return modes.get(ConfigKey.GLOBAL, key -> registry.mode());
    }

    @Override
    public void setMode(Mode mode) {
        registry.setMode(mode);
        modes.invalidateAll();
    }

    @Override
    public Mode mode(String subject) {
        return modes.get(ConfigKey.of(subject, true), key -> registry.mode(subject));
    }

    @Override
    public void setMode(String subject, Mode mode) {
        registry.setMode(subject, mode);
        modes.invalidateAll();
    }

    /** Caches each subject's latest version, as the HTTP client does; the rest is in memory already. */
    @Override
    public void preload(String... subjects) {
        for (String subject : subjects) {
            latest.put(subject, registry.latest(subject));
        }
    }

    @Override
    public RefreshStats refreshStats() {
        return monitor.stats();
    }

    /** Does nothing: the registry of a scope outlives its clients until it is dropped. */
    @Override
    public void close() {
        // Shared by every client of the scope; see SchemaRegistryClients.dropMockScope.
    }
}
