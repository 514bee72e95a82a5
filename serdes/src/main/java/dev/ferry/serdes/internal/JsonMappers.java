package dev.ferry.serdes.internal;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.ferry.serdes.SerdeConfig;

/**
 * The Jackson mappers Ferry's JSON serdes make when the caller gives none, set up as Confluent's serdes
 * set up theirs, so that a value gives the same bytes and the same bytes give the same Java types:
 * {@code java.time} and {@code Optional} values through {@code JavaTimeModule} and {@code Jdk8Module},
 * written as timestamps ({@code WRITE_DATES_AS_TIMESTAMPS}, Jackson's default), and the {@code NaN} and
 * {@code Infinity} tokens accepted. Confluent's JSON Schema serdes also read floating-point numbers as
 * {@code BigDecimal} ({@code DecimalNode} in trees, trailing zeros kept); its plain JSON serdes do not.
 * Confluent's mappers also register Guava, Joda, org.json, json-skema and parameter-name modules, for the types of
 * those libraries and for constructors without annotations, which Ferry leaves to a mapper of the caller's.
 *
 * <p>The keys that change how a mapper reads or writes are applied to an {@link ObjectReader} or
 * {@link ObjectWriter}, never to the mapper, which may be the caller's: a key set away from its
 * default is applied; a key at its default leaves the mapper's own setting, which for these mappers
 * is that default.
 */
public final class JsonMappers {
    private JsonMappers() {}

    /** As Confluent's JSON Schema serdes' ({@code json-schema-provider}'s {@code Jackson.newObjectMapper()}). */
    public static ObjectMapper forJsonSchema() {
        return base().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                // Confluent's JsonNodeFactory.withExactBigDecimals(true), in Jackson's current words.
                .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
                .build();
    }

    /** As Confluent's plain {@code KafkaJsonSerializer}'s and {@code KafkaJsonDeserializer}'s. */
    public static ObjectMapper forPlainJson() {
        return base().build();
    }

    private static JsonMapper.Builder base() {
        return JsonMapper.builder()
                .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
                .addModule(new Jdk8Module())
                .addModule(new JavaTimeModule());
    }

    /** The mapper's reader with {@code json.fail.unknown.properties} applied, as Confluent's deserializers do. */
    public static ObjectReader reader(ObjectMapper mapper, SerdeConfig config) {
        ObjectReader reader = mapper.reader();
        return config.jsonFailUnknownProperties()
                ? reader
                : reader.without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    /** The mapper's writer with {@code json.write.dates.iso8601} and {@code json.indent.output} applied. */
    public static ObjectWriter writer(ObjectMapper mapper, SerdeConfig config) {
        ObjectWriter writer = mapper.writer();
        if (config.jsonWriteDatesIso8601()) {
            writer = writer.without(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        }
        if (config.jsonIndentOutput()) {
            writer = writer.with(SerializationFeature.INDENT_OUTPUT);
        }
        return writer;
    }
}
