package dev.ferry.serdes.testing;

import dev.ferry.registry.CompatibilityLevel;
import dev.ferry.registry.CompatibilityResult;
import dev.ferry.registry.Mode;
import dev.ferry.registry.RegisteredSchema;
import dev.ferry.registry.Schema;
import dev.ferry.registry.SchemaRegistryClient;
import dev.ferry.registry.SchemaRegistryException;
import dev.ferry.registry.spi.ParsedSchema;
import dev.ferry.registry.spi.SchemaFormat;
import dev.ferry.registry.spi.SchemaFormats;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test-only registry: ids shared across subjects for equal schemas, versions per subject, and a
 * compatibility level enforced with the formats of this module. Counts calls so tests can prove
 * that a warm serializer asks nothing.
 */
public final class InMemoryRegistry implements SchemaRegistryClient {

    private final Map<Schema, Integer> ids = new HashMap<>();
    private final Map<Integer, Schema> schemas = new HashMap<>();
    private final Map<String, List<Integer>> subjects = new LinkedHashMap<>();
    private final AtomicInteger calls = new AtomicInteger();
    private CompatibilityLevel level = CompatibilityLevel.NONE;
    private int nextId = 1;

    public int calls() {
        return calls.get();
    }

    @Override
    public synchronized int register(String subject, Schema schema, boolean normalize) {
        calls.incrementAndGet();
        Integer existing = ids.get(schema);
        List<Integer> versions = subjects.computeIfAbsent(subject, s -> new ArrayList<>());
        if (existing != null && versions.contains(existing)) {
            return existing;
        }
        if (!versions.isEmpty() && level != CompatibilityLevel.NONE) {
            SchemaFormat format = SchemaFormats.find(schema.type()).orElseThrow();
            List<ParsedSchema> previous = new ArrayList<>();
            for (int i = versions.size() - 1; i >= 0; i--) {
                previous.add(parse(format, schemas.get(versions.get(i))));
            }
            List<String> problems = format.checkCompatibility(level, parse(format, schema), previous);
            if (!problems.isEmpty()) {
                throw new SchemaRegistryException("POST /subjects/" + subject + "/versions", 409, 40901,
                        "Schema being registered is incompatible with an earlier schema; " + problems, null);
            }
        }
        int id = existing != null ? existing : nextId++;
        ids.put(schema, id);
        schemas.put(id, schema);
        versions.add(id);
        return id;
    }

    private ParsedSchema parse(SchemaFormat format, Schema schema) {
        Map<String, String> references = new HashMap<>();
        for (var reference : schema.references()) {
            references.put(reference.name(), schema(reference.subject(), reference.version()).schema().text());
        }
        return format.parse(schema, references);
    }

    @Override
    public synchronized RegisteredSchema lookup(String subject, Schema schema, boolean normalize) {
        calls.incrementAndGet();
        Integer id = ids.get(schema);
        List<Integer> versions = subjects.get(subject);
        if (versions == null) {
            throw new SchemaRegistryException("POST /subjects/" + subject, 404, 40401, "Subject '" + subject + "' not found.", null);
        }
        if (id == null || !versions.contains(id)) {
            throw new SchemaRegistryException("POST /subjects/" + subject, 404, 40403, "Schema not found", null);
        }
        return new RegisteredSchema(subject, id, versions.indexOf(id) + 1, schema);
    }

    @Override
    public synchronized Schema schemaById(int id) {
        calls.incrementAndGet();
        Schema schema = schemas.get(id);
        if (schema == null) {
            throw new SchemaRegistryException("GET /schemas/ids/" + id, 404, 40403, "Schema " + id + " not found", null);
        }
        return schema;
    }

    @Override
    public synchronized RegisteredSchema schema(String subject, int version) {
        calls.incrementAndGet();
        List<Integer> versions = subjects.get(subject);
        if (versions == null || version < 1 || version > versions.size()) {
            throw new SchemaRegistryException("GET /subjects/" + subject + "/versions/" + version, 404, 40402,
                    "Version not found.", null);
        }
        int id = versions.get(version - 1);
        return new RegisteredSchema(subject, id, version, schemas.get(id));
    }

    @Override
    public synchronized RegisteredSchema latest(String subject) {
        List<Integer> versions = subjects.get(subject);
        if (versions == null) {
            calls.incrementAndGet();
            throw new SchemaRegistryException("GET /subjects/" + subject + "/versions/latest", 404, 40401,
                    "Subject '" + subject + "' not found.", null);
        }
        return schema(subject, versions.size());
    }

    @Override
    public synchronized List<Integer> versions(String subject, boolean includeDeleted) {
        List<Integer> versions = subjects.getOrDefault(subject, List.of());
        List<Integer> numbers = new ArrayList<>();
        for (int i = 1; i <= versions.size(); i++) {
            numbers.add(i);
        }
        return numbers;
    }

    @Override
    public synchronized List<String> subjects(boolean includeDeleted) {
        return List.copyOf(subjects.keySet());
    }

    @Override
    public List<Integer> deleteSubject(String subject, boolean permanent) {
        throw new UnsupportedOperationException("not needed by the serdes tests");
    }

    @Override
    public int deleteVersion(String subject, int version, boolean permanent) {
        throw new UnsupportedOperationException("not needed by the serdes tests");
    }

    @Override
    public CompatibilityResult testCompatibility(String subject, Schema schema) {
        throw new UnsupportedOperationException("not needed by the serdes tests");
    }

    @Override
    public CompatibilityResult testCompatibility(String subject, int version, Schema schema) {
        throw new UnsupportedOperationException("not needed by the serdes tests");
    }

    @Override
    public CompatibilityLevel globalCompatibility() {
        return level;
    }

    @Override
    public synchronized void setGlobalCompatibility(CompatibilityLevel level) {
        this.level = level;
    }

    @Override
    public Optional<CompatibilityLevel> compatibility(String subject, boolean defaultToGlobal) {
        return Optional.of(level);
    }

    @Override
    public void setCompatibility(String subject, CompatibilityLevel level) {
        throw new UnsupportedOperationException("not needed by the serdes tests");
    }

    @Override
    public void deleteCompatibility(String subject) {
        throw new UnsupportedOperationException("not needed by the serdes tests");
    }

    @Override
    public Mode mode() {
        throw new UnsupportedOperationException("not needed by the serdes tests");
    }

    @Override
    public void setMode(Mode mode) {
        throw new UnsupportedOperationException("not needed by the serdes tests");
    }

    @Override
    public Mode mode(String subject) {
        throw new UnsupportedOperationException("not needed by the serdes tests");
    }

    @Override
    public void setMode(String subject, Mode mode) {
        throw new UnsupportedOperationException("not needed by the serdes tests");
    }

    @Override
    public void preload(String... subjects) {
    }

    @Override
    public void close() {
    }
}
