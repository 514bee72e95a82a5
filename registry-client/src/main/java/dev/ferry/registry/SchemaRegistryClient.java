package dev.ferry.registry;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A client of a Confluent-compatible Schema Registry (Confluent, Apicurio's {@code ccompat} API,
 * Karapace, Redpanda), or of Ferry's in-memory registry for {@code mock://} URLs.
 *
 * <pre>{@code
 * try (SchemaRegistryClient registry = SchemaRegistryClients.create(
 *         SchemaRegistryConfig.builder().urls("http://registry:8081").build())) {
 *     registry.preload("orders-value");
 *     int id = registry.register("orders-value", Schema.avro(orderAvsc), false);
 *     Schema schema = registry.schemaById(id);
 * }
 * }</pre>
 *
 * <p>Every failure is a {@link SchemaRegistryException} carrying the HTTP status and the Confluent
 * error code. Implementations are thread-safe; answers that can never change (id → schema,
 * (subject, schema) → id, (subject, version) → schema) are cached for good, so calling these
 * methods on every record is cheap.
 *
 * <p><b>Once an answer is known, no call waits for the registry.</b> Answers that can change
 * (latest versions, compatibility levels, modes) are served from the cache and refreshed in the
 * background once {@code latest.cache.ttl.sec} has passed; while the registry is unreachable the
 * last known answer keeps being served ({@link #refreshStats()} shows it). Only an answer never
 * seen before is fetched on the caller's thread, within the configured timeouts and retries.
 */
public interface SchemaRegistryClient extends AutoCloseable {

    /**
     * Registers a schema under a subject, or finds it if already registered, and returns its id.
     *
     * @param normalize ask the registry to normalize the schema first ({@code ?normalize=true}), so
     *                  that equivalent texts get the same id
     * @throws SchemaRegistryException {@link SchemaRegistryException#isIncompatible() incompatible},
     *                                 {@link SchemaRegistryException#isInvalidSchema() invalid}, ...
     */
    int register(String subject, Schema schema, boolean normalize);

    /** {@link #register(String, Schema, boolean)} without normalization. */
    default int register(String subject, Schema schema) {
        return register(subject, schema, false);
    }

    /**
     * Finds a schema already registered under a subject, without registering it.
     *
     * @throws SchemaRegistryException not found (40401 subject, 40403 schema) and other failures
     */
    RegisteredSchema lookup(String subject, Schema schema, boolean normalize);

    /** {@link #lookup(String, Schema, boolean)} without normalization. */
    default RegisteredSchema lookup(String subject, Schema schema) {
        return lookup(subject, schema, false);
    }

    /** The schema with a registry-wide id (the id in the Confluent wire format). */
    Schema schemaById(int id);

    /**
     * The schema with a registry-wide GUID: the schema identity of Confluent Platform 8 and later,
     * carried by records whose schema id is in a {@code __key_schema_id}/{@code __value_schema_id}
     * header ({@code GET /schemas/guids/{guid}}). Cached like ids.
     *
     * @throws SchemaRegistryException not found (40403), also from registries without GUIDs
     */
    Schema schemaByGuid(UUID guid);

    /**
     * The GUID the registry gave the schema with this id, as its answers carry it ({@code guid} in
     * the answers to register, lookup and {@code /schemas/ids/{id}}). Cached like ids.
     *
     * @return empty when the registry assigns no GUIDs (Apicurio, Confluent before Platform 8)
     * @throws SchemaRegistryException when the id is unknown
     */
    Optional<UUID> guidById(int id);

    /** A given version of a subject. */
    RegisteredSchema schema(String subject, int version);

    /**
     * The newest version of a subject. Once known it is answered from the cache without waiting;
     * after {@code latest.cache.ttl.sec} a call starts a background refresh and still gets the known
     * version, and keeps getting it while the registry is unreachable.
     */
    RegisteredSchema latest(String subject);

    /** The live versions of a subject, ascending. */
    default List<Integer> versions(String subject) {
        return versions(subject, false);
    }

    /** The versions of a subject, ascending, with soft-deleted ones if {@code includeDeleted}. */
    List<Integer> versions(String subject, boolean includeDeleted);

    /** The live subjects. */
    default List<String> subjects() {
        return subjects(false);
    }

    /** The subjects, with soft-deleted ones if {@code includeDeleted}. */
    List<String> subjects(boolean includeDeleted);

    /**
     * Deletes a subject: soft (its versions become invisible) or, after a soft delete, permanent.
     *
     * @return the versions deleted
     */
    List<Integer> deleteSubject(String subject, boolean permanent);

    /**
     * Deletes one version of a subject: soft, or, after a soft delete, permanent.
     *
     * @return the version deleted
     */
    int deleteVersion(String subject, int version, boolean permanent);

    /** Tests a schema against the newest version of a subject, with the server's reasons. */
    CompatibilityResult testCompatibility(String subject, Schema schema);

    /** Tests a schema against one version of a subject, with the server's reasons. */
    CompatibilityResult testCompatibility(String subject, int version, Schema schema);

    /**
     * Tests a schema as registering it under the subject would: at the subject's compatibility level,
     * against every live version for a {@code *_TRANSITIVE} level, else against the newest; a subject
     * without versions is compatible ({@code POST /compatibility/subjects/{subject}/versions}). Unlike
     * {@link #testCompatibility(String, Schema)}, which compares with the newest version only whatever
     * the level.
     *
     * <p>The default throws, so that implementations written before this method still compile; both
     * of Ferry's clients implement it.
     *
     * @throws UnsupportedOperationException from an implementation that does not provide it
     */
    default CompatibilityResult testCompatibilityForSubject(String subject, Schema schema) {
        throw new UnsupportedOperationException(
                getClass().getName() + " does not implement testCompatibilityForSubject");
    }

    /** The registry-wide compatibility level. */
    CompatibilityLevel globalCompatibility();

    /** Sets the registry-wide compatibility level. */
    void setGlobalCompatibility(CompatibilityLevel level);

    /**
     * The compatibility level of a subject.
     *
     * @param defaultToGlobal when the subject has no level of its own: answer the global level
     *                        ({@code true}) or empty ({@code false})
     */
    Optional<CompatibilityLevel> compatibility(String subject, boolean defaultToGlobal);

    /** Sets the compatibility level of a subject. */
    void setCompatibility(String subject, CompatibilityLevel level);

    /** Removes the subject's own level, so the global one applies. */
    void deleteCompatibility(String subject);

    /** The registry-wide mode. */
    Mode mode();

    /** Sets the registry-wide mode. */
    void setMode(Mode mode);

    /** The mode of a subject (the global mode when it has none of its own). */
    Mode mode(String subject);

    /** Sets the mode of a subject. */
    void setMode(String subject, Mode mode);

    /**
     * Warms the caches at start-up: fetches every live version of each subject (and so their ids and
     * the latest version), so the first record sent or read pays no registry round trip.
     *
     * @throws SchemaRegistryException when a subject cannot be read
     */
    void preload(String... subjects);

    /**
     * How the answers that can change are kept fresh: stale answers served, refreshes and their
     * failures, the last success and, during an outage, since when refreshes fail. Cheap; meant
     * for metrics and health checks.
     */
    RefreshStats refreshStats();

    /**
     * Releases connections and threads. Afterwards, calls that need the registry fail with
     * {@link IllegalStateException}; the in-memory registry of a {@code mock://} scope stays usable.
     */
    @Override
    void close();
}
