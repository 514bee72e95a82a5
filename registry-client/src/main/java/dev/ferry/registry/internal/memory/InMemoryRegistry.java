package dev.ferry.registry.internal.memory;

import dev.ferry.registry.CompatibilityLevel;
import dev.ferry.registry.CompatibilityResult;
import dev.ferry.registry.Mode;
import dev.ferry.registry.RegisteredSchema;
import dev.ferry.registry.Schema;
import dev.ferry.registry.SchemaReference;
import dev.ferry.registry.SchemaRegistryException;
import dev.ferry.registry.SchemaType;
import dev.ferry.registry.spi.InvalidSchemaException;
import dev.ferry.registry.spi.ParsedSchema;
import dev.ferry.registry.spi.SchemaFormat;
import dev.ferry.registry.spi.SchemaFormats;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A registry in memory for {@code mock://scope} URLs, the server side of {@link InMemoryRegistryClient}:
 * ids shared by equal schemas across subjects, versions per subject, soft and permanent deletes,
 * compatibility levels and modes, with Confluent's error codes. Its methods are the REST API's,
 * answered at once. Each id has a GUID computed as Confluent Platform 8 computes it (the MD5 of the
 * schema text and its references), answered with every registered schema and looked up by
 * {@link #schemaByGuid}.
 *
 * <p>Schemas are parsed and judged by the {@link SchemaFormat} of their type found on the class
 * path. <b>When none is found for a type, every schema of that type is accepted</b>: its text as
 * given is its identity and every compatibility check passes.
 *
 * <p>All clients of one scope share one instance, as all clients of a real registry share it.
 * Thread-safe (one lock; meant for tests and local development, not for throughput).
 */
public final class InMemoryRegistry {

    private static final ConcurrentHashMap<String, InMemoryRegistry> SCOPES = new ConcurrentHashMap<>();

    private final Map<SchemaType, SchemaFormat> formats;
    private final TreeMap<String, SubjectState> subjects = new TreeMap<>();
    private final Map<Integer, Schema> schemasById = new HashMap<>();
    private final Map<Integer, UUID> guidsById = new HashMap<>();
    private final Map<UUID, Integer> idsByGuid = new HashMap<>();
    private final Map<String, Integer> idsByIdentity = new HashMap<>();
    private int lastId;
    private CompatibilityLevel globalLevel = CompatibilityLevel.BACKWARD;
    private Mode globalMode = Mode.READWRITE;

    private static final class SubjectState {
        final TreeMap<Integer, Version> versions = new TreeMap<>();
        CompatibilityLevel level;
        Mode mode;

        List<Version> live() {
            return versions.values().stream().filter(v -> !v.deleted).toList();
        }
    }

    private static final class Version {
        final RegisteredSchema registered;
        final ParsedSchema parsed;
        boolean deleted;

        Version(RegisteredSchema registered, ParsedSchema parsed) {
            this.registered = registered;
            this.parsed = parsed;
        }
    }

    /** A registry judging schemas with the given formats (tests); see {@link #forScope(String)}. */
    public InMemoryRegistry(Map<SchemaType, SchemaFormat> formats) {
        this.formats = Map.copyOf(formats);
    }

    /** The registry shared by every client of a {@code mock://} scope, with the formats on the class path. */
    public static InMemoryRegistry forScope(String scope) {
        return SCOPES.computeIfAbsent(
                scope, s -> new InMemoryRegistry(SchemaFormats.load(InMemoryRegistry.class.getClassLoader())));
    }

    /** Forgets a scope's registry. */
    public static void dropScope(String scope) {
        SCOPES.remove(scope);
    }

    public synchronized int register(String subject, Schema schema, boolean normalize) {
        String request = "POST /subjects/" + subject + "/versions";
        Mode mode = effectiveMode(subject);
        if (mode == Mode.READONLY || mode == Mode.READONLY_OVERRIDE) {
            throw error(
                    request,
                    422,
                    SchemaRegistryException.OPERATION_NOT_PERMITTED,
                    "Subject " + subject + " is in read-only mode");
        }
        ParsedSchema parsed = parse(request, schema);
        String identity = identity(parsed, normalize);
        SubjectState state = subjects.get(subject);
        if (state != null) {
            for (Version version : state.live()) {
                if (identity(version.parsed, normalize).equals(identity)) {
                    return version.registered.id();
                }
            }
        }
        List<String> problems = check(effectiveLevel(subject), parsed, state == null ? List.of() : newestFirst(state));
        if (!problems.isEmpty()) {
            throw error(
                    request,
                    409,
                    SchemaRegistryException.INCOMPATIBLE_SCHEMA,
                    "Schema being registered is incompatible with an earlier schema for subject \"" + subject
                            + "\", details: " + problems);
        }
        int id = idsByIdentity.computeIfAbsent(identity(parsed, false), key -> ++lastId);
        if (schemasById.putIfAbsent(id, schema) == null) {
            UUID guid = guid(schema);
            guidsById.put(id, guid);
            idsByGuid.putIfAbsent(guid, id);
        }
        SubjectState target = subjects.computeIfAbsent(subject, s -> new SubjectState());
        int version = target.versions.isEmpty() ? 1 : target.versions.lastKey() + 1;
        target.versions.put(
                version,
                new Version(
                        new RegisteredSchema(subject, id, version, schema, Optional.of(guidsById.get(id))), parsed));
        return id;
    }

    public synchronized RegisteredSchema lookup(String subject, Schema schema, boolean normalize) {
        String request = "POST /subjects/" + subject;
        SubjectState state = liveSubject(request, subject);
        String identity = identity(parse(request, schema), normalize);
        for (Version version : state.live()) {
            if (identity(version.parsed, normalize).equals(identity)) {
                return version.registered;
            }
        }
        throw error(request, 404, SchemaRegistryException.SCHEMA_NOT_FOUND, "Schema not found");
    }

    public synchronized Schema schemaById(int id) {
        Schema schema = schemasById.get(id);
        if (schema == null) {
            throw schemaNotFound("GET /schemas/ids/" + id, id);
        }
        return schema;
    }

    public synchronized Schema schemaByGuid(UUID guid) {
        Integer id = idsByGuid.get(guid);
        if (id == null) {
            throw schemaNotFound("GET /schemas/guids/" + guid, guid);
        }
        return schemasById.get(id);
    }

    public synchronized Optional<UUID> guidById(int id) {
        schemaById(id);
        return Optional.of(guidsById.get(id));
    }

    /**
     * Confluent's GUID of a schema ({@code Schema.getGuid} in its client): the MD5 of the text, then
     * of each reference's name, subject and version (four bytes, big-endian), read as a UUID.
     */
    static UUID guid(Schema schema) {
        MessageDigest md5;
        try {
            md5 = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no MD5", e);
        }
        md5.update(schema.text().getBytes(StandardCharsets.UTF_8));
        for (SchemaReference reference : schema.references()) {
            md5.update(reference.name().getBytes(StandardCharsets.UTF_8));
            md5.update(reference.subject().getBytes(StandardCharsets.UTF_8));
            md5.update(ByteBuffer.allocate(4).putInt(reference.version()).array());
        }
        ByteBuffer digest = ByteBuffer.wrap(md5.digest());
        return new UUID(digest.getLong(), digest.getLong());
    }

    public synchronized RegisteredSchema schema(String subject, int version) {
        String request = "GET /subjects/" + subject + "/versions/" + version;
        return liveVersion(request, liveSubject(request, subject), version).registered;
    }

    public synchronized RegisteredSchema latest(String subject) {
        String request = "GET /subjects/" + subject + "/versions/latest";
        List<Version> live = liveSubject(request, subject).live();
        return live.get(live.size() - 1).registered;
    }

    public synchronized List<Integer> versions(String subject, boolean includeDeleted) {
        String request = "GET /subjects/" + subject + "/versions";
        SubjectState state = subjects.get(subject);
        if (state == null || (!includeDeleted && state.live().isEmpty())) {
            throw subjectNotFound(request, subject);
        }
        return state.versions.values().stream()
                .filter(v -> includeDeleted || !v.deleted)
                .map(v -> v.registered.version())
                .toList();
    }

    public synchronized List<String> subjects(boolean includeDeleted) {
        return subjects.entrySet().stream()
                .filter(e -> includeDeleted || !e.getValue().live().isEmpty())
                .map(Map.Entry::getKey)
                .toList();
    }

    public synchronized List<Integer> deleteSubject(String subject, boolean permanent) {
        String request = "DELETE /subjects/" + subject + (permanent ? "?permanent=true" : "");
        SubjectState state = subjects.get(subject);
        if (state == null) {
            throw subjectNotFound(request, subject);
        }
        List<Version> live = state.live();
        for (Version version : state.versions.values()) {
            checkNotReferenced(request, subject, version.registered.version());
        }
        if (permanent) {
            if (!live.isEmpty()) {
                throw error(
                        request,
                        404,
                        SchemaRegistryException.SUBJECT_NOT_SOFT_DELETED,
                        "Subject '" + subject + "' was not deleted first before being permanently deleted");
            }
            subjects.remove(subject);
            return List.copyOf(state.versions.keySet());
        }
        if (live.isEmpty()) {
            throw error(
                    request,
                    404,
                    SchemaRegistryException.SUBJECT_SOFT_DELETED,
                    "Subject '" + subject + "' was soft deleted. Set permanent=true to delete permanently");
        }
        live.forEach(v -> v.deleted = true);
        return live.stream().map(v -> v.registered.version()).toList();
    }

    public synchronized int deleteVersion(String subject, int version, boolean permanent) {
        String request = "DELETE /subjects/" + subject + "/versions/" + version + (permanent ? "?permanent=true" : "");
        SubjectState state = subjects.get(subject);
        if (state == null) {
            throw subjectNotFound(request, subject);
        }
        Version found = state.versions.get(version);
        if (found == null) {
            throw versionNotFound(request, version);
        }
        checkNotReferenced(request, subject, version);
        if (permanent) {
            if (!found.deleted) {
                throw error(
                        request,
                        404,
                        SchemaRegistryException.VERSION_NOT_SOFT_DELETED,
                        "Subject '" + subject + "' Version " + version
                                + " was not deleted first before being permanently deleted");
            }
            state.versions.remove(version);
            if (state.versions.isEmpty()) {
                subjects.remove(subject);
            }
        } else {
            if (found.deleted) {
                throw error(
                        request,
                        404,
                        SchemaRegistryException.VERSION_SOFT_DELETED,
                        "Subject '" + subject + "' Version " + version
                                + " was soft deleted. Set permanent=true to delete permanently");
            }
            found.deleted = true;
        }
        return version;
    }

    public synchronized CompatibilityResult testCompatibility(String subject, Schema schema) {
        String request = "POST /compatibility/subjects/" + subject + "/versions/latest";
        List<Version> live = liveSubject(request, subject).live();
        return test(request, subject, live.get(live.size() - 1), schema);
    }

    public synchronized CompatibilityResult testCompatibility(String subject, int version, Schema schema) {
        String request = "POST /compatibility/subjects/" + subject + "/versions/" + version;
        return test(request, subject, liveVersion(request, liveSubject(request, subject), version), schema);
    }

    /** As the server: the check {@link #register} makes, against no version when the subject has none. */
    public synchronized CompatibilityResult testCompatibilityForSubject(String subject, Schema schema) {
        String request = "POST /compatibility/subjects/" + subject + "/versions";
        SubjectState state = subjects.get(subject);
        List<String> problems =
                check(effectiveLevel(subject), parse(request, schema), state == null ? List.of() : newestFirst(state));
        return new CompatibilityResult(problems.isEmpty(), problems);
    }

    private CompatibilityResult test(String request, String subject, Version against, Schema schema) {
        List<String> problems = check(effectiveLevel(subject), parse(request, schema), List.of(against.parsed));
        return new CompatibilityResult(problems.isEmpty(), problems);
    }

    public synchronized CompatibilityLevel globalCompatibility() {
        return globalLevel;
    }

    public synchronized void setGlobalCompatibility(CompatibilityLevel level) {
        globalLevel = level;
    }

    public synchronized Optional<CompatibilityLevel> compatibility(String subject, boolean defaultToGlobal) {
        SubjectState state = subjects.get(subject);
        CompatibilityLevel own = state == null ? null : state.level;
        return Optional.ofNullable(own != null || !defaultToGlobal ? own : globalLevel);
    }

    public synchronized void setCompatibility(String subject, CompatibilityLevel level) {
        subjects.computeIfAbsent(subject, s -> new SubjectState()).level = level;
    }

    public synchronized void deleteCompatibility(String subject) {
        SubjectState state = subjects.get(subject);
        if (state == null || state.level == null) {
            throw error(
                    "DELETE /config/" + subject,
                    404,
                    SchemaRegistryException.SUBJECT_COMPATIBILITY_NOT_CONFIGURED,
                    "Subject '" + subject + "' does not have subject-level compatibility configured");
        }
        state.level = null;
    }

    public synchronized Mode mode() {
        return globalMode;
    }

    public synchronized void setMode(Mode mode) {
        globalMode = mode;
    }

    public synchronized Mode mode(String subject) {
        return effectiveMode(subject);
    }

    public synchronized void setMode(String subject, Mode mode) {
        subjects.computeIfAbsent(subject, s -> new SubjectState()).mode = mode;
    }

    private Mode effectiveMode(String subject) {
        SubjectState state = subjects.get(subject);
        if (globalMode == Mode.READONLY_OVERRIDE || state == null || state.mode == null) {
            return globalMode;
        }
        return state.mode;
    }

    private CompatibilityLevel effectiveLevel(String subject) {
        SubjectState state = subjects.get(subject);
        return state != null && state.level != null ? state.level : globalLevel;
    }

    private static List<ParsedSchema> newestFirst(SubjectState state) {
        List<ParsedSchema> previous = new ArrayList<>();
        for (Version version : state.versions.descendingMap().values()) {
            if (!version.deleted) {
                previous.add(version.parsed);
            }
        }
        return previous;
    }

    private List<String> check(CompatibilityLevel level, ParsedSchema candidate, List<ParsedSchema> previous) {
        SchemaFormat format = formats.get(candidate.type());
        if (format == null || level == CompatibilityLevel.NONE || previous.isEmpty()) {
            return List.of();
        }
        List<ParsedSchema> sameType =
                previous.stream().filter(p -> p.type() == candidate.type()).toList();
        if (sameType.size() < previous.size()
                && (level.isTransitive() || previous.get(0).type() != candidate.type())) {
            return List.of("schema type changed from " + previous.get(0).type() + " to " + candidate.type());
        }
        return format.checkCompatibility(level, candidate, level.isTransitive() ? sameType : sameType.subList(0, 1));
    }

    private ParsedSchema parse(String request, Schema schema) {
        Map<String, String> references = new LinkedHashMap<>();
        resolveReferences(request, schema, references);
        SchemaFormat format = formats.get(schema.type());
        if (format == null) {
            return new UncheckedSchema(schema);
        }
        try {
            return format.parse(schema, references);
        } catch (InvalidSchemaException e) {
            throw new SchemaRegistryException(
                    request, 422, SchemaRegistryException.INVALID_SCHEMA, "Invalid schema: " + e.getMessage(), e);
        }
    }

    private void resolveReferences(String request, Schema schema, Map<String, String> into) {
        for (SchemaReference reference : schema.references()) {
            if (into.containsKey(reference.name())) {
                continue;
            }
            SubjectState state = subjects.get(reference.subject());
            Version target = null;
            if (state != null) {
                List<Version> live = state.live();
                target = reference.version() == -1
                        ? (live.isEmpty() ? null : live.get(live.size() - 1))
                        : state.versions.get(reference.version());
            }
            if (target == null || target.deleted) {
                throw new SchemaRegistryException(
                        request,
                        422,
                        SchemaRegistryException.INVALID_SCHEMA,
                        "Invalid schema: reference '" + reference.name() + "' to subject '" + reference.subject()
                                + "' version " + reference.version() + " not found",
                        null);
            }
            into.put(reference.name(), target.registered.schema().text());
            resolveReferences(request, target.registered.schema(), into);
        }
    }

    private void checkNotReferenced(String request, String subject, int version) {
        for (SubjectState state : subjects.values()) {
            for (Version other : state.live()) {
                for (SchemaReference reference : other.registered.schema().references()) {
                    if (reference.subject().equals(subject) && reference.version() == version) {
                        throw error(
                                request,
                                422,
                                SchemaRegistryException.REFERENCE_EXISTS,
                                "One or more references exist to the schema {subject=" + subject + ",version=" + version
                                        + "}");
                    }
                }
            }
        }
    }

    private static String identity(ParsedSchema parsed, boolean normalize) {
        return parsed.type() + "\n" + parsed.schema().references() + "\n"
                + (normalize ? parsed.normalized() : parsed.canonical());
    }

    private SubjectState liveSubject(String request, String subject) {
        SubjectState state = subjects.get(subject);
        if (state == null || state.live().isEmpty()) {
            throw subjectNotFound(request, subject);
        }
        return state;
    }

    private static Version liveVersion(String request, SubjectState state, int version) {
        Version found = state.versions.get(version);
        if (found == null || found.deleted) {
            throw versionNotFound(request, version);
        }
        return found;
    }

    private static SchemaRegistryException subjectNotFound(String request, String subject) {
        return error(request, 404, SchemaRegistryException.SUBJECT_NOT_FOUND, "Subject '" + subject + "' not found.");
    }

    private static SchemaRegistryException versionNotFound(String request, int version) {
        return error(request, 404, SchemaRegistryException.VERSION_NOT_FOUND, "Version " + version + " not found.");
    }

    /** The registry's answer to an id or GUID it does not know. */
    private static SchemaRegistryException schemaNotFound(String request, Object idOrGuid) {
        return error(request, 404, SchemaRegistryException.SCHEMA_NOT_FOUND, "Schema " + idOrGuid + " not found");
    }

    private static SchemaRegistryException error(String request, int status, int code, String message) {
        return new SchemaRegistryException(request, status, code, message, null);
    }

    /** A schema of a type without a format on the class path: its text is its identity. */
    private record UncheckedSchema(Schema schema) implements ParsedSchema {
        @Override
        public String canonical() {
            return schema.text();
        }

        @Override
        public String normalized() {
            return schema.text();
        }

        @Override
        public List<String> definedNames() {
            return List.of();
        }

        @Override
        public List<String> declaredReferences() {
            return schema.references().stream().map(SchemaReference::name).toList();
        }
    }
}
