package dev.ferry.serdes.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * JSON rendered with every object's keys sorted: the normalized form of the Avro and JSON Schema
 * formats, for which key order never changes a schema's meaning.
 */
public final class SortedJson {
    private static final ObjectMapper SORTED = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    private SortedJson() {}

    /** The tree as compact JSON with sorted keys. */
    public static String write(JsonNode tree) throws JsonProcessingException {
        return SORTED.writeValueAsString(SORTED.treeToValue(tree, Object.class));
    }

    /** The JSON text as compact JSON with sorted keys. */
    public static String sort(String json) throws JsonProcessingException {
        return write(SORTED.readTree(json));
    }
}
