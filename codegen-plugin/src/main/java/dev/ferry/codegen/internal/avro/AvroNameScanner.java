package dev.ferry.codegen.internal.avro;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Finds the named types an .avsc file defines and uses, from its JSON alone, so that files can be
 * parsed in dependency order without the user listing imports. Mirrors Avro's name resolution: a
 * dotted name is a full name; a simple name is tried in the enclosing namespace, then in none.
 */
public final class AvroNameScanner {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> PRIMITIVES =
            Set.of("null", "boolean", "int", "long", "float", "double", "bytes", "string");

    private final Set<String> defined = new LinkedHashSet<>();
    private final List<List<String>> references = new ArrayList<>();

    private AvroNameScanner() {}

    /** The declarations of {@code json}; a file that is not JSON declares nothing (the parser reports it). */
    public static AvroDeclarations scan(String json) {
        AvroNameScanner scanner = new AvroNameScanner();
        try {
            scanner.walk(JSON.readTree(json), "");
        } catch (JsonProcessingException e) {
            return new AvroDeclarations(Set.of(), List.of());
        }
        return new AvroDeclarations(scanner.defined, scanner.references);
    }

    private void walk(JsonNode node, String namespace) {
        if (node == null) {
            return;
        }
        if (node.isTextual()) {
            refer(node.textValue(), namespace);
        } else if (node.isArray()) {
            node.forEach(branch -> walk(branch, namespace));
        } else if (node.isObject()) {
            walkObject(node, namespace);
        }
    }

    private void walkObject(JsonNode node, String namespace) {
        JsonNode type = node.get("type");
        if (type == null || !type.isTextual()) {
            walk(type, namespace);
            return;
        }
        switch (type.textValue()) {
            case "record", "error" -> {
                String inner = define(node, namespace);
                node.path("fields").forEach(field -> walk(field.get("type"), inner));
            }
            case "enum", "fixed" -> define(node, namespace);
            case "array" -> walk(node.get("items"), namespace);
            case "map" -> walk(node.get("values"), namespace);
            default -> refer(type.textValue(), namespace);
        }
    }

    private String define(JsonNode node, String enclosing) {
        String name = node.path("name").asText("");
        if (name.isEmpty()) {
            return enclosing;
        }
        if (name.contains(".")) {
            defined.add(name);
            return name.substring(0, name.lastIndexOf('.'));
        }
        JsonNode declared = node.get("namespace");
        String namespace = declared != null && declared.isTextual() ? declared.textValue() : enclosing;
        defined.add(qualify(namespace, name));
        return namespace;
    }

    private void refer(String name, String namespace) {
        if (PRIMITIVES.contains(name)) {
            return;
        }
        if (name.contains(".") || namespace.isEmpty()) {
            references.add(List.of(name));
        } else {
            references.add(List.of(qualify(namespace, name), name));
        }
    }

    private static String qualify(String namespace, String name) {
        return namespace.isEmpty() ? name : namespace + "." + name;
    }
}
