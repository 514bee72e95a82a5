package dev.ferry.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import dev.ferry.registry.internal.cache.ConfigKey;
import dev.ferry.registry.internal.cache.IntKeyedFront;
import dev.ferry.registry.internal.cache.RefreshMonitor;
import dev.ferry.registry.internal.cache.RefreshPolicy;
import dev.ferry.registry.internal.cache.RefreshingCache;
import dev.ferry.registry.internal.cache.SingleFlightCache;
import dev.ferry.registry.internal.http.RegistryJson;
import dev.ferry.registry.internal.http.RestRequest;
import dev.ferry.registry.internal.http.RestTransport;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The {@link SchemaRegistryClient} for a real registry, over HTTP (OkHttp) with Caffeine caches.
 *
 * <pre>{@code
 * try (SchemaRegistryClient registry = new CachedSchemaRegistryClient(SchemaRegistryConfig.builder()
 *         .urls("https://registry-a:8081,https://registry-b:8081")
 *         .basicAuth("app", secret)
 *         .build())) {
 *     registry.preload("orders-value");
 *     int id = registry.register("orders-value", Schema.avro(orderAvsc));   // cached after the first call
 * }
 * }</pre>
 *
 * <p>What it caches and how. The rule: <b>once a value is known, no call waits for the registry</b>;
 * only a value never seen before is fetched on the caller's thread, bounded by the timeouts and
 * retries.
 * <ul>
 *   <li>Facts that never change (id → schema, (subject, schema) → id and version, (subject,
 *       version) → schema) are never refreshed; each cache holds at most {@code max.schemas.per.subject}
 *       entries. A hit does not allocate.</li>
 *   <li>Concurrent misses for one key make one HTTP call; the other callers wait for its answer.
 *       Misses for different keys proceed in parallel.</li>
 *   <li>Latest versions and compatibility/mode settings are served from the cache; a read of one
 *       older than {@code latest.cache.ttl.sec} returns it at once and refreshes it in the
 *       background (one refresh per key at a time). A failed refresh keeps the value and is retried,
 *       on a later read, after a backoff ({@code retries.wait.ms} doubling up to
 *       {@code retries.max.wait.ms}); the outage is logged once, and once when it ends, and shows
 *       in {@link #refreshStats()} and the configured {@link SchemaRegistryListener}.</li>
 *   <li>"Not found" answers are remembered for the {@code missing.*.cache.ttl.sec} settings.</li>
 * </ul>
 *
 * <p>Requests fail over across the configured URLs and are retried with exponential backoff and
 * jitter on 408, 429 (honouring {@code Retry-After}), 5xx and I/O errors only. Credentials are sent
 * on every request and never logged. Thread-safe; create one per application and close it.
 */
public final class CachedSchemaRegistryClient implements SchemaRegistryClient {

    private static final int MAX_CACHED_SUBJECTS = 10_000;
    private static final int ID_FRONT_SLOTS = 4096;

    private final SchemaRegistryConfig config;
    private final RestTransport transport;
    private final IntKeyedFront<Schema> idFront;
    private final SingleFlightCache<Integer, Schema> ids;
    private final SingleFlightCache<Integer, Optional<UUID>> guidsById;
    private final SingleFlightCache<UUID, Schema> guids;
    private final ConcurrentHashMap<String, SubjectCaches> subjects = new ConcurrentHashMap<>();
    private final RefreshMonitor monitor;
    private final RefreshingCache<String, RegisteredSchema> latest;
    private final RefreshingCache<ConfigKey, Optional<CompatibilityLevel>> compatibility;
    private final RefreshingCache<ConfigKey, Mode> modes;
    private final Cache<MissingKey, SchemaRegistryException> missing;
    private final ThreadPoolExecutor refresher;
    private final Duration maxWait;
    private volatile boolean closed;

    /**
     * Per subject: the caches of immutable facts about it. Never refreshed, so never asked again
     * after a time to live: a registry does not change the id it gave a schema, the schema an id
     * names, nor the schema of a version (a deleted one is gone, not changed). Only the size bound
     * evicts.
     */
    private final class SubjectCaches {
        final SingleFlightCache<Schema, Integer> registered = new SingleFlightCache<>(capacity(), maxWait);
        final SingleFlightCache<Schema, Integer> registeredNormalized = new SingleFlightCache<>(capacity(), maxWait);
        final SingleFlightCache<Schema, RegisteredSchema> lookedUp = new SingleFlightCache<>(capacity(), maxWait);
        final SingleFlightCache<Schema, RegisteredSchema> lookedUpNormalized =
                new SingleFlightCache<>(capacity(), maxWait);
        final SingleFlightCache<Integer, RegisteredSchema> versions = new SingleFlightCache<>(capacity(), maxWait);
    }

    /** What a remembered "not found" answer was about; each kind has its own time to live. */
    private enum MissingKind {
        ID,
        VERSION,
        SCHEMA
    } // a GUID is remembered as an ID

    /**
     * The question a "not found" answered. A schema lookup with {@code normalize=true} asks another
     * one than without (the registry compares normalized texts), so, as in Confluent's client, each
     * answer is remembered apart; the other kinds have no such flag and carry false.
     */
    private record MissingKey(MissingKind kind, Object first, Object second, boolean normalize) {}

    /**
     * @throws IllegalArgumentException for a {@code mock://} URL; use {@link SchemaRegistryClients#create}
     */
    public CachedSchemaRegistryClient(SchemaRegistryConfig config) {
        if (config.mockScope().isPresent()) {
            throw new IllegalArgumentException(SchemaRegistryConfig.URL + " is mock://"
                    + config.mockScope().get() + ": use SchemaRegistryClients.create for the in-memory registry");
        }
        this.config = config;
        this.transport = new RestTransport(config);
        this.maxWait = maxWait(config);
        this.idFront = new IntKeyedFront<>(Math.min(ID_FRONT_SLOTS, Math.max(16, config.maxSchemasPerSubject())));
        // Ids name one schema for good (see SubjectCaches): never refreshed.
        this.ids = new SingleFlightCache<>(config.maxSchemasPerSubject(), maxWait);
        // GUIDs name one schema for good too, and an id keeps its GUID.
        this.guidsById = new SingleFlightCache<>(config.maxSchemasPerSubject(), maxWait);
        this.guids = new SingleFlightCache<>(config.maxSchemasPerSubject(), maxWait);
        this.refresher = refresher();
        RefreshPolicy policy = RefreshPolicy.of(config, refresher, maxWait);
        this.monitor = policy.monitor();
        this.latest = new RefreshingCache<>("latest version", config.latestCacheSize(), policy);
        this.compatibility = new RefreshingCache<>("compatibility level", config.latestCacheSize(), policy);
        this.modes = new RefreshingCache<>("mode", config.latestCacheSize(), policy);
        this.missing = Caffeine.newBuilder()
                .maximumSize(config.missingCacheSize())
                .expireAfter(new Expiry<MissingKey, SchemaRegistryException>() {
                    @Override
                    public long expireAfterCreate(MissingKey key, SchemaRegistryException value, long currentTime) {
                        return missingTtl(key.kind()).toNanos();
                    }

                    @Override
                    public long expireAfterUpdate(
                            MissingKey key, SchemaRegistryException value, long currentTime, long currentDuration) {
                        return expireAfterCreate(key, value, currentTime);
                    }

                    @Override
                    public long expireAfterRead(
                            MissingKey key, SchemaRegistryException value, long currentTime, long currentDuration) {
                        return currentDuration;
                    }
                })
                .ticker(() -> config.clock().millis() * 1_000_000L)
                .executor(Runnable::run)
                .build();
    }

    private static Duration maxWait(SchemaRegistryConfig config) {
        Duration perAttempt = config.connectTimeout().plus(config.readTimeout()).multipliedBy(2);
        int attempts = (config.maxRetries() + 1) * Math.max(1, config.urls().size());
        return perAttempt
                .multipliedBy(attempts)
                .plus(config.retryMaxWait().multipliedBy(config.maxRetries()))
                .plusSeconds(10);
    }

    private int capacity() {
        return config.maxSchemasPerSubject();
    }

    private static ThreadPoolExecutor refresher() {
        AtomicInteger count = new AtomicInteger();
        ThreadPoolExecutor executor =
                new ThreadPoolExecutor(2, 2, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), task -> {
                    Thread thread = new Thread(task, "ferry-registry-refresh-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        executor.allowCoreThreadTimeOut(true);
        return executor;
    }

    private Duration missingTtl(MissingKind kind) {
        return switch (kind) {
            case ID -> config.missingIdCacheTtl();
            case VERSION -> config.missingVersionCacheTtl();
            case SCHEMA -> config.missingSchemaCacheTtl();
        };
    }

    /** The configuration this client was built from. */
    public SchemaRegistryConfig config() {
        return config;
    }

    @Override
    public int register(String subject, Schema schema, boolean normalize) {
        return perSubject(subject, c -> normalize ? c.registeredNormalized : c.registered, schema, s -> {
            RestRequest request = RestRequest.post(RegistryJson.schemaBody(s), "subjects", subject, "versions");
            JsonNode answer = send(request.flag("normalize", normalize));
            int id = RegistryJson.intField(request, answer, "id");
            rememberId(id, s, RegistryJson.guid(request, answer));
            latest.invalidate(subject);
            return id;
        });
    }

    @Override
    public RegisteredSchema lookup(String subject, Schema schema, boolean normalize) {
        return perSubject(
                subject,
                c -> normalize ? c.lookedUpNormalized : c.lookedUp,
                schema,
                s -> unlessKnownMissing(new MissingKey(MissingKind.SCHEMA, subject, s, normalize), () -> {
                    RestRequest request = RestRequest.post(RegistryJson.schemaBody(s), "subjects", subject);
                    RegisteredSchema found =
                            RegistryJson.registered(request, send(request.flag("normalize", normalize)), subject);
                    rememberId(found.id(), found.schema(), found.guid());
                    return found;
                }));
    }

    @Override
    public Schema schemaById(int id) {
        Schema schema = idFront.get(id);
        if (schema != null) {
            return schema;
        }
        Schema loaded = ids.get(
                id,
                key -> unlessKnownMissing(new MissingKey(MissingKind.ID, key, null, false), () -> {
                    RestRequest request = RestRequest.get("schemas", "ids", Integer.toString(key));
                    JsonNode answer = send(request);
                    Schema answered = RegistryJson.schema(request, answer);
                    rememberGuid(key, answered, RegistryJson.guid(request, answer));
                    return answered;
                }));
        idFront.put(id, loaded);
        return loaded;
    }

    @Override
    public Schema schemaByGuid(UUID guid) {
        Objects.requireNonNull(guid, "guid");
        Schema known = guids.getIfPresent(guid);
        if (known != null) {
            return known;
        }
        return guids.get(
                guid,
                key -> unlessKnownMissing(new MissingKey(MissingKind.ID, key, null, false), () -> {
                    RestRequest request = RestRequest.get("schemas", "guids", key.toString());
                    return RegistryJson.schema(request, send(request));
                }));
    }

    @Override
    public Optional<UUID> guidById(int id) {
        Optional<UUID> known = guidsById.getIfPresent(id);
        if (known != null) {
            return known;
        }
        return guidsById.get(
                id,
                key -> unlessKnownMissing(new MissingKey(MissingKind.ID, key, null, false), () -> {
                    RestRequest request = RestRequest.get("schemas", "ids", Integer.toString(key));
                    JsonNode answer = send(request);
                    Schema schema = RegistryJson.schema(request, answer);
                    Optional<UUID> guid = RegistryJson.guid(request, answer);
                    rememberId(key, schema, Optional.empty());
                    guid.ifPresent(g -> guids.put(g, schema));
                    return guid;
                }));
    }

    @Override
    public RegisteredSchema schema(String subject, int version) {
        if (version < 1) {
            throw new IllegalArgumentException("version was " + version + ", allowed: 1 or more (use latest(subject))");
        }
        return caches(subject)
                .versions
                .get(
                        version,
                        v -> unlessKnownMissing(new MissingKey(MissingKind.VERSION, subject, v, false), () -> {
                            RestRequest request = RestRequest.get("subjects", subject, "versions", Integer.toString(v));
                            RegisteredSchema found = RegistryJson.registered(request, send(request), subject);
                            rememberId(found.id(), found.schema(), found.guid());
                            return found;
                        }));
    }

    @Override
    public RegisteredSchema latest(String subject) {
        return latest.get(subject, s -> {
            RestRequest request = RestRequest.get("subjects", s, "versions", "latest");
            RegisteredSchema found = RegistryJson.registered(request, send(request), s);
            rememberId(found.id(), found.schema(), found.guid());
            caches(s).versions.put(found.version(), found);
            return found;
        });
    }

    @Override
    public List<Integer> versions(String subject, boolean includeDeleted) {
        RestRequest request = RestRequest.get("subjects", subject, "versions").flag("deleted", includeDeleted);
        return RegistryJson.intList(request, send(request));
    }

    @Override
    public List<String> subjects(boolean includeDeleted) {
        RestRequest request = RestRequest.get("subjects").flag("deleted", includeDeleted);
        return RegistryJson.stringList(request, send(request));
    }

    @Override
    public List<Integer> deleteSubject(String subject, boolean permanent) {
        RestRequest request = RestRequest.delete("subjects", subject).flag("permanent", permanent);
        try {
            return RegistryJson.intList(request, send(request));
        } finally {
            forget(subject);
        }
    }

    @Override
    public int deleteVersion(String subject, int version, boolean permanent) {
        RestRequest request = RestRequest.delete("subjects", subject, "versions", Integer.toString(version))
                .flag("permanent", permanent);
        try {
            return RegistryJson.intValue(request, send(request));
        } finally {
            forget(subject);
        }
    }

    @Override
    public CompatibilityResult testCompatibility(String subject, Schema schema) {
        return testCompatibility(subject, "latest", schema);
    }

    @Override
    public CompatibilityResult testCompatibility(String subject, int version, Schema schema) {
        return testCompatibility(subject, Integer.toString(version), schema);
    }

    @Override
    public CompatibilityResult testCompatibilityForSubject(String subject, Schema schema) {
        RestRequest request = RestRequest.post(
                        RegistryJson.schemaBody(schema), "compatibility", "subjects", subject, "versions")
                .query("verbose", "true");
        return RegistryJson.compatibility(request, send(request));
    }

    private CompatibilityResult testCompatibility(String subject, String version, Schema schema) {
        RestRequest request = RestRequest.post(
                        RegistryJson.schemaBody(schema), "compatibility", "subjects", subject, "versions", version)
                .query("verbose", "true");
        return RegistryJson.compatibility(request, send(request));
    }

    @Override
    public CompatibilityLevel globalCompatibility() {
        return compatibility
                .get(ConfigKey.GLOBAL, key -> {
                    RestRequest request = RestRequest.get("config");
                    return Optional.of(RegistryJson.level(request, send(request)));
                })
                .orElseThrow();
    }

    @Override
    public void setGlobalCompatibility(CompatibilityLevel level) {
        RestRequest request = RestRequest.put(RegistryJson.compatibilityBody(level), "config");
        send(request);
        compatibility.invalidateAll();
    }

    @Override
    public Optional<CompatibilityLevel> compatibility(String subject, boolean defaultToGlobal) {
        return compatibility.get(ConfigKey.of(subject, defaultToGlobal), key -> {
            RestRequest request =
                    RestRequest.get("config", subject).query("defaultToGlobal", Boolean.toString(defaultToGlobal));
            try {
                return RegistryJson.optionalLevel(request, send(request));
            } catch (SchemaRegistryException e) {
                boolean noOwnLevel = e.errorCode() == SchemaRegistryException.SUBJECT_COMPATIBILITY_NOT_CONFIGURED
                        || e.errorCode() == SchemaRegistryException.SUBJECT_NOT_FOUND;
                if (!noOwnLevel) {
                    throw e;
                }
                // Some servers (Apicurio) answer 40401 for a subject without versions even with
                // defaultToGlobal=true, where Confluent answers the global level.
                return defaultToGlobal ? Optional.of(globalCompatibility()) : Optional.<CompatibilityLevel>empty();
            }
        });
    }

    @Override
    public void setCompatibility(String subject, CompatibilityLevel level) {
        send(RestRequest.put(RegistryJson.compatibilityBody(level), "config", subject));
        compatibility.invalidateAll();
    }

    @Override
    public void deleteCompatibility(String subject) {
        send(RestRequest.delete("config", subject));
        compatibility.invalidateAll();
    }

    @Override
    public Mode mode() {
        return modes.get(ConfigKey.GLOBAL, key -> {
            RestRequest request = RestRequest.get("mode");
            return RegistryJson.mode(request, send(request));
        });
    }

    @Override
    public void setMode(Mode mode) {
        send(RestRequest.put(RegistryJson.modeBody(mode), "mode"));
        modes.invalidateAll();
    }

    @Override
    public Mode mode(String subject) {
        return modes.get(ConfigKey.of(subject, true), key -> {
            RestRequest request = RestRequest.get("mode", subject).query("defaultToGlobal", "true");
            return RegistryJson.mode(request, send(request));
        });
    }

    @Override
    public void setMode(String subject, Mode mode) {
        send(RestRequest.put(RegistryJson.modeBody(mode), "mode", subject));
        modes.invalidateAll();
    }

    @Override
    public void preload(String... subjectNames) {
        for (String subject : subjectNames) {
            RegisteredSchema newest = null;
            for (int version : versions(subject)) {
                RegisteredSchema found = schema(subject, version);
                SubjectCaches caches = caches(subject);
                caches.lookedUp.put(found.schema(), found);
                caches.registered.put(found.schema(), found.id());
                newest = found;
            }
            if (newest != null) {
                latest.put(subject, newest);
            }
        }
    }

    @Override
    public RefreshStats refreshStats() {
        return monitor.stats();
    }

    @Override
    public void close() {
        closed = true;
        refresher.shutdownNow();
        transport.close();
    }

    private JsonNode send(RestRequest request) {
        if (closed) {
            throw new IllegalStateException("the schema registry client is closed; " + request.display() + " not sent");
        }
        return transport.send(request);
    }

    /** The subject's cached answer for the schema, loaded once on a miss. */
    private <V> V perSubject(
            String subject,
            Function<SubjectCaches, SingleFlightCache<Schema, V>> cache,
            Schema schema,
            Function<Schema, V> load) {
        SubjectCaches known = subjects.get(subject);
        if (known != null) {
            V found = cache.apply(known).getIfPresent(schema);
            if (found != null) {
                return found;
            }
        }
        return cache.apply(caches(subject)).get(schema, load);
    }

    private SubjectCaches caches(String subject) {
        SubjectCaches caches = subjects.get(subject);
        if (caches != null) {
            return caches;
        }
        if (subjects.size() >= MAX_CACHED_SUBJECTS) {
            // Bound memory with unusually many subjects: start over rather than grow without limit.
            subjects.clear();
        }
        return subjects.computeIfAbsent(subject, s -> new SubjectCaches());
    }

    private void rememberId(int id, Schema schema, Optional<UUID> guid) {
        if (idFront.get(id) == null) {
            ids.put(id, schema);
            idFront.put(id, schema);
        }
        rememberGuid(id, schema, guid);
    }

    /** Only a GUID the registry gave: an answer without one (an older server's) leaves the id to be asked. */
    private void rememberGuid(int id, Schema schema, Optional<UUID> guid) {
        if (guid.isPresent()) {
            guidsById.put(id, guid);
            guids.put(guid.get(), schema);
        }
    }

    private void forget(String subject) {
        subjects.remove(subject);
        latest.invalidate(subject);
        missing.invalidateAll();
    }

    /**
     * Loads what the key names, unless the registry answered "not found" for it within the kind's
     * time to live: then that answer again. A new "not found" answer is remembered.
     */
    private <R> R unlessKnownMissing(MissingKey key, Supplier<R> load) {
        SchemaRegistryException known = missing.getIfPresent(key);
        if (known != null) {
            throw new SchemaRegistryException(
                    known.request(),
                    known.url(),
                    known.httpStatus(),
                    known.errorCode(),
                    known.serverMessage() + " (remembered)",
                    1,
                    known);
        }
        try {
            return load.get();
        } catch (SchemaRegistryException e) {
            if (e.isNotFound() && !missingTtl(key.kind()).isZero()) {
                missing.put(key, e);
            }
            throw e;
        }
    }
}
