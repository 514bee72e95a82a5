package dev.ferry.serdes.internal;

import dev.ferry.serdes.SerdeConfig;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The keys Confluent's plain JSON serdes read, picked from the properties before they are parsed: the
 * same map often configures a registry serde as well, whose keys (and their rules between each other)
 * are no business of a plain JSON serde.
 */
public final class PlainJsonKeys {
    private static final List<String> KEYS = List.of(
            SerdeConfig.JSON_KEY_TYPE,
            SerdeConfig.JSON_VALUE_TYPE,
            SerdeConfig.JSON_FAIL_UNKNOWN_PROPERTIES,
            SerdeConfig.JSON_WRITE_DATES_ISO8601,
            SerdeConfig.JSON_INDENT_OUTPUT);

    private PlainJsonKeys() {}

    /** @throws dev.ferry.common.ConfigException naming a malformed key among them */
    public static SerdeConfig read(Map<String, ?> configs) {
        Map<String, Object> picked = new HashMap<>();
        for (String key : KEYS) {
            if (configs.get(key) != null) {
                picked.put(key, configs.get(key));
            }
        }
        return SerdeConfig.fromProperties(picked);
    }
}
