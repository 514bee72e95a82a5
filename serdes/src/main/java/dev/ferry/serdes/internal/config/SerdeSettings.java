package dev.ferry.serdes.internal.config;

import static dev.ferry.serdes.SerdeConfig.*;

import dev.ferry.common.ConfigException;
import dev.ferry.common.internal.config.ConfigKey;
import dev.ferry.common.internal.config.ConfigRows;
import dev.ferry.common.internal.config.ConfigTable;
import dev.ferry.common.internal.config.ConfigType;
import dev.ferry.common.internal.config.Instantiator;
import dev.ferry.serdes.RecordNameStrategy;
import dev.ferry.serdes.ReferenceSubjectNameStrategy;
import dev.ferry.serdes.SchemaIdReading;
import dev.ferry.serdes.SchemaIdWriting;
import dev.ferry.serdes.SubjectNameStrategy;
import dev.ferry.serdes.TopicNameStrategy;
import dev.ferry.serdes.TopicRecordNameStrategy;
import dev.ferry.serdes.json.JsonSchemaSpecVersion;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The state behind {@code SerdeConfig.Builder} and {@link #KEYS}, its key table: one row per key
 * with type, default, rule and documentation. The builder's typed setters check through the table,
 * so a value is refused with the same message whether it comes from properties or code. Not
 * thread-safe.
 */
public final class SerdeSettings {
    private static final String CONFLUENT_ID_PACKAGE = "io.confluent.kafka.serializers.schema.id.";
    private static final Pattern SHOWN_TOKEN = Pattern.compile("[\\p{Alnum}._$+-]{1,100}");
    private static final ConfigType<Boolean> BOOLEAN =
            new ConfigType<>("boolean", ConfigType.BOOLEAN.parse(), SerdeSettings::shown);
    private static final ConfigType<Integer> INT =
            new ConfigType<>("int", ConfigType.INT.parse(), SerdeSettings::shown);
    private static final ConfigType<SchemaIdWriting> ID_WRITING = new ConfigType<>(
            "class",
            ConfigRows.named(
                    SchemaIdWriting.class,
                    writing -> confluentNames(writing, writing.confluentClass()),
                    text -> "must be " + CONFLUENT_ID_PACKAGE + "PrefixSchemaIdSerializer or " + CONFLUENT_ID_PACKAGE
                            + "HeaderSchemaIdSerializer"),
            SerdeSettings::shown);
    private static final ConfigType<SchemaIdReading> ID_READING = new ConfigType<>(
            "class",
            ConfigRows.named(
                    SchemaIdReading.class,
                    reading -> confluentNames(reading, reading.confluentClass()),
                    text -> "must be " + CONFLUENT_ID_PACKAGE + "DualSchemaIdDeserializer or " + CONFLUENT_ID_PACKAGE
                            + "PrefixSchemaIdDeserializer"
                            + (text.endsWith("ConfigSchemaIdDeserializer")
                                    ? " (a fixed id for every record is not supported)"
                                    : "")),
            SerdeSettings::shown);
    private static final ConfigType<JsonSchemaSpecVersion> SPEC_VERSION = new ConfigType<>(
            "string",
            ConfigRows.named(
                    JsonSchemaSpecVersion.class,
                    text -> "must be one of "
                            + Arrays.stream(JsonSchemaSpecVersion.values())
                                    .map(JsonSchemaSpecVersion::propertyValue)
                                    .collect(Collectors.joining(", "))
                            + (text.equalsIgnoreCase("DRAFT_4")
                                    ? " (draft_4 is not generated: the generator starts at draft 6)"
                                    : "")),
            SerdeSettings::shown);

    public static final ConfigTable<SerdeSettings> KEYS = new ConfigTable<>(
            "the serializers and deserializers",
            List.of(
                    ConfigRows.<SerdeSettings>bool(
                                    BOOLEAN,
                                    AUTO_REGISTER_SCHEMAS,
                                    true,
                                    (s, v) -> s.autoRegisterSchemas = v,
                                    s -> s.autoRegisterSchemas)
                            .withDoc("Register the record's schema if the subject lacks it."),
                    ConfigRows.<SerdeSettings>bool(
                                    BOOLEAN,
                                    USE_LATEST_VERSION,
                                    false,
                                    (s, v) -> s.useLatestVersion = v,
                                    s -> s.useLatestVersion)
                            .withDoc("Write with the subject's latest schema instead of the record's (needs "
                                    + "`auto.register.schemas=false`); the registry client's `latest.cache.ttl.sec` says how "
                                    + "soon a new version is used."),
                    ConfigRows.<SerdeSettings>bool(
                                    BOOLEAN,
                                    LATEST_COMPATIBILITY_STRICT,
                                    true,
                                    (s, v) -> s.latestCompatibilityStrict = v,
                                    s -> s.latestCompatibilityStrict)
                            .withDoc(
                                    "With `use.latest.version`: the latest schema must be able to read data written with "
                                            + "the record's schema."),
                    ConfigKey.<SerdeSettings, Integer>of(
                                    USE_SCHEMA_ID, INT, (s, v) -> s.useSchemaId = v, s -> s.useSchemaId)
                            .withDefault(-1)
                            .validatedBy(v -> v < -1 ? "must be at least 0, or -1 for unset" : null)
                            .withDoc("Write with this schema id (needs `auto.register.schemas=false`); -1: unset."),
                    ConfigRows.<SerdeSettings>bool(
                                    BOOLEAN,
                                    ID_COMPATIBILITY_STRICT,
                                    true,
                                    (s, v) -> s.idCompatibilityStrict = v,
                                    s -> s.idCompatibilityStrict)
                            .withDoc(
                                    "With `use.schema.id`: that schema must be able to read data written with the record's "
                                            + "schema."),
                    ConfigRows.<SerdeSettings>bool(
                                    BOOLEAN,
                                    NORMALIZE_SCHEMAS,
                                    false,
                                    (s, v) -> s.normalizeSchemas = v,
                                    s -> s.normalizeSchemas)
                            .withDoc("Register and look up with `normalize=true`."),
                    subjectStrategy(
                            KEY_SUBJECT_NAME_STRATEGY,
                            (s, v) -> s.keySubjectNameStrategy = v,
                            s -> s.keySubjectNameStrategy),
                    subjectStrategy(
                            VALUE_SUBJECT_NAME_STRATEGY,
                            (s, v) -> s.valueSubjectNameStrategy = v,
                            s -> s.valueSubjectNameStrategy),
                    ConfigKey.<SerdeSettings, ReferenceSubjectNameStrategy>of(
                                    REFERENCE_SUBJECT_NAME_STRATEGY,
                                    new ConfigType<>(
                                            "class",
                                            value -> referenceStrategy(REFERENCE_SUBJECT_NAME_STRATEGY, value),
                                            SerdeSettings::shown),
                                    (s, v) -> s.referenceSubjectNameStrategy = v,
                                    s -> s.referenceSubjectNameStrategy)
                            .withDefault(ReferenceSubjectNameStrategy.DEFAULT)
                            .withDefaultDoc("the import name")
                            .withDoc("A `ReferenceSubjectNameStrategy` class; Confluent's "
                                    + "`DefaultReferenceSubjectNameStrategy` maps to the default."),
                    ConfigKey.<SerdeSettings, SchemaIdWriting>of(
                                    KEY_SCHEMA_ID_SERIALIZER,
                                    ID_WRITING,
                                    (s, v) -> s.keySchemaIdWriting = v,
                                    s -> s.keySchemaIdWriting)
                            .withDefault(SchemaIdWriting.PREFIX)
                            .withDefaultDoc("`PrefixSchemaIdSerializer`")
                            .withDoc("Where a key serializer puts the schema's identity: Confluent's "
                                    + "`PrefixSchemaIdSerializer` (the id before the payload) or `HeaderSchemaIdSerializer` "
                                    + "(the GUID in a `__key_schema_id` header)."),
                    ConfigKey.<SerdeSettings, SchemaIdWriting>of(
                                    VALUE_SCHEMA_ID_SERIALIZER,
                                    ID_WRITING,
                                    (s, v) -> s.valueSchemaIdWriting = v,
                                    s -> s.valueSchemaIdWriting)
                            .withDefault(SchemaIdWriting.PREFIX)
                            .withDefaultDoc("`PrefixSchemaIdSerializer`")
                            .withDoc("The same for values (header `__value_schema_id`)."),
                    ConfigKey.<SerdeSettings, SchemaIdReading>of(
                                    KEY_SCHEMA_ID_DESERIALIZER,
                                    ID_READING,
                                    (s, v) -> s.keySchemaIdReading = v,
                                    s -> s.keySchemaIdReading)
                            .withDefault(SchemaIdReading.DUAL)
                            .withDefaultDoc("`DualSchemaIdDeserializer`")
                            .withDoc(
                                    "Where a key deserializer reads it: Confluent's `DualSchemaIdDeserializer` (the header "
                                            + "if present, else the prefix) or `PrefixSchemaIdDeserializer`."),
                    ConfigKey.<SerdeSettings, SchemaIdReading>of(
                                    VALUE_SCHEMA_ID_DESERIALIZER,
                                    ID_READING,
                                    (s, v) -> s.valueSchemaIdReading = v,
                                    s -> s.valueSchemaIdReading)
                            .withDefault(SchemaIdReading.DUAL)
                            .withDefaultDoc("`DualSchemaIdDeserializer`")
                            .withDoc("The same for values."),
                    ConfigRows.<SerdeSettings>bool(
                                    BOOLEAN,
                                    SKIP_KNOWN_TYPES,
                                    true,
                                    (s, v) -> s.skipKnownTypes = v,
                                    s -> s.skipKnownTypes)
                            .withDoc(
                                    "Protobuf: do not register the known types (`google/protobuf/*.proto`, `google/type/*.proto`,"
                                            + " `confluent/meta.proto`, `confluent/type/*.proto`) as references."),
                    ConfigRows.<SerdeSettings>bool(
                                    BOOLEAN,
                                    AVRO_USE_LOGICAL_TYPE_CONVERTERS,
                                    false,
                                    (s, v) -> s.useLogicalTypeConverters = v,
                                    s -> s.useLogicalTypeConverters)
                            .withDoc(
                                    "Avro generic and reflect data: map logical types to Java types (`BigDecimal`, `UUID`, "
                                            + "`LocalDate`, `Instant`...)."),
                    ConfigRows.<SerdeSettings>bool(
                                    BOOLEAN,
                                    AVRO_REMOVE_JAVA_PROPERTIES,
                                    false,
                                    (s, v) -> s.removeJavaProperties = v,
                                    s -> s.removeJavaProperties)
                            .withDoc(
                                    "Avro: register and look up the schema without the `avro.java.*` properties generated "
                                            + "classes carry, so it matches a schema registered from its `.avsc`."),
                    ConfigRows.<SerdeSettings>bool(
                                    BOOLEAN,
                                    SPECIFIC_AVRO_READER,
                                    false,
                                    (s, v) -> s.specificAvroReader = v,
                                    s -> s.specificAvroReader)
                            .withDoc(
                                    "Avro: read into generated classes. Classes Ferry's Maven plugin generated (listed in its "
                                            + "`META-INF/ferry/avro-classes`) need no `org.apache.avro.SERIALIZABLE_PACKAGES` entry; "
                                            + "other classes a writer's schema names do."),
                    ConfigRows.<SerdeSettings>classOf(
                                    classType(SPECIFIC_AVRO_KEY_TYPE),
                                    SPECIFIC_AVRO_KEY_TYPE,
                                    org.apache.avro.specific.SpecificRecord.class,
                                    (s, v) -> s.specificAvroKeyType = v,
                                    s -> s.specificAvroKeyType)
                            .withDefaultDoc("the writer schema's class")
                            .withDoc(
                                    "Avro, with `specific.avro.reader=true`: read keys into this generated class; it and the "
                                            + "classes its schema names need no `org.apache.avro.SERIALIZABLE_PACKAGES` entry."),
                    ConfigRows.<SerdeSettings>classOf(
                                    classType(SPECIFIC_AVRO_VALUE_TYPE),
                                    SPECIFIC_AVRO_VALUE_TYPE,
                                    org.apache.avro.specific.SpecificRecord.class,
                                    (s, v) -> s.specificAvroValueType = v,
                                    s -> s.specificAvroValueType)
                            .withDefaultDoc("the writer schema's class")
                            .withDoc("The same for values."),
                    ConfigRows.<SerdeSettings>classOf(
                                    classType(SPECIFIC_PROTOBUF_KEY_TYPE),
                                    SPECIFIC_PROTOBUF_KEY_TYPE,
                                    com.google.protobuf.Message.class,
                                    (s, v) -> s.specificProtobufKeyType = v,
                                    s -> s.specificProtobufKeyType)
                            .withDefaultDoc("`DynamicMessage`")
                            .withDoc("Protobuf: read keys into this generated class."),
                    ConfigRows.<SerdeSettings>classOf(
                                    classType(SPECIFIC_PROTOBUF_VALUE_TYPE),
                                    SPECIFIC_PROTOBUF_VALUE_TYPE,
                                    com.google.protobuf.Message.class,
                                    (s, v) -> s.specificProtobufValueType = v,
                                    s -> s.specificProtobufValueType)
                            .withDefaultDoc("`DynamicMessage`")
                            .withDoc("The same for values."),
                    ConfigRows.<SerdeSettings>classOf(
                                    classType(JSON_KEY_TYPE),
                                    JSON_KEY_TYPE,
                                    Object.class,
                                    (s, v) -> s.jsonKeyType = v,
                                    s -> s.jsonKeyType)
                            .withDefaultDoc("a Jackson tree")
                            .withDoc(
                                    "JSON: read keys into this class. `java.lang.Object` (Confluent's default, and the "
                                            + "drop-ins' when kafka-clients configures them) reads the class the writer's schema "
                                            + "names in `type.property`, else maps, lists, strings and numbers."),
                    ConfigRows.<SerdeSettings>classOf(
                                    classType(JSON_VALUE_TYPE),
                                    JSON_VALUE_TYPE,
                                    Object.class,
                                    (s, v) -> s.jsonValueType = v,
                                    s -> s.jsonValueType)
                            .withDefaultDoc("a Jackson tree")
                            .withDoc("The same for values."),
                    ConfigKey.<SerdeSettings, JsonSchemaSpecVersion>of(
                                    JSON_SCHEMA_SPEC_VERSION,
                                    SPEC_VERSION,
                                    (s, v) -> s.jsonSchemaSpecVersion = v,
                                    s -> s.jsonSchemaSpecVersion)
                            .withDefault(JsonSchemaSpecVersion.DRAFT_7)
                            .withDefaultDoc("draft_7")
                            .withDoc(
                                    "JSON Schema serializer without a given schema: the draft of the schema derived from "
                                            + "the value's class (`draft_6`, `draft_7`, `draft_2019_09`, `draft_2020_12`)."),
                    ConfigRows.<SerdeSettings>bool(
                                    BOOLEAN,
                                    JSON_FAIL_UNKNOWN_PROPERTIES,
                                    true,
                                    (s, v) -> s.jsonFailUnknownProperties = v,
                                    s -> s.jsonFailUnknownProperties)
                            .withDoc("The schema a JSON Schema serializer derives forbids properties the class does "
                                    + "not declare (`additionalProperties: false`); false also lets the JSON deserializers "
                                    + "skip properties the class lacks (true leaves a mapper of yours as it is)."),
                    ConfigRows.<SerdeSettings>bool(
                                    BOOLEAN,
                                    JSON_WRITE_DATES_ISO8601,
                                    false,
                                    (s, v) -> s.jsonWriteDatesIso8601 = v,
                                    s -> s.jsonWriteDatesIso8601)
                            .withDoc("JSON serializers: write `java.time` values as ISO-8601 strings rather than "
                                    + "timestamps; false leaves a mapper of yours as it is."),
                    ConfigRows.<SerdeSettings>bool(
                                    BOOLEAN,
                                    JSON_INDENT_OUTPUT,
                                    false,
                                    (s, v) -> s.jsonIndentOutput = v,
                                    s -> s.jsonIndentOutput)
                            .withDoc("JSON serializers: write indented JSON; false leaves a mapper of yours as it is."),
                    ConfigRows.<SerdeSettings>bool(
                                    BOOLEAN,
                                    JSON_ENVELOPE_DETECTION,
                                    true,
                                    (s, v) -> s.jsonEnvelopeDetection = v,
                                    s -> s.jsonEnvelopeDetection)
                            .withDoc("JSON Schema serializer: a `JsonNode` object with a `schema` field is Confluent's "
                                    + "envelope: that schema (with the envelope's `references`) is the record's, and only "
                                    + "its `payload` is written."),
                    ConfigKey.<SerdeSettings, String>of(
                                    TYPE_PROPERTY,
                                    new ConfigType<>("string", ConfigType.STRING.parse(), SerdeSettings::shown),
                                    (s, v) -> s.jsonTypeProperty = v,
                                    s -> s.jsonTypeProperty)
                            .withDefault("javaType")
                            .validatedBy(v -> v.isBlank() ? "must not be empty" : null)
                            .withDoc(
                                    "JSON Schema deserializer reading `java.lang.Object`: the schema property that names "
                                            + "the class to read into, as Confluent's."),
                    ConfigKey.<SerdeSettings, List<String>>of(
                                    JSON_TYPE_ALLOWED_PACKAGES,
                                    new ConfigType<>("list", ConfigType.LIST.parse(), SerdeSettings::shown),
                                    (s, v) -> s.jsonTypeAllowedPackages = v,
                                    s -> s.jsonTypeAllowedPackages)
                            .withDefault(List.of("*"))
                            .withDefaultDoc("`*`")
                            .withDoc("The package prefixes of the classes a schema may name in `type.property`: `*` "
                                    + "allows every class, an empty value none.")),
            List.of());

    public boolean autoRegisterSchemas;
    public boolean useLatestVersion;
    public boolean latestCompatibilityStrict;
    public int useSchemaId;
    public boolean idCompatibilityStrict;
    public boolean normalizeSchemas;
    public SubjectNameStrategy keySubjectNameStrategy;
    public SubjectNameStrategy valueSubjectNameStrategy;
    public ReferenceSubjectNameStrategy referenceSubjectNameStrategy;
    public SchemaIdWriting keySchemaIdWriting;
    public SchemaIdWriting valueSchemaIdWriting;
    public SchemaIdReading keySchemaIdReading;
    public SchemaIdReading valueSchemaIdReading;
    public boolean skipKnownTypes;
    public boolean useLogicalTypeConverters;
    public boolean removeJavaProperties;
    public boolean specificAvroReader;
    public Class<?> specificAvroKeyType;
    public Class<?> specificAvroValueType;
    public Class<?> specificProtobufKeyType;
    public Class<?> specificProtobufValueType;
    public Class<?> jsonKeyType;
    public Class<?> jsonValueType;
    public JsonSchemaSpecVersion jsonSchemaSpecVersion;
    public boolean jsonFailUnknownProperties;
    public boolean jsonWriteDatesIso8601;
    public boolean jsonIndentOutput;
    public boolean jsonEnvelopeDetection;
    public String jsonTypeProperty;
    public List<String> jsonTypeAllowedPackages;

    /**
     * Checks the rules between keys: a serializer either registers the record's schema or writes with
     * the latest one or a fixed id, and a generated reader class needs the specific reader.
     *
     * @throws ConfigException naming the key in conflict, its value and what the other key allows
     */
    public void checkRules() {
        if (useLatestVersion && autoRegisterSchemas) {
            throw autoRegistering(USE_LATEST_VERSION, true, "the latest one");
        }
        if (useSchemaId >= 0 && autoRegisterSchemas) {
            throw autoRegistering(USE_SCHEMA_ID, useSchemaId, "a fixed id");
        }
        if ((specificAvroKeyType != null || specificAvroValueType != null) && !specificAvroReader) {
            boolean value = specificAvroValueType != null;
            throw KEYS.refused(
                    value ? SPECIFIC_AVRO_VALUE_TYPE : SPECIFIC_AVRO_KEY_TYPE,
                    (value ? specificAvroValueType : specificAvroKeyType).getName(),
                    "needs " + SPECIFIC_AVRO_READER + "=true: it names the generated class that reader fills");
        }
        if (useSchemaId >= 0 && useLatestVersion) {
            throw KEYS.refused(
                    USE_SCHEMA_ID,
                    useSchemaId,
                    "is set together with " + USE_LATEST_VERSION + "=true, allowed: one of them");
        }
    }

    private static ConfigException autoRegistering(String key, Object value, String schema) {
        return KEYS.refused(
                key,
                value,
                "needs " + AUTO_REGISTER_SCHEMAS + "=false: a serializer either registers the record's schema or "
                        + "writes with " + schema + "; set " + AUTO_REGISTER_SCHEMAS + "=false (it defaults to true; "
                        + "Confluent's serializer would silently register and ignore " + key + ")");
    }

    /** Settings holding every default. */
    public SerdeSettings() {
        KEYS.applyDefaults(this);
    }

    /** A copy through the table's rows. */
    public SerdeSettings copy() {
        return KEYS.copy(this, new SerdeSettings());
    }

    private static ConfigKey<SerdeSettings, SubjectNameStrategy> subjectStrategy(
            String key,
            BiConsumer<SerdeSettings, SubjectNameStrategy> setter,
            Function<SerdeSettings, SubjectNameStrategy> getter) {
        ConfigType<SubjectNameStrategy> type =
                new ConfigType<>("class", value -> subjectStrategy(key, value), SerdeSettings::shown);
        return ConfigKey.of(key, type, setter, getter)
                .withDefault(new TopicNameStrategy())
                .withDefaultDoc("`TopicNameStrategy`")
                .withDoc("A `SubjectNameStrategy` class (or instance); Confluent's `TopicNameStrategy`, "
                        + "`RecordNameStrategy` and `TopicRecordNameStrategy` map to Ferry's.");
    }

    /**
     * A rejected value as a message may show it. Every key read here takes a boolean, a number or a
     * class name, so only such a token is shown: anything else may be a secret put in the wrong
     * key (a URL with user info, a quoted password), and an object's {@code toString()} may print
     * its fields.
     */
    private static Object shown(Object value) {
        if (value instanceof String text) {
            return SHOWN_TOKEN.matcher(text.trim()).matches() ? "'" + text.trim() + "'" : "[hidden]";
        }
        if (value instanceof Class<?> type) {
            return "'" + type.getName() + "'";
        }
        if (value instanceof Number || value instanceof Boolean || value == null) {
            return value;
        }
        return "(a " + value.getClass().getSimpleName() + ")";
    }

    /** A class key's type: the class is loaded by the one {@link Instantiator}, which names the key. */
    private static ConfigType<Class<?>> classType(String key) {
        return new ConfigType<>("class", value -> Instantiator.load(key, value), SerdeSettings::shown);
    }

    /**
     * A strategy key's value: an instance as it is, a class name {@code known} maps to Ferry's own
     * strategy (Confluent's names included), or any other class, made by the one {@link Instantiator}.
     */
    private static <S> S strategy(String key, Object value, Class<S> role, Function<String, S> known) {
        if (role.isInstance(value)) {
            return role.cast(value);
        }
        S mapped = known.apply(
                value instanceof Class<?> c
                        ? c.getName()
                        : String.valueOf(value).trim());
        return mapped != null ? mapped : Instantiator.create(key, value, role);
    }

    private static SubjectNameStrategy subjectStrategy(String key, Object value) {
        return strategy(key, value, SubjectNameStrategy.class, SerdeSettings::knownSubjectStrategy);
    }

    /** Ferry's strategy of that simple name, in Ferry's or Confluent's package or none; null for another. */
    private static SubjectNameStrategy knownSubjectStrategy(String name) {
        if (!isKnownPackage(name)) {
            return null;
        }
        return switch (simpleName(name)) {
            case "TopicNameStrategy" -> new TopicNameStrategy();
            case "RecordNameStrategy" -> new RecordNameStrategy();
            case "TopicRecordNameStrategy" -> new TopicRecordNameStrategy();
            default -> null;
        };
    }

    /** Ferry's enum constant, or Confluent's class, simple or in its package. */
    private static List<String> confluentNames(Enum<?> constant, String confluentClass) {
        return List.of(constant.name(), confluentClass, CONFLUENT_ID_PACKAGE + confluentClass);
    }

    private static ReferenceSubjectNameStrategy referenceStrategy(String key, Object value) {
        return strategy(
                key,
                value,
                ReferenceSubjectNameStrategy.class,
                name -> name.equals("io.confluent.kafka.serializers.subject.DefaultReferenceSubjectNameStrategy")
                        ? ReferenceSubjectNameStrategy.DEFAULT
                        : null);
    }

    private static boolean isKnownPackage(String name) {
        return name.equals(simpleName(name))
                || name.startsWith("io.confluent.kafka.serializers.subject.")
                || name.startsWith(SubjectNameStrategy.class.getPackageName() + ".");
    }

    private static String simpleName(String name) {
        return name.substring(name.lastIndexOf('.') + 1);
    }
}
