package dev.ferry.serdes.json;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The JSON Schema draft a {@link JsonSchemaSerializer} writes when it derives the schema from the
 * value's class: Confluent's {@code json.schema.spec.version} values. Confluent's default is
 * {@link #DRAFT_7}, and so is Ferry's.
 *
 * <p>Confluent also accepts {@code draft_4}; Ferry's generator (victools) starts at draft 6, so
 * {@code draft_4} is refused rather than silently written as another draft.
 */
public enum JsonSchemaSpecVersion {
    DRAFT_6,
    DRAFT_7,
    DRAFT_2019_09,
    DRAFT_2020_12;

    /** The property value: {@code draft_7}, {@code draft_2020_12}, ... */
    public String propertyValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param value a property value as Confluent spells it, any case
     * @throws IllegalArgumentException naming {@code key}, the value and the allowed values
     */
    public static JsonSchemaSpecVersion fromProperty(String key, String value) {
        String wanted = value.trim().toUpperCase(Locale.ROOT);
        for (JsonSchemaSpecVersion version : values()) {
            if (version.name().equals(wanted)) {
                return version;
            }
        }
        String allowed = Arrays.stream(values())
                .map(JsonSchemaSpecVersion::propertyValue)
                .collect(Collectors.joining(", "));
        String why = wanted.equals("DRAFT_4") ? " (draft_4 is not generated: the generator starts at draft 6)" : "";
        throw new IllegalArgumentException(key + " was '" + value + "', allowed: " + allowed + why);
    }
}
