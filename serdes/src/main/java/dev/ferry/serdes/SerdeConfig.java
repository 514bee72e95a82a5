package dev.ferry.serdes;

import dev.ferry.registry.SchemaRegistryConfig;
import dev.ferry.serdes.json.JsonSchemaSpecVersion;
import java.lang.reflect.InvocationTargetException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

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
 * <table>
 *   <caption>Properties</caption>
 *   <tr><th>key</th><th>meaning</th><th>default</th></tr>
 *   <tr><td>{@code auto.register.schemas}</td><td>register the record's schema if the subject lacks it</td><td>true</td></tr>
 *   <tr><td>{@code use.latest.version}</td><td>write with the subject's latest schema instead of the
 *       record's (needs {@code auto.register.schemas=false})</td><td>false</td></tr>
 *   <tr><td>{@code latest.compatibility.strict}</td><td>with {@code use.latest.version}: the latest
 *       schema must be able to read data written with the record's schema</td><td>true</td></tr>
 *   <tr><td>{@code use.schema.id}</td><td>write with this schema id (needs
 *       {@code auto.register.schemas=false}); -1: unset</td><td>-1</td></tr>
 *   <tr><td>{@code id.compatibility.strict}</td><td>with {@code use.schema.id}: that schema must be
 *       able to read data written with the record's schema</td><td>true</td></tr>
 *   <tr><td>{@code normalize.schemas}</td><td>register and look up with {@code normalize=true}</td><td>false</td></tr>
 *   <tr><td>{@code key.subject.name.strategy}, {@code value.subject.name.strategy}</td><td>a
 *       {@link SubjectNameStrategy} class; Confluent's {@code TopicNameStrategy},
 *       {@code RecordNameStrategy}, {@code TopicRecordNameStrategy} map to Ferry's</td><td>{@link TopicNameStrategy}</td></tr>
 *   <tr><td>{@code key.schema.id.serializer}, {@code value.schema.id.serializer}</td><td>where the
 *       schema's identity goes: Confluent's {@code PrefixSchemaIdSerializer} (id before the payload) or
 *       {@code HeaderSchemaIdSerializer} (GUID in a {@code __key_schema_id}/{@code __value_schema_id}
 *       header); see {@link SchemaIdWriting}</td><td>prefix</td></tr>
 *   <tr><td>{@code key.schema.id.deserializer}, {@code value.schema.id.deserializer}</td><td>where it is
 *       read: Confluent's {@code DualSchemaIdDeserializer} (the header if present, else the prefix) or
 *       {@code PrefixSchemaIdDeserializer}; see {@link SchemaIdReading}</td><td>dual</td></tr>
 *   <tr><td>{@code reference.subject.name.strategy}</td><td>a {@link ReferenceSubjectNameStrategy}
 *       class; Confluent's {@code DefaultReferenceSubjectNameStrategy} maps to the default</td><td>import name</td></tr>
 *   <tr><td>{@code skip.known.types}</td><td>Protobuf: do not register well-known types
 *       ({@code google/protobuf/*.proto}) as references</td><td>true</td></tr>
 *   <tr><td>{@code avro.remove.java.properties}</td><td>Avro: register and look up the schema without
 *       the {@code avro.java.*} properties generated classes carry ({@code avro.java.string}), so it
 *       matches a schema registered from its {@code .avsc}</td><td>false</td></tr>
 *   <tr><td>{@code avro.use.logical.type.converters}</td><td>Avro generic and reflect data: map
 *       logical types to Java types ({@code BigDecimal}, {@code UUID}, {@code LocalDate},
 *       {@code Instant}...)</td><td>false</td></tr>
 *   <tr><td>{@code specific.avro.reader}</td><td>Avro: read into generated classes</td><td>false</td></tr>
 *   <tr><td>{@code specific.avro.key.type}, {@code specific.avro.value.type}</td><td>Avro, with
 *       {@code specific.avro.reader=true}: read into this generated class; it and the classes its
 *       schema names need no {@code org.apache.avro.SERIALIZABLE_PACKAGES} entry</td><td>the class
 *       named by the writer's schema</td></tr>
 *   <tr><td>{@code specific.protobuf.key.type}, {@code specific.protobuf.value.type}</td><td>Protobuf:
 *       read into this generated class instead of {@code DynamicMessage}</td><td>none</td></tr>
 *   <tr><td>{@code json.key.type}, {@code json.value.type}</td><td>JSON: read into this class</td><td>a Jackson tree</td></tr>
 *   <tr><td>{@code json.schema.spec.version}</td><td>JSON Schema serializer without a given schema:
 *       the draft of the schema derived from the value's class ({@code draft_6}, {@code draft_7},
 *       {@code draft_2019_09}, {@code draft_2020_12})</td><td>{@code draft_7}</td></tr>
 *   <tr><td>{@code json.fail.unknown.properties}</td><td>the derived schema forbids properties the
 *       class does not declare ({@code additionalProperties: false})</td><td>true</td></tr>
 * </table>
 *
 * <p>Every other key (for example {@code schema.registry.url} and the registry client's keys) is
 * kept and passed to the registry client. Among them {@code latest.cache.ttl.sec} (60 s): with
 * {@code use.latest.version} a serializer writes with the client's latest version of the subject,
 * which the client serves from its cache without waiting and refreshes in the background once this
 * has passed; one time to live, the client's (see {@link SchemaRegistryConfig}). Values are read as
 * strings, booleans, numbers or {@code Class} objects; a malformed value fails with a message
 * naming the key. Immutable and thread-safe; builders are not thread-safe.
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

    private static final SerdeConfig DEFAULTS = builder().build();
    private static final String CONFLUENT_ID_PACKAGE = "io.confluent.kafka.serializers.schema.id.";
    private static final Pattern SHOWN_TOKEN = Pattern.compile("[\\p{Alnum}._$+-]{1,100}");

    private final boolean autoRegisterSchemas;
    private final boolean useLatestVersion;
    private final boolean latestCompatibilityStrict;
    private final int useSchemaId;
    private final boolean idCompatibilityStrict;
    private final boolean normalizeSchemas;
    private final SubjectNameStrategy keySubjectNameStrategy;
    private final SubjectNameStrategy valueSubjectNameStrategy;
    private final ReferenceSubjectNameStrategy referenceSubjectNameStrategy;
    private final SchemaIdWriting keySchemaIdWriting;
    private final SchemaIdWriting valueSchemaIdWriting;
    private final SchemaIdReading keySchemaIdReading;
    private final SchemaIdReading valueSchemaIdReading;
    private final boolean skipKnownTypes;
    private final boolean useLogicalTypeConverters;
    private final boolean removeJavaProperties;
    private final boolean specificAvroReader;
    private final Class<?> specificAvroKeyType;
    private final Class<?> specificAvroValueType;
    private final Class<?> specificProtobufKeyType;
    private final Class<?> specificProtobufValueType;
    private final Class<?> jsonKeyType;
    private final Class<?> jsonValueType;
    private final JsonSchemaSpecVersion jsonSchemaSpecVersion;
    private final boolean jsonFailUnknownProperties;
    private final Map<String, Object> registryProperties;

    private SerdeConfig(Builder b) {
        autoRegisterSchemas = b.autoRegisterSchemas;
        useLatestVersion = b.useLatestVersion;
        latestCompatibilityStrict = b.latestCompatibilityStrict;
        useSchemaId = b.useSchemaId;
        idCompatibilityStrict = b.idCompatibilityStrict;
        normalizeSchemas = b.normalizeSchemas;
        keySubjectNameStrategy = b.keySubjectNameStrategy;
        valueSubjectNameStrategy = b.valueSubjectNameStrategy;
        referenceSubjectNameStrategy = b.referenceSubjectNameStrategy;
        keySchemaIdWriting = b.keySchemaIdWriting;
        valueSchemaIdWriting = b.valueSchemaIdWriting;
        keySchemaIdReading = b.keySchemaIdReading;
        valueSchemaIdReading = b.valueSchemaIdReading;
        skipKnownTypes = b.skipKnownTypes;
        useLogicalTypeConverters = b.useLogicalTypeConverters;
        removeJavaProperties = b.removeJavaProperties;
        specificAvroReader = b.specificAvroReader;
        specificAvroKeyType = b.specificAvroKeyType;
        specificAvroValueType = b.specificAvroValueType;
        specificProtobufKeyType = b.specificProtobufKeyType;
        specificProtobufValueType = b.specificProtobufValueType;
        jsonKeyType = b.jsonKeyType;
        jsonValueType = b.jsonValueType;
        jsonSchemaSpecVersion = b.jsonSchemaSpecVersion;
        jsonFailUnknownProperties = b.jsonFailUnknownProperties;
        registryProperties = Map.copyOf(b.registryProperties);
    }

    /** The defaults: auto-register under {@code <topic>-key|value}. */
    public static SerdeConfig defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this configuration's values. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.autoRegisterSchemas = autoRegisterSchemas;
        b.useLatestVersion = useLatestVersion;
        b.latestCompatibilityStrict = latestCompatibilityStrict;
        b.useSchemaId = useSchemaId;
        b.idCompatibilityStrict = idCompatibilityStrict;
        b.normalizeSchemas = normalizeSchemas;
        b.keySubjectNameStrategy = keySubjectNameStrategy;
        b.valueSubjectNameStrategy = valueSubjectNameStrategy;
        b.referenceSubjectNameStrategy = referenceSubjectNameStrategy;
        b.keySchemaIdWriting = keySchemaIdWriting;
        b.valueSchemaIdWriting = valueSchemaIdWriting;
        b.keySchemaIdReading = keySchemaIdReading;
        b.valueSchemaIdReading = valueSchemaIdReading;
        b.skipKnownTypes = skipKnownTypes;
        b.useLogicalTypeConverters = useLogicalTypeConverters;
        b.removeJavaProperties = removeJavaProperties;
        b.specificAvroReader = specificAvroReader;
        b.specificAvroKeyType = specificAvroKeyType;
        b.specificAvroValueType = specificAvroValueType;
        b.specificProtobufKeyType = specificProtobufKeyType;
        b.specificProtobufValueType = specificProtobufValueType;
        b.jsonKeyType = jsonKeyType;
        b.jsonValueType = jsonValueType;
        b.jsonSchemaSpecVersion = jsonSchemaSpecVersion;
        b.jsonFailUnknownProperties = jsonFailUnknownProperties;
        b.registryProperties.putAll(registryProperties);
        return b;
    }

    /**
     * Reads Confluent's serializer properties; unknown keys are kept for the registry client.
     *
     * @throws IllegalArgumentException naming the key, the value and what is allowed
     */
    public static SerdeConfig fromProperties(Map<String, ?> properties) {
        Builder b = builder();
        for (Map.Entry<String, ?> entry : properties.entrySet()) {
            String key = entry.getKey();
            Object value = entry.getValue();
            switch (key) {
                case AUTO_REGISTER_SCHEMAS -> b.autoRegisterSchemas(bool(key, value));
                case USE_LATEST_VERSION -> b.useLatestVersion(bool(key, value));
                case LATEST_COMPATIBILITY_STRICT -> b.latestCompatibilityStrict(bool(key, value));
                case USE_SCHEMA_ID -> b.useSchemaId(integer(key, value));
                case ID_COMPATIBILITY_STRICT -> b.idCompatibilityStrict(bool(key, value));
                case NORMALIZE_SCHEMAS -> b.normalizeSchemas(bool(key, value));
                case KEY_SUBJECT_NAME_STRATEGY -> b.keySubjectNameStrategy(subjectStrategy(key, value));
                case VALUE_SUBJECT_NAME_STRATEGY -> b.valueSubjectNameStrategy(subjectStrategy(key, value));
                case REFERENCE_SUBJECT_NAME_STRATEGY -> b.referenceSubjectNameStrategy(referenceStrategy(key, value));
                case KEY_SCHEMA_ID_SERIALIZER -> b.keySchemaIdWriting(schemaIdWriting(key, value));
                case VALUE_SCHEMA_ID_SERIALIZER -> b.valueSchemaIdWriting(schemaIdWriting(key, value));
                case KEY_SCHEMA_ID_DESERIALIZER -> b.keySchemaIdReading(schemaIdReading(key, value));
                case VALUE_SCHEMA_ID_DESERIALIZER -> b.valueSchemaIdReading(schemaIdReading(key, value));
                case SKIP_KNOWN_TYPES -> b.skipKnownTypes(bool(key, value));
                case AVRO_USE_LOGICAL_TYPE_CONVERTERS -> b.useLogicalTypeConverters(bool(key, value));
                case AVRO_REMOVE_JAVA_PROPERTIES -> b.removeJavaProperties(bool(key, value));
                case SPECIFIC_AVRO_READER -> b.specificAvroReader(bool(key, value));
                case SPECIFIC_AVRO_KEY_TYPE -> b.specificAvroKeyType(type(key, value));
                case SPECIFIC_AVRO_VALUE_TYPE -> b.specificAvroValueType(type(key, value));
                case SPECIFIC_PROTOBUF_KEY_TYPE -> b.specificProtobufKeyType(type(key, value));
                case SPECIFIC_PROTOBUF_VALUE_TYPE -> b.specificProtobufValueType(type(key, value));
                case JSON_KEY_TYPE -> b.jsonKeyType(type(key, value));
                case JSON_VALUE_TYPE -> b.jsonValueType(type(key, value));
                case JSON_SCHEMA_SPEC_VERSION -> b.jsonSchemaSpecVersion(specVersion(key, value));
                case JSON_FAIL_UNKNOWN_PROPERTIES -> b.jsonFailUnknownProperties(bool(key, value));
                default -> b.registryProperties.put(key, value);
            }
        }
        return b.build();
    }

    public boolean autoRegisterSchemas() {
        return autoRegisterSchemas;
    }

    public boolean useLatestVersion() {
        return useLatestVersion;
    }

    public boolean latestCompatibilityStrict() {
        return latestCompatibilityStrict;
    }

    /** The schema id to write with, or {@code -1} when unset. */
    public int useSchemaId() {
        return useSchemaId;
    }

    public boolean idCompatibilityStrict() {
        return idCompatibilityStrict;
    }

    public boolean normalizeSchemas() {
        return normalizeSchemas;
    }

    public SubjectNameStrategy keySubjectNameStrategy() {
        return keySubjectNameStrategy;
    }

    public SubjectNameStrategy valueSubjectNameStrategy() {
        return valueSubjectNameStrategy;
    }

    /** The key or value strategy. */
    public SubjectNameStrategy subjectNameStrategy(boolean isKey) {
        return isKey ? keySubjectNameStrategy : valueSubjectNameStrategy;
    }

    public ReferenceSubjectNameStrategy referenceSubjectNameStrategy() {
        return referenceSubjectNameStrategy;
    }

    /** Where a serializer of keys or values puts the schema's identity. */
    public SchemaIdWriting schemaIdWriting(boolean isKey) {
        return isKey ? keySchemaIdWriting : valueSchemaIdWriting;
    }

    /** Where a deserializer of keys or values looks for the schema's identity. */
    public SchemaIdReading schemaIdReading(boolean isKey) {
        return isKey ? keySchemaIdReading : valueSchemaIdReading;
    }

    public boolean skipKnownTypes() {
        return skipKnownTypes;
    }

    public boolean useLogicalTypeConverters() {
        return useLogicalTypeConverters;
    }

    /** Whether Avro schemas are registered and looked up without their {@code avro.java.*} properties. */
    public boolean removeJavaProperties() {
        return removeJavaProperties;
    }

    public boolean specificAvroReader() {
        return specificAvroReader;
    }

    /** The generated Avro class keys or values are read into, or {@code null} for the writer schema's. */
    public Class<?> specificAvroType(boolean isKey) {
        return isKey ? specificAvroKeyType : specificAvroValueType;
    }

    /** The generated Protobuf class keys or values are read into, or {@code null} for {@code DynamicMessage}. */
    public Class<?> specificProtobufType(boolean isKey) {
        return isKey ? specificProtobufKeyType : specificProtobufValueType;
    }

    /** The class JSON keys or values are read into, or {@code null} for a Jackson tree. */
    public Class<?> jsonType(boolean isKey) {
        return isKey ? jsonKeyType : jsonValueType;
    }

    /** The draft of JSON Schemas derived from classes. */
    public JsonSchemaSpecVersion jsonSchemaSpecVersion() {
        return jsonSchemaSpecVersion;
    }

    /** Whether JSON Schemas derived from classes forbid undeclared properties. */
    public boolean jsonFailUnknownProperties() {
        return jsonFailUnknownProperties;
    }

    /** Every property not read here, for the registry client ({@code schema.registry.url}, ...). */
    public Map<String, Object> registryProperties() {
        return registryProperties;
    }

    @Override
    public String toString() {
        return "SerdeConfig[autoRegisterSchemas=" + autoRegisterSchemas + ", useLatestVersion=" + useLatestVersion
                + ", latestCompatibilityStrict=" + latestCompatibilityStrict
                + ", useSchemaId=" + useSchemaId
                + ", idCompatibilityStrict=" + idCompatibilityStrict + ", normalizeSchemas=" + normalizeSchemas
                + ", keySubjectNameStrategy=" + keySubjectNameStrategy.getClass().getSimpleName()
                + ", valueSubjectNameStrategy=" + valueSubjectNameStrategy.getClass().getSimpleName()
                + ", keySchemaIdWriting=" + keySchemaIdWriting + ", valueSchemaIdWriting=" + valueSchemaIdWriting
                + ", keySchemaIdReading=" + keySchemaIdReading + ", valueSchemaIdReading=" + valueSchemaIdReading
                + ", skipKnownTypes=" + skipKnownTypes + ", useLogicalTypeConverters=" + useLogicalTypeConverters
                + ", removeJavaProperties=" + removeJavaProperties
                + ", specificAvroReader=" + specificAvroReader
                + ", jsonSchemaSpecVersion=" + jsonSchemaSpecVersion.propertyValue()
                + ", jsonFailUnknownProperties=" + jsonFailUnknownProperties
                + ", registryPropertyKeys=" + registryProperties.keySet().stream().sorted().toList() + "]";
    }

    private static JsonSchemaSpecVersion specVersion(String key, Object value) {
        if (value instanceof JsonSchemaSpecVersion version) {
            return version;
        }
        if (value instanceof String s && SHOWN_TOKEN.matcher(s.trim()).matches()) {
            return JsonSchemaSpecVersion.fromProperty(key, s);
        }
        throw new IllegalArgumentException(key + " was " + shown(value) + ", allowed: draft_6, draft_7, draft_2019_09, "
                + "draft_2020_12");
    }

    private static boolean bool(String key, Object value) {
        if (value instanceof Boolean b) {
            return b;
        }
        if (value instanceof String s && (s.trim().equalsIgnoreCase("true") || s.trim().equalsIgnoreCase("false"))) {
            return Boolean.parseBoolean(s.trim());
        }
        throw new IllegalArgumentException(key + " was " + shown(value) + ", allowed: true or false");
    }

    private static int integer(String key, Object value) {
        if (value instanceof Integer i) {
            return i;
        }
        if (value instanceof Number n && n.longValue() == n.intValue()) {
            return n.intValue();
        }
        if (value instanceof String s) {
            try {
                return Integer.parseInt(s.trim());
            } catch (NumberFormatException e) {
                // not chained: the JDK's message quotes the raw value
                throw new IllegalArgumentException(key + " was " + shown(value) + ", allowed: an integer");
            }
        }
        throw new IllegalArgumentException(key + " was " + shown(value) + ", allowed: an integer");
    }

    private static Class<?> type(String key, Object value) {
        if (value instanceof Class<?> c) {
            return c;
        }
        if (value instanceof String s && !s.isBlank()) {
            try {
                return Class.forName(s.trim(), true, contextLoader());
            } catch (ClassNotFoundException e) {
                // not chained: the JDK's message is the raw value
                throw new IllegalArgumentException(key + " was " + shown(value) + ": no such class on the class path");
            }
        }
        throw new IllegalArgumentException(key + " was " + shown(value) + ", allowed: a class or a class name");
    }

    /**
     * A rejected value as a message may show it. Every key read here takes a boolean, a number or a
     * class name, so only such a token is shown: anything else may be a secret put in the wrong
     * key (a URL with user info, a quoted password), and an object's {@code toString()} may print
     * its fields.
     */
    private static String shown(Object value) {
        if (value instanceof String text) {
            return SHOWN_TOKEN.matcher(text.trim()).matches() ? "'" + text.trim() + "'" : "[hidden]";
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        return value == null ? "null" : "(a " + value.getClass().getSimpleName() + ")";
    }

    private static ClassLoader contextLoader() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        return loader != null ? loader : SerdeConfig.class.getClassLoader();
    }

    private static SubjectNameStrategy subjectStrategy(String key, Object value) {
        if (value instanceof SubjectNameStrategy strategy) {
            return strategy;
        }
        String name = value instanceof Class<?> c ? c.getName() : String.valueOf(value).trim();
        switch (simpleName(name)) {
            case "TopicNameStrategy":
                if (isKnownPackage(name)) {
                    return new TopicNameStrategy();
                }
                break;
            case "RecordNameStrategy":
                if (isKnownPackage(name)) {
                    return new RecordNameStrategy();
                }
                break;
            case "TopicRecordNameStrategy":
                if (isKnownPackage(name)) {
                    return new TopicRecordNameStrategy();
                }
                break;
            default:
                break;
        }
        return instantiate(key, value, SubjectNameStrategy.class);
    }

    /** Confluent's class names (full or simple), Ferry's enum constants or the enum itself. */
    private static SchemaIdWriting schemaIdWriting(String key, Object value) {
        if (value instanceof SchemaIdWriting writing) {
            return writing;
        }
        String name = value instanceof Class<?> c ? c.getName() : String.valueOf(value).trim();
        for (SchemaIdWriting writing : SchemaIdWriting.values()) {
            if (name.equals(writing.name()) || name.equals(writing.confluentClass())
                    || name.equals(CONFLUENT_ID_PACKAGE + writing.confluentClass())) {
                return writing;
            }
        }
        throw new IllegalArgumentException(key + " was " + shown(value) + ", allowed: " + CONFLUENT_ID_PACKAGE
                + "PrefixSchemaIdSerializer or " + CONFLUENT_ID_PACKAGE + "HeaderSchemaIdSerializer");
    }

    private static SchemaIdReading schemaIdReading(String key, Object value) {
        if (value instanceof SchemaIdReading reading) {
            return reading;
        }
        String name = value instanceof Class<?> c ? c.getName() : String.valueOf(value).trim();
        for (SchemaIdReading reading : SchemaIdReading.values()) {
            if (name.equals(reading.name()) || name.equals(reading.confluentClass())
                    || name.equals(CONFLUENT_ID_PACKAGE + reading.confluentClass())) {
                return reading;
            }
        }
        throw new IllegalArgumentException(key + " was " + shown(value) + ", allowed: " + CONFLUENT_ID_PACKAGE
                + "DualSchemaIdDeserializer or " + CONFLUENT_ID_PACKAGE + "PrefixSchemaIdDeserializer"
                + (name.endsWith("ConfigSchemaIdDeserializer") ? " (a fixed id for every record is not supported)" : ""));
    }

    private static ReferenceSubjectNameStrategy referenceStrategy(String key, Object value) {
        if (value instanceof ReferenceSubjectNameStrategy strategy) {
            return strategy;
        }
        String name = value instanceof Class<?> c ? c.getName() : String.valueOf(value).trim();
        if (name.equals("io.confluent.kafka.serializers.subject.DefaultReferenceSubjectNameStrategy")) {
            return ReferenceSubjectNameStrategy.DEFAULT;
        }
        return instantiate(key, value, ReferenceSubjectNameStrategy.class);
    }

    private static boolean isKnownPackage(String name) {
        return name.equals(simpleName(name)) || name.startsWith("io.confluent.kafka.serializers.subject.")
                || name.startsWith(SerdeConfig.class.getPackageName() + ".");
    }

    private static String simpleName(String name) {
        return name.substring(name.lastIndexOf('.') + 1);
    }

    private static <T> T instantiate(String key, Object value, Class<T> role) {
        Class<?> type = type(key, value);
        if (!role.isAssignableFrom(type)) {
            throw new IllegalArgumentException(key + " was '" + type.getName() + "', allowed: a class implementing "
                    + role.getName());
        }
        try {
            return role.cast(type.getConstructor().newInstance());
        } catch (NoSuchMethodException | InstantiationException | IllegalAccessException e) {
            throw new IllegalArgumentException(key + " was '" + type.getName()
                    + "': it needs a public no-argument constructor", e);
        } catch (InvocationTargetException e) {
            throw new IllegalArgumentException(key + " was '" + type.getName() + "': its constructor failed: "
                    + e.getCause(), e.getCause());
        }
    }

    /** Builds a {@link SerdeConfig}; each setter validates at once. Not thread-safe. */
    public static final class Builder {
        private boolean autoRegisterSchemas = true;
        private boolean useLatestVersion;
        private boolean latestCompatibilityStrict = true;
        private int useSchemaId = -1;
        private boolean idCompatibilityStrict = true;
        private boolean normalizeSchemas;
        private SubjectNameStrategy keySubjectNameStrategy = new TopicNameStrategy();
        private SubjectNameStrategy valueSubjectNameStrategy = new TopicNameStrategy();
        private ReferenceSubjectNameStrategy referenceSubjectNameStrategy = ReferenceSubjectNameStrategy.DEFAULT;
        private SchemaIdWriting keySchemaIdWriting = SchemaIdWriting.PREFIX;
        private SchemaIdWriting valueSchemaIdWriting = SchemaIdWriting.PREFIX;
        private SchemaIdReading keySchemaIdReading = SchemaIdReading.DUAL;
        private SchemaIdReading valueSchemaIdReading = SchemaIdReading.DUAL;
        private boolean skipKnownTypes = true;
        private boolean useLogicalTypeConverters;
        private boolean removeJavaProperties;
        private boolean specificAvroReader;
        private Class<?> specificAvroKeyType;
        private Class<?> specificAvroValueType;
        private Class<?> specificProtobufKeyType;
        private Class<?> specificProtobufValueType;
        private Class<?> jsonKeyType;
        private Class<?> jsonValueType;
        private JsonSchemaSpecVersion jsonSchemaSpecVersion = JsonSchemaSpecVersion.DRAFT_7;
        private boolean jsonFailUnknownProperties = true;
        private final Map<String, Object> registryProperties = new LinkedHashMap<>();

        private Builder() {
        }

        public Builder autoRegisterSchemas(boolean value) {
            autoRegisterSchemas = value;
            return this;
        }

        public Builder useLatestVersion(boolean value) {
            useLatestVersion = value;
            return this;
        }

        public Builder latestCompatibilityStrict(boolean value) {
            latestCompatibilityStrict = value;
            return this;
        }

        /** @param id a schema id (0 or more), or -1 to unset */
        public Builder useSchemaId(int id) {
            if (id < -1) {
                throw new IllegalArgumentException(USE_SCHEMA_ID + " was " + id + ", allowed: 0 or more, or -1 for unset");
            }
            useSchemaId = id;
            return this;
        }

        public Builder idCompatibilityStrict(boolean value) {
            idCompatibilityStrict = value;
            return this;
        }

        public Builder normalizeSchemas(boolean value) {
            normalizeSchemas = value;
            return this;
        }

        public Builder keySubjectNameStrategy(SubjectNameStrategy strategy) {
            keySubjectNameStrategy = Objects.requireNonNull(strategy, KEY_SUBJECT_NAME_STRATEGY);
            return this;
        }

        public Builder valueSubjectNameStrategy(SubjectNameStrategy strategy) {
            valueSubjectNameStrategy = Objects.requireNonNull(strategy, VALUE_SUBJECT_NAME_STRATEGY);
            return this;
        }

        public Builder referenceSubjectNameStrategy(ReferenceSubjectNameStrategy strategy) {
            referenceSubjectNameStrategy = Objects.requireNonNull(strategy, REFERENCE_SUBJECT_NAME_STRATEGY);
            return this;
        }

        public Builder keySchemaIdWriting(SchemaIdWriting writing) {
            keySchemaIdWriting = Objects.requireNonNull(writing, KEY_SCHEMA_ID_SERIALIZER);
            return this;
        }

        public Builder valueSchemaIdWriting(SchemaIdWriting writing) {
            valueSchemaIdWriting = Objects.requireNonNull(writing, VALUE_SCHEMA_ID_SERIALIZER);
            return this;
        }

        public Builder keySchemaIdReading(SchemaIdReading reading) {
            keySchemaIdReading = Objects.requireNonNull(reading, KEY_SCHEMA_ID_DESERIALIZER);
            return this;
        }

        public Builder valueSchemaIdReading(SchemaIdReading reading) {
            valueSchemaIdReading = Objects.requireNonNull(reading, VALUE_SCHEMA_ID_DESERIALIZER);
            return this;
        }

        public Builder skipKnownTypes(boolean value) {
            skipKnownTypes = value;
            return this;
        }

        public Builder useLogicalTypeConverters(boolean value) {
            useLogicalTypeConverters = value;
            return this;
        }

        /** {@code avro.remove.java.properties}, Confluent's key. */
        public Builder removeJavaProperties(boolean value) {
            removeJavaProperties = value;
            return this;
        }

        public Builder specificAvroReader(boolean value) {
            specificAvroReader = value;
            return this;
        }

        /** @param type a generated Avro record class, or null for the class the writer's schema names */
        public Builder specificAvroKeyType(Class<?> type) {
            specificAvroKeyType = avroType(SPECIFIC_AVRO_KEY_TYPE, type);
            return this;
        }

        /** @param type a generated Avro record class, or null for the class the writer's schema names */
        public Builder specificAvroValueType(Class<?> type) {
            specificAvroValueType = avroType(SPECIFIC_AVRO_VALUE_TYPE, type);
            return this;
        }

        /** @param type a generated {@code com.google.protobuf.Message} class, or null for DynamicMessage */
        public Builder specificProtobufKeyType(Class<?> type) {
            specificProtobufKeyType = protobufType(SPECIFIC_PROTOBUF_KEY_TYPE, type);
            return this;
        }

        /** @param type a generated {@code com.google.protobuf.Message} class, or null for DynamicMessage */
        public Builder specificProtobufValueType(Class<?> type) {
            specificProtobufValueType = protobufType(SPECIFIC_PROTOBUF_VALUE_TYPE, type);
            return this;
        }

        public Builder jsonKeyType(Class<?> type) {
            jsonKeyType = type;
            return this;
        }

        public Builder jsonValueType(Class<?> type) {
            jsonValueType = type;
            return this;
        }

        public Builder jsonSchemaSpecVersion(JsonSchemaSpecVersion version) {
            jsonSchemaSpecVersion = Objects.requireNonNull(version, JSON_SCHEMA_SPEC_VERSION);
            return this;
        }

        public Builder jsonFailUnknownProperties(boolean value) {
            jsonFailUnknownProperties = value;
            return this;
        }

        /** Adds a property for the registry client, e.g. {@code schema.registry.url}. */
        public Builder registryProperty(String key, Object value) {
            Objects.requireNonNull(key, "registry property key");
            registryProperties.put(key, Objects.requireNonNull(value, key));
            return this;
        }

        /**
         * @throws IllegalArgumentException when {@code use.latest.version} or {@code use.schema.id} is
         *                                  combined with {@code auto.register.schemas=true}, or both are set
         */
        public SerdeConfig build() {
            if (useLatestVersion && autoRegisterSchemas) {
                throw new IllegalArgumentException(USE_LATEST_VERSION + "=true needs " + AUTO_REGISTER_SCHEMAS
                        + "=false: a serializer either registers the record's schema or writes with the latest one; set "
                        + AUTO_REGISTER_SCHEMAS + "=false (it defaults to true; Confluent's serializer would silently "
                        + "register and ignore " + USE_LATEST_VERSION + ")");
            }
            if (useSchemaId >= 0 && autoRegisterSchemas) {
                throw new IllegalArgumentException(USE_SCHEMA_ID + "=" + useSchemaId + " needs " + AUTO_REGISTER_SCHEMAS
                        + "=false: a serializer either registers the record's schema or writes with a fixed id; set "
                        + AUTO_REGISTER_SCHEMAS + "=false (it defaults to true; Confluent's serializer would silently "
                        + "register and ignore " + USE_SCHEMA_ID + ")");
            }
            if ((specificAvroKeyType != null || specificAvroValueType != null) && !specificAvroReader) {
                throw new IllegalArgumentException((specificAvroValueType != null ? SPECIFIC_AVRO_VALUE_TYPE
                        : SPECIFIC_AVRO_KEY_TYPE) + " needs " + SPECIFIC_AVRO_READER + "=true: it names the generated "
                        + "class that reader fills");
            }
            if (useSchemaId >= 0 && useLatestVersion) {
                throw new IllegalArgumentException(USE_SCHEMA_ID + "=" + useSchemaId + " and " + USE_LATEST_VERSION
                        + "=true exclude each other: choose one");
            }
            return new SerdeConfig(this);
        }

        private static Class<?> avroType(String key, Class<?> type) {
            if (type != null && !org.apache.avro.specific.SpecificRecord.class.isAssignableFrom(type)) {
                throw new IllegalArgumentException(key + " was '" + type.getName()
                        + "', allowed: a class implementing org.apache.avro.specific.SpecificRecord");
            }
            return type;
        }

        private static Class<?> protobufType(String key, Class<?> type) {
            if (type != null && !com.google.protobuf.Message.class.isAssignableFrom(type)) {
                throw new IllegalArgumentException(key + " was '" + type.getName()
                        + "', allowed: a class implementing com.google.protobuf.Message");
            }
            return type;
        }
    }
}
