package dev.ferry.serdes;

import dev.ferry.common.ConfigException;
import dev.ferry.common.internal.config.ConfigTable;
import dev.ferry.registry.SchemaRegistryConfig;
import dev.ferry.serdes.internal.config.SerdeSettings;
import dev.ferry.serdes.json.JsonSchemaSpecVersion;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Immutable settings of Ferry's schema-registry serializers and deserializers, with Confluent's
 * property names and meanings.
 *
 * <pre>{@code
 * SerdeConfig config = SerdeConfig.builder()
 *         .autoRegisterSchemas(false)
 *         .useLatestVersion(true)
 *         .valueSubjectNameStrategy(new RecordNameStrategy())
 *         .build();
 * // or from the same properties a Confluent serializer takes:
 * SerdeConfig same = SerdeConfig.fromProperties(Map.of(
 *         "schema.registry.url", "http://registry:8081",
 *         "auto.register.schemas", "false",
 *         "use.latest.version", "true",
 *         "value.subject.name.strategy", "io.confluent.kafka.serializers.subject.RecordNameStrategy"));
 * }</pre>
 *
 * <p>Every key, with its default and meaning, is listed in the README's configuration reference
 * (generated from this class's key table). Every other key (for example {@code schema.registry.url}
 * and the registry client's keys) is kept and passed to the registry client; among them
 * {@code latest.cache.ttl.sec} (60 s): with {@code use.latest.version} a serializer writes with the
 * client's latest version of the subject, refreshed in the background once this has passed (see
 * {@link SchemaRegistryConfig}). Values are read as strings, booleans, numbers, {@code Class} objects
 * or instances; a malformed value is a {@link ConfigException} naming key, value and what is allowed,
 * by the same rule for properties and builder setters. Immutable and thread-safe; builders are not
 * thread-safe.
 */
public final class SerdeConfig {

    public static final String AUTO_REGISTER_SCHEMAS = "auto.register.schemas";
    public static final String USE_LATEST_VERSION = "use.latest.version";
    public static final String LATEST_COMPATIBILITY_STRICT = "latest.compatibility.strict";
    public static final String USE_SCHEMA_ID = "use.schema.id";
    public static final String ID_COMPATIBILITY_STRICT = "id.compatibility.strict";
    public static final String NORMALIZE_SCHEMAS = "normalize.schemas";
    public static final String KEY_SUBJECT_NAME_STRATEGY = "key.subject.name.strategy";
    public static final String VALUE_SUBJECT_NAME_STRATEGY = "value.subject.name.strategy";
    public static final String REFERENCE_SUBJECT_NAME_STRATEGY = "reference.subject.name.strategy";
    public static final String KEY_SCHEMA_ID_SERIALIZER = "key.schema.id.serializer";
    public static final String VALUE_SCHEMA_ID_SERIALIZER = "value.schema.id.serializer";
    public static final String KEY_SCHEMA_ID_DESERIALIZER = "key.schema.id.deserializer";
    public static final String VALUE_SCHEMA_ID_DESERIALIZER = "value.schema.id.deserializer";
    public static final String SKIP_KNOWN_TYPES = "skip.known.types";
    public static final String AVRO_USE_LOGICAL_TYPE_CONVERTERS = "avro.use.logical.type.converters";
    public static final String AVRO_REMOVE_JAVA_PROPERTIES = "avro.remove.java.properties";
    public static final String SPECIFIC_AVRO_READER = "specific.avro.reader";
    public static final String SPECIFIC_AVRO_KEY_TYPE = "specific.avro.key.type";
    public static final String SPECIFIC_AVRO_VALUE_TYPE = "specific.avro.value.type";
    public static final String SPECIFIC_PROTOBUF_KEY_TYPE = "specific.protobuf.key.type";
    public static final String SPECIFIC_PROTOBUF_VALUE_TYPE = "specific.protobuf.value.type";
    public static final String JSON_KEY_TYPE = "json.key.type";
    public static final String JSON_VALUE_TYPE = "json.value.type";
    public static final String JSON_SCHEMA_SPEC_VERSION = "json.schema.spec.version";
    public static final String JSON_FAIL_UNKNOWN_PROPERTIES = "json.fail.unknown.properties";
    public static final String JSON_WRITE_DATES_ISO8601 = "json.write.dates.iso8601";
    public static final String JSON_INDENT_OUTPUT = "json.indent.output";
    public static final String JSON_ENVELOPE_DETECTION = "json.envelope.detection";
    public static final String TYPE_PROPERTY = "type.property";
    public static final String JSON_TYPE_ALLOWED_PACKAGES = "json.type.allowed.packages";

    private static final ConfigTable<SerdeSettings> KEYS = SerdeSettings.KEYS;
    private static final SerdeConfig DEFAULTS = builder().build();

    private final SerdeSettings s;
    private final Map<String, Object> registryProperties;

    private SerdeConfig(Builder b) {
        s = b.s.copy();
        registryProperties = Map.copyOf(b.registryProperties);
    }

    /** The defaults: auto-register under {@code <topic>-key|value}. */
    public static SerdeConfig defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder(new SerdeSettings());
    }

    /** A builder holding this configuration's values. */
    public Builder toBuilder() {
        Builder b = new Builder(s.copy());
        b.registryProperties.putAll(registryProperties);
        return b;
    }

    /**
     * Reads Confluent's serializer properties; unknown keys are kept for the registry client.
     *
     * @throws ConfigException naming the key, the value and what is allowed, also for keys in conflict
     */
    public static SerdeConfig fromProperties(Map<String, ?> properties) {
        Builder b = new Builder(KEYS.apply(properties, new SerdeSettings()));
        for (String key : KEYS.unknownKeys(properties)) {
            b.registryProperties.put(key, properties.get(key));
        }
        return b.build();
    }

    public boolean autoRegisterSchemas() {
        return s.autoRegisterSchemas;
    }

    public boolean useLatestVersion() {
        return s.useLatestVersion;
    }

    public boolean latestCompatibilityStrict() {
        return s.latestCompatibilityStrict;
    }

    /** The schema id to write with, or {@code -1} when unset. */
    public int useSchemaId() {
        return s.useSchemaId;
    }

    public boolean idCompatibilityStrict() {
        return s.idCompatibilityStrict;
    }

    public boolean normalizeSchemas() {
        return s.normalizeSchemas;
    }

    public SubjectNameStrategy keySubjectNameStrategy() {
        return s.keySubjectNameStrategy;
    }

    public SubjectNameStrategy valueSubjectNameStrategy() {
        return s.valueSubjectNameStrategy;
    }

    /** The key or value strategy. */
    public SubjectNameStrategy subjectNameStrategy(boolean isKey) {
        return isKey ? s.keySubjectNameStrategy : s.valueSubjectNameStrategy;
    }

    public ReferenceSubjectNameStrategy referenceSubjectNameStrategy() {
        return s.referenceSubjectNameStrategy;
    }

    /** Where a serializer of keys or values puts the schema's identity. */
    public SchemaIdWriting schemaIdWriting(boolean isKey) {
        return isKey ? s.keySchemaIdWriting : s.valueSchemaIdWriting;
    }

    /** Where a deserializer of keys or values looks for the schema's identity. */
    public SchemaIdReading schemaIdReading(boolean isKey) {
        return isKey ? s.keySchemaIdReading : s.valueSchemaIdReading;
    }

    public boolean skipKnownTypes() {
        return s.skipKnownTypes;
    }

    public boolean useLogicalTypeConverters() {
        return s.useLogicalTypeConverters;
    }

    /** Whether Avro schemas are registered and looked up without their {@code avro.java.*} properties. */
    public boolean removeJavaProperties() {
        return s.removeJavaProperties;
    }

    public boolean specificAvroReader() {
        return s.specificAvroReader;
    }

    /** The generated Avro class keys or values are read into, or {@code null} for the writer schema's. */
    public Class<?> specificAvroType(boolean isKey) {
        return isKey ? s.specificAvroKeyType : s.specificAvroValueType;
    }

    /** The generated Protobuf class keys or values are read into, or {@code null} for {@code DynamicMessage}. */
    public Class<?> specificProtobufType(boolean isKey) {
        return isKey ? s.specificProtobufKeyType : s.specificProtobufValueType;
    }

    /** The class JSON keys or values are read into, or {@code null} for a Jackson tree. */
    public Class<?> jsonType(boolean isKey) {
        return isKey ? s.jsonKeyType : s.jsonValueType;
    }

    /** The draft of JSON Schemas derived from classes. */
    public JsonSchemaSpecVersion jsonSchemaSpecVersion() {
        return s.jsonSchemaSpecVersion;
    }

    /** Whether JSON Schemas derived from classes forbid undeclared properties. */
    public boolean jsonFailUnknownProperties() {
        return s.jsonFailUnknownProperties;
    }

    /** Whether JSON serializers write {@code java.time} values as ISO-8601 strings rather than timestamps. */
    public boolean jsonWriteDatesIso8601() {
        return s.jsonWriteDatesIso8601;
    }

    /** Whether JSON serializers write indented JSON. */
    public boolean jsonIndentOutput() {
        return s.jsonIndentOutput;
    }

    /** Whether a JSON Schema serializer writes an envelope's payload with the envelope's schema. */
    public boolean jsonEnvelopeDetection() {
        return s.jsonEnvelopeDetection;
    }

    /** The JSON Schema property naming the class a deserializer asked for {@code Object} reads into. */
    public String jsonTypeProperty() {
        return s.jsonTypeProperty;
    }

    /** The package prefixes of the classes {@link #jsonTypeProperty()} may name; {@code *} allows all. */
    public List<String> jsonTypeAllowedPackages() {
        return s.jsonTypeAllowedPackages;
    }

    /** Every property not read here, for the registry client ({@code schema.registry.url}, ...). */
    public Map<String, Object> registryProperties() {
        return registryProperties;
    }

    /** Every setting by its key, in property form, as {@link #fromProperties} would read it again. */
    Map<String, Object> values() {
        return KEYS.values(s);
    }

    /** Every setting by its key, and the keys (not the values) passed to the registry client. */
    @Override
    public String toString() {
        return "SerdeConfig" + KEYS.describe(values()) + "[registryPropertyKeys="
                + registryProperties.keySet().stream().sorted().toList() + "]";
    }

    /**
     * Builds a {@link SerdeConfig}; each setter validates at once, by the same rule as
     * {@link #fromProperties}. Not thread-safe.
     */
    public static final class Builder {
        private final SerdeSettings s;
        private final Map<String, Object> registryProperties = new LinkedHashMap<>();

        private Builder(SerdeSettings settings) {
            this.s = settings;
        }

        public Builder autoRegisterSchemas(boolean value) {
            return set(AUTO_REGISTER_SCHEMAS, value);
        }

        public Builder useLatestVersion(boolean value) {
            return set(USE_LATEST_VERSION, value);
        }

        public Builder latestCompatibilityStrict(boolean value) {
            return set(LATEST_COMPATIBILITY_STRICT, value);
        }

        /** @param id a schema id (0 or more), or -1 to unset */
        public Builder useSchemaId(int id) {
            return set(USE_SCHEMA_ID, id);
        }

        public Builder idCompatibilityStrict(boolean value) {
            return set(ID_COMPATIBILITY_STRICT, value);
        }

        public Builder normalizeSchemas(boolean value) {
            return set(NORMALIZE_SCHEMAS, value);
        }

        public Builder keySubjectNameStrategy(SubjectNameStrategy strategy) {
            return set(KEY_SUBJECT_NAME_STRATEGY, strategy);
        }

        public Builder valueSubjectNameStrategy(SubjectNameStrategy strategy) {
            return set(VALUE_SUBJECT_NAME_STRATEGY, strategy);
        }

        public Builder referenceSubjectNameStrategy(ReferenceSubjectNameStrategy strategy) {
            return set(REFERENCE_SUBJECT_NAME_STRATEGY, strategy);
        }

        public Builder keySchemaIdWriting(SchemaIdWriting writing) {
            return set(KEY_SCHEMA_ID_SERIALIZER, writing);
        }

        public Builder valueSchemaIdWriting(SchemaIdWriting writing) {
            return set(VALUE_SCHEMA_ID_SERIALIZER, writing);
        }

        public Builder keySchemaIdReading(SchemaIdReading reading) {
            return set(KEY_SCHEMA_ID_DESERIALIZER, reading);
        }

        public Builder valueSchemaIdReading(SchemaIdReading reading) {
            return set(VALUE_SCHEMA_ID_DESERIALIZER, reading);
        }

        public Builder skipKnownTypes(boolean value) {
            return set(SKIP_KNOWN_TYPES, value);
        }

        public Builder useLogicalTypeConverters(boolean value) {
            return set(AVRO_USE_LOGICAL_TYPE_CONVERTERS, value);
        }

        /** {@code avro.remove.java.properties}, Confluent's key. */
        public Builder removeJavaProperties(boolean value) {
            return set(AVRO_REMOVE_JAVA_PROPERTIES, value);
        }

        public Builder specificAvroReader(boolean value) {
            return set(SPECIFIC_AVRO_READER, value);
        }

        /** @param type a generated Avro record class, or null for the class the writer's schema names */
        public Builder specificAvroKeyType(Class<?> type) {
            s.specificAvroKeyType = checked(SPECIFIC_AVRO_KEY_TYPE, type);
            return this;
        }

        /** @param type a generated Avro record class, or null for the class the writer's schema names */
        public Builder specificAvroValueType(Class<?> type) {
            s.specificAvroValueType = checked(SPECIFIC_AVRO_VALUE_TYPE, type);
            return this;
        }

        /** @param type a generated {@code com.google.protobuf.Message} class, or null for DynamicMessage */
        public Builder specificProtobufKeyType(Class<?> type) {
            s.specificProtobufKeyType = checked(SPECIFIC_PROTOBUF_KEY_TYPE, type);
            return this;
        }

        /** @param type a generated {@code com.google.protobuf.Message} class, or null for DynamicMessage */
        public Builder specificProtobufValueType(Class<?> type) {
            s.specificProtobufValueType = checked(SPECIFIC_PROTOBUF_VALUE_TYPE, type);
            return this;
        }

        public Builder jsonKeyType(Class<?> type) {
            s.jsonKeyType = type;
            return this;
        }

        public Builder jsonValueType(Class<?> type) {
            s.jsonValueType = type;
            return this;
        }

        public Builder jsonSchemaSpecVersion(JsonSchemaSpecVersion version) {
            return set(JSON_SCHEMA_SPEC_VERSION, version);
        }

        public Builder jsonFailUnknownProperties(boolean value) {
            return set(JSON_FAIL_UNKNOWN_PROPERTIES, value);
        }

        public Builder jsonWriteDatesIso8601(boolean value) {
            return set(JSON_WRITE_DATES_ISO8601, value);
        }

        public Builder jsonIndentOutput(boolean value) {
            return set(JSON_INDENT_OUTPUT, value);
        }

        public Builder jsonEnvelopeDetection(boolean value) {
            return set(JSON_ENVELOPE_DETECTION, value);
        }

        public Builder jsonTypeProperty(String property) {
            return set(TYPE_PROPERTY, property);
        }

        public Builder jsonTypeAllowedPackages(List<String> packages) {
            return set(JSON_TYPE_ALLOWED_PACKAGES, packages);
        }

        /** Adds a property for the registry client, e.g. {@code schema.registry.url}. */
        public Builder registryProperty(String key, Object value) {
            Objects.requireNonNull(key, "registry property key");
            registryProperties.put(key, Objects.requireNonNull(value, key));
            return this;
        }

        /**
         * @throws ConfigException when {@code use.latest.version} or {@code use.schema.id} is combined with
         *     {@code auto.register.schemas=true}, or both are set, or a {@code specific.avro.*.type} without
         *     {@code specific.avro.reader=true}
         */
        public SerdeConfig build() {
            s.checkRules();
            return new SerdeConfig(this);
        }

        /** Through the key's row: null refused naming the key, then the row's rule and setter. */
        private Builder set(String key, Object value) {
            KEYS.set(s, key, value);
            return this;
        }

        private static Class<?> checked(String key, Class<?> type) {
            return type == null ? null : KEYS.check(key, type);
        }
    }
}
