package dev.ferry.serdes.internal;

import dev.ferry.common.Header;
import dev.ferry.common.Headers;
import dev.ferry.common.SerializationException;
import dev.ferry.registry.CompatibilityLevel;
import dev.ferry.registry.RegisteredSchema;
import dev.ferry.registry.Schema;
import dev.ferry.registry.SchemaReference;
import dev.ferry.registry.SchemaRegistryClient;
import dev.ferry.registry.SchemaRegistryException;
import dev.ferry.registry.SchemaType;
import dev.ferry.registry.spi.InvalidSchemaException;
import dev.ferry.registry.spi.ParsedSchema;
import dev.ferry.registry.spi.SchemaFormat;
import dev.ferry.serdes.SchemaIdReading;
import dev.ferry.serdes.SchemaIdWriting;
import dev.ferry.serdes.SerdeConfig;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The registry side of a serializer or deserializer: which subject and id a record's schema gets
 * under the configured mode (auto-register, lookup, latest version, fixed id), and which schema an
 * id names. Callers cache the answers; every call here may go to the registry.
 */
public final class SchemaLookup {

    /**
     * The subject, the id to frame with, the schema the payload must be written with, and whether
     * the id is the subject's latest version ({@code use.latest.version}), which {@link #isOutdated}
     * checks; every other resolution holds for the serializer's life.
     */
    public record Resolved(String subject, int id, ParsedSchema writer, boolean followsLatest) {}

    /** A schema's reference the registry cannot give; carries which one, for the caller's message. */
    private static final class MissingReference extends RuntimeException {
        private static final long serialVersionUID = 1L;

        MissingReference(SchemaReference reference, SchemaRegistryException cause) {
            super(
                    "'" + reference.name() + "' (subject '" + reference.subject() + "', "
                            + (reference.version() == -1 ? "latest version" : "version " + reference.version())
                            + "), which "
                            + (cause.isNotFound() ? "is unknown to the registry" : "cannot be fetched") + ": "
                            + cause.getMessage(),
                    cause);
        }
    }

    /**
     * A registry schema this serde cannot read: of another format, or one that does not parse. Says
     * what is wrong with it ("is an AVRO schema, not JSON"); the caller names topic and schema.
     */
    private static final class UnreadableSchema extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UnreadableSchema(String problem, InvalidSchemaException cause) {
            super(problem, cause);
        }
    }

    private final SchemaRegistryClient registry;
    private final SerdeConfig config;
    private final boolean isKey;
    private final SchemaFormat format;
    private final Map<Integer, ParsedSchema> byId = new ConcurrentHashMap<>();
    private final Map<UUID, ParsedSchema> byGuid = new ConcurrentHashMap<>();

    public SchemaLookup(SchemaRegistryClient registry, SerdeConfig config, boolean isKey, SchemaFormat format) {
        this.registry = registry;
        this.config = config;
        this.isKey = isKey;
        this.format = format;
    }

    public SchemaRegistryClient registry() {
        return registry;
    }

    public SerdeConfig config() {
        return config;
    }

    public boolean isKey() {
        return isKey;
    }

    /** Which part of a record this handles, for messages: {@code "value of topic 'orders'"}. */
    public String describe(String topic) {
        return WireFormat.describe(topic, isKey);
    }

    /** A payload that did not encode with the schema resolved for it: names topic, subject and id. */
    public SerializationException cannotWrite(String topic, String subject, int id, Exception cause) {
        return new SerializationException(
                "Cannot serialize " + describe(topic) + " under subject '" + subject + "' with schema id " + id + ": "
                        + cause.getMessage(),
                cause);
    }

    /**
     * How to frame a resolved schema: its id in front of the payload, or, with
     * {@code *.schema.id.serializer=HeaderSchemaIdSerializer}, its GUID in the record's header.
     *
     * @param indexes the Protobuf message indexes, or null for formats without them
     * @throws SerializationException when headers are asked for and the registry assigns no GUIDs
     */
    public SchemaIdFraming framing(String topic, Resolved resolved, int[] indexes) {
        if (config.schemaIdWriting(isKey) == SchemaIdWriting.PREFIX) {
            return SchemaIdFraming.prefix(resolved.id(), indexes);
        }
        Optional<UUID> guid;
        try {
            guid = registry.guidById(resolved.id());
        } catch (SchemaRegistryException e) {
            throw registryFailure(topic, resolved.subject(), e);
        }
        if (guid.isEmpty()) {
            throw new SerializationException(
                    "Cannot serialize " + describe(topic) + " under subject '" + resolved.subject()
                            + "': "
                            + (isKey ? SerdeConfig.KEY_SCHEMA_ID_SERIALIZER : SerdeConfig.VALUE_SCHEMA_ID_SERIALIZER)
                            + "=HeaderSchemaIdSerializer writes the schema's GUID, and the registry gave schema id "
                            + resolved.id()
                            + " none (GUIDs come with Confluent Platform 8 and later); use PrefixSchemaIdSerializer with this registry");
        }
        return SchemaIdFraming.header(isKey, WireFormat.guidBytes(guid.get(), indexes));
    }

    /**
     * The value of the record's schema id header when this deserializer reads headers
     * ({@code DualSchemaIdDeserializer}, the default) and the record has one; else null. Cheap when absent.
     */
    public byte[] schemaIdHeader(Headers headers) {
        if (headers == null || headers.isEmpty() || config.schemaIdReading(isKey) != SchemaIdReading.DUAL) {
            return null;
        }
        Header header = headers.lastHeader(WireFormat.headerKey(isKey));
        return header == null ? null : header.value();
    }

    /**
     * Where a record names its schema when not by the classic frame's 4-byte id: the schema id header
     * (read as {@link #schemaIdHeader}) or a GUID prefix ({@code 0x01}), located as {@link
     * WireFormat#locate}; null when the frame starts with a numeric id, which every deserializer reads
     * on its own faster path.
     */
    public WireFormat.Located locateByHeaderOrGuid(Headers headers, byte[] data, String topic, boolean indexed) {
        byte[] idHeader = schemaIdHeader(headers);
        if (idHeader == null && (data.length == 0 || data[0] != WireFormat.MAGIC_GUID)) {
            return null;
        }
        return WireFormat.locate(idHeader, data, topic, isKey, indexed);
    }

    /**
     * The subject for a record of {@code recordName} on {@code topic}.
     *
     * @param kind what the schema is ({@code "Avro enum schema t.Color"}), named when it has no record name
     */
    public String subject(String topic, String recordName, String kind) {
        try {
            return config.subjectNameStrategy(isKey).subjectName(topic, isKey, recordName);
        } catch (RuntimeException e) {
            throw new SerializationException(
                    "Cannot serialize " + describe(topic) + ": no subject for "
                            + (recordName != null
                                    ? "record " + recordName
                                    : "its " + kind + ", which has no record name")
                            + ": " + e.getMessage(),
                    e);
        }
    }

    /**
     * Decides subject and id for a record's own schema.
     *
     * @param recordName the name a record name strategy uses, or null when the schema has none
     * @param kind       what the schema is, named in the error when a strategy needs the name it lacks
     * @param ours       the record's schema, with its references already registered; null when the caller
     *                   has none (only with {@code use.schema.id} or {@code use.latest.version}, unchecked)
     */
    public Resolved resolve(String topic, String recordName, String kind, ParsedSchema ours) {
        String subject = subject(topic, recordName, kind);
        try {
            if (config.useSchemaId() >= 0) {
                ParsedSchema fixed;
                try {
                    fixed = schemaById(config.useSchemaId());
                } catch (UnreadableSchema e) {
                    throw new SerializationException(
                            "Cannot serialize " + describe(topic) + " under subject '" + subject
                                    + "' with use.schema.id="
                                    + config.useSchemaId() + ": schema id " + config.useSchemaId() + " "
                                    + e.getMessage(),
                            e.getCause());
                }
                if (config.idCompatibilityStrict() && ours != null) {
                    requireReadable(topic, subject, fixed, ours, "use.schema.id=" + config.useSchemaId());
                }
                return new Resolved(subject, config.useSchemaId(), fixed, false);
            }
            if (config.useLatestVersion()) {
                RegisteredSchema latest = registry.latest(subject);
                ParsedSchema parsed;
                try {
                    parsed = parse(latest.schema());
                } catch (UnreadableSchema e) {
                    throw new SerializationException(
                            "Cannot serialize " + describe(topic) + " under subject '" + subject
                                    + "' with use.latest.version: its latest version " + latest.version()
                                    + ", schema id " + latest.id() + ", " + e.getMessage(),
                            e.getCause());
                }
                if (config.latestCompatibilityStrict() && ours != null) {
                    requireReadable(
                            topic, subject, parsed, ours, "use.latest.version (version " + latest.version() + ")");
                }
                return new Resolved(subject, latest.id(), parsed, true);
            }
            if (ours == null) {
                throw new SerializationException("Cannot serialize " + describe(topic) + " under subject '" + subject
                        + "': no schema to register or look up; give the serializer a schema, or set "
                        + "use.latest.version=true or use.schema.id");
            }
            Schema schema = ours.schema();
            int id = config.autoRegisterSchemas()
                    ? registry.register(subject, schema, config.normalizeSchemas())
                    : registry.lookup(subject, schema, config.normalizeSchemas())
                            .id();
            return new Resolved(subject, id, ours, false);
        } catch (SchemaRegistryException e) {
            throw registryFailure(topic, subject, e);
        } catch (MissingReference e) {
            throw new SerializationException(
                    "Cannot serialize " + describe(topic) + " under subject '" + subject
                            + "': the registry's schema references " + e.getMessage(),
                    e.getCause());
        }
    }

    /**
     * Whether a resolution that follows the latest version framed with {@code id} must be made
     * again: the registry client's latest version of the subject is now another. The client owns
     * {@code latest.cache.ttl.sec} and answers from its cache without waiting (refreshing in the
     * background), so asking it on every record neither blocks nor stacks a second TTL on its own.
     */
    public boolean isOutdated(String topic, String subject, int id) {
        try {
            return registry.latest(subject).id() != id;
        } catch (SchemaRegistryException e) {
            throw registryFailure(topic, subject, e);
        }
    }

    /**
     * The writer's schema a frame's id names, for deserializers; cached. Errors name the id's bytes
     * and, when the registry lacks a schema it references, that reference.
     *
     * @throws SerializationException when the registry does not give the schema or a reference of it
     */
    public ParsedSchema writerSchema(int id, String topic) {
        try {
            return schemaById(id);
        } catch (SchemaRegistryException e) {
            throw new SerializationException(
                    "Cannot deserialize " + describe(topic) + ": schema id " + id + " (bytes 1 to 4) "
                            + (e.isNotFound() ? "is unknown to the registry" : "cannot be fetched") + ": "
                            + e.getMessage(),
                    e);
        } catch (MissingReference e) {
            throw new SerializationException(
                    "Cannot deserialize " + describe(topic) + ": schema id " + id + " (bytes 1 to 4) references "
                            + e.getMessage(),
                    e.getCause());
        } catch (UnreadableSchema e) {
            throw new SerializationException(
                    "Cannot deserialize " + describe(topic) + ": schema id " + id + " (bytes 1 to 4) " + e.getMessage(),
                    e.getCause());
        }
    }

    /**
     * The writer's schema a frame's identity names, by id or GUID, for deserializers; cached.
     *
     * @throws SerializationException when the registry does not give the schema or a reference of it
     */
    public ParsedSchema writerSchema(WireFormat.Located at, String topic) {
        if (at.guid() == null) {
            return writerSchema(at.id(), topic);
        }
        ParsedSchema cached = byGuid.get(at.guid());
        if (cached != null) {
            return cached;
        }
        try {
            ParsedSchema parsed = parse(registry.schemaByGuid(at.guid()));
            ParsedSchema raced = byGuid.putIfAbsent(at.guid(), parsed);
            return raced != null ? raced : parsed;
        } catch (SchemaRegistryException e) {
            throw new SerializationException(
                    "Cannot deserialize " + describe(topic) + ": " + at.schemaName() + " "
                            + (e.isNotFound() ? "is unknown to the registry" : "cannot be fetched") + ": "
                            + e.getMessage(),
                    e);
        } catch (MissingReference e) {
            throw new SerializationException(
                    "Cannot deserialize " + describe(topic) + ": " + at.schemaName() + " references " + e.getMessage(),
                    e.getCause());
        } catch (UnreadableSchema e) {
            throw new SerializationException(
                    "Cannot deserialize " + describe(topic) + ": " + at.schemaName() + " " + e.getMessage(),
                    e.getCause());
        }
    }

    /** Registers (or, without auto-registration, looks up) a referenced schema; returns its version. */
    public int registerReference(String topic, String subject, Schema schema) {
        try {
            if (config.autoRegisterSchemas()) {
                registry.register(subject, schema, config.normalizeSchemas());
            }
            return registry.lookup(subject, schema, config.normalizeSchemas()).version();
        } catch (SchemaRegistryException e) {
            throw registryFailure(topic, subject, e);
        }
    }

    private SerializationException registryFailure(String topic, String subject, SchemaRegistryException e) {
        String hint = e.isNotFound() && !config.autoRegisterSchemas()
                ? " (the schema is not registered and auto.register.schemas=false)"
                : e.isIncompatible()
                        ? " (the registry rejects it as incompatible with the subject's compatibility level)"
                        : "";
        return new SerializationException(
                "Cannot serialize " + describe(topic) + " under subject '" + subject + "'" + hint + ": "
                        + e.getMessage(),
                e);
    }

    private void requireReadable(String topic, String subject, ParsedSchema reader, ParsedSchema writer, String mode) {
        List<String> problems = format.checkCompatibility(CompatibilityLevel.BACKWARD, reader, List.of(writer));
        if (!problems.isEmpty()) {
            throw new SerializationException("Cannot serialize " + describe(topic) + " under subject '" + subject
                    + "' with " + mode + ": the registered schema cannot read the record's schema: "
                    + String.join("; ", problems));
        }
    }

    /** The schema a registry id names, parsed with its references; cached. */
    private ParsedSchema schemaById(int id) {
        ParsedSchema cached = byId.get(id);
        if (cached != null) {
            return cached;
        }
        ParsedSchema parsed = parse(registry.schemaById(id));
        byId.putIfAbsent(id, parsed);
        return parsed;
    }

    /**
     * Parses a registry schema, fetching the texts of its references recursively. A schema of
     * another format is refused before its text is read, as Confluent's serdes refuse it (their cast
     * to the format's schema class fails): a text may parse in two formats ({@code {"type":"string"}}
     * is Avro and JSON Schema) and its payload be misread.
     *
     * @throws UnreadableSchema when the schema is of another format or does not parse
     */
    private ParsedSchema parse(Schema schema) {
        if (schema.type() != format.type()) {
            throw new UnreadableSchema("is " + withArticle(schema.type()) + " schema, not " + format.type(), null);
        }
        Map<String, String> references = new HashMap<>();
        collectReferences(schema.references(), references);
        try {
            return format.parse(schema, references);
        } catch (InvalidSchemaException e) {
            throw new UnreadableSchema(
                    "is " + withArticle(schema.type()) + " schema that cannot be parsed: " + e.getMessage(), e);
        }
    }

    private static String withArticle(SchemaType type) {
        return (type == SchemaType.AVRO ? "an " : "a ") + type;
    }

    private void collectReferences(List<SchemaReference> references, Map<String, String> texts) {
        for (SchemaReference reference : references) {
            if (texts.containsKey(reference.name())) {
                continue;
            }
            RegisteredSchema referenced;
            try {
                referenced = reference.version() == -1
                        ? registry.latest(reference.subject())
                        : registry.schema(reference.subject(), reference.version());
            } catch (SchemaRegistryException e) {
                throw new MissingReference(reference, e);
            }
            texts.put(reference.name(), referenced.schema().text());
            collectReferences(referenced.schema().references(), texts);
        }
    }
}
