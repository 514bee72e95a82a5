package dev.ferry.testkit.junit.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.registry.CompatibilityLevel;
import dev.ferry.registry.CompatibilityResult;
import dev.ferry.registry.Mode;
import dev.ferry.registry.RegisteredSchema;
import dev.ferry.registry.Schema;
import dev.ferry.registry.SchemaReference;
import dev.ferry.registry.SchemaRegistryClient;
import dev.ferry.registry.SchemaRegistryException;
import dev.ferry.registry.SchemaType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Confluent's Schema Registry REST API over a {@link SchemaRegistryClient} store (the in-memory
 * registry of {@code mock://}, which applies Ferry's schema formats' compatibility rules): decodes a
 * {@link RestCall}, calls the store, encodes the answer or the store's Confluent error. Thread-safe.
 */
public final class ConfluentRestApi {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private final SchemaRegistryClient store;
    /** Subjects whose registrations and compatibility checks are refused as incompatible by the test. */
    private final Set<String> forcedIncompatible = ConcurrentHashMap.newKeySet();

    public ConfluentRestApi(SchemaRegistryClient store) {
        this.store = store;
    }

    public void forceIncompatible(String subject) {
        forcedIncompatible.add(subject);
    }

    public void clearForcedIncompatible() {
        forcedIncompatible.clear();
    }

    public RestAnswer answer(RestCall call) {
        try {
            return route(call);
        } catch (SchemaRegistryException e) {
            return RestAnswer.error(e.httpStatus(), e.errorCode(), e.serverMessage());
        } catch (BadRequest e) {
            return RestAnswer.error(e.status, e.errorCode, e.getMessage());
        } catch (RuntimeException e) {
            return RestAnswer.error(500, SchemaRegistryException.STORE_ERROR, "Error in the backend data store: " + e);
        }
    }

    private RestAnswer route(RestCall call) {
        return switch (call.endpoint()) {
            case REGISTER -> register(call);
            case LOOKUP -> ok(registered(store.lookup(call.subject(), schema(call), call.flag("normalize"))));
            case SCHEMA_BY_ID ->
                ok(withGuid(
                        schemaJson(MAPPER.createObjectNode(), store.schemaById(id(call.segment(2)))),
                        store.guidById(id(call.segment(2)))));
            case SCHEMA_BY_GUID -> ok(schemaJson(MAPPER.createObjectNode(), store.schemaByGuid(guid(call.segment(2)))));
            case SUBJECTS -> ok(MAPPER.valueToTree(store.subjects(call.flag("deleted"))));
            case VERSIONS -> ok(MAPPER.valueToTree(store.versions(call.subject(), call.flag("deleted"))));
            case VERSION -> ok(registered(store.schema(call.subject(), version(call.segment(3)))));
            case LATEST -> ok(registered(store.latest(call.subject())));
            case DELETE_SUBJECT -> ok(MAPPER.valueToTree(store.deleteSubject(call.subject(), call.flag("permanent"))));
            case DELETE_VERSION ->
                ok(MAPPER.valueToTree(
                        store.deleteVersion(call.subject(), version(call.segment(3)), call.flag("permanent"))));
            case COMPATIBILITY_CHECK -> compatibility(call);
            case GET_CONFIG -> getConfig(call);
            case PUT_CONFIG -> putConfig(call);
            case DELETE_CONFIG -> deleteConfig(call);
            case GET_MODE ->
                ok(MAPPER.createObjectNode()
                        .put("mode", (call.subject() == null ? store.mode() : store.mode(call.subject())).name()));
            case PUT_MODE -> putMode(call);
            case UNKNOWN -> RestAnswer.error(404, 404, "HTTP 404 Not Found");
        };
    }

    private RestAnswer register(RestCall call) {
        Schema schema = schema(call);
        if (forcedIncompatible.contains(call.subject())) {
            return RestAnswer.error(
                    409,
                    SchemaRegistryException.INCOMPATIBLE_SCHEMA,
                    "Schema being registered is incompatible with an earlier schema for subject \"" + call.subject()
                            + "\", details: [refused by the test: rejectAsIncompatible(\"" + call.subject() + "\")]");
        }
        int id = store.register(call.subject(), schema, call.flag("normalize"));
        return ok(withGuid(MAPPER.createObjectNode().put("id", id), store.guidById(id)));
    }

    private RestAnswer compatibility(RestCall call) {
        Schema schema = schema(call);
        // no version: every version the subject's level names, as a registration is checked
        String version = call.segmentCount() > 4 ? call.segment(4) : null;
        CompatibilityResult result;
        if (forcedIncompatible.contains(call.subject())) {
            result = new CompatibilityResult(
                    false, List.of("refused by the test: rejectAsIncompatible(\"" + call.subject() + "\")"));
        } else {
            result = version == null
                    ? store.testCompatibilityForSubject(call.subject(), schema)
                    : version.equals("latest")
                            ? store.testCompatibility(call.subject(), schema)
                            : store.testCompatibility(call.subject(), version(version), schema);
        }
        ObjectNode body = MAPPER.createObjectNode().put("is_compatible", result.compatible());
        if (call.flag("verbose")) {
            ArrayNode messages = body.putArray("messages");
            result.messages().forEach(messages::add);
        }
        return ok(body);
    }

    private RestAnswer getConfig(RestCall call) {
        if (call.subject() == null) {
            return ok(MAPPER.createObjectNode()
                    .put("compatibilityLevel", store.globalCompatibility().name()));
        }
        Optional<CompatibilityLevel> level = store.compatibility(call.subject(), call.flag("defaultToGlobal"));
        if (level.isEmpty()) {
            return RestAnswer.error(
                    404,
                    SchemaRegistryException.SUBJECT_COMPATIBILITY_NOT_CONFIGURED,
                    "Subject '" + call.subject() + "' does not have subject-level compatibility configured");
        }
        return ok(
                MAPPER.createObjectNode().put("compatibilityLevel", level.get().name()));
    }

    private RestAnswer putConfig(RestCall call) {
        JsonNode body = json(call);
        String text = body.path("compatibility")
                .asText(body.path("compatibilityLevel").asText(""));
        CompatibilityLevel level;
        try {
            level = CompatibilityLevel.parse(text);
        } catch (IllegalArgumentException e) {
            throw new BadRequest(
                    422,
                    SchemaRegistryException.INVALID_COMPATIBILITY_LEVEL,
                    "Invalid compatibility level. Valid values are none, backward, forward, full, "
                            + "backward_transitive, forward_transitive, and full_transitive");
        }
        if (call.subject() == null) {
            store.setGlobalCompatibility(level);
        } else {
            store.setCompatibility(call.subject(), level);
        }
        return ok(MAPPER.createObjectNode().put("compatibility", level.name()));
    }

    private RestAnswer deleteConfig(RestCall call) {
        Optional<CompatibilityLevel> own = store.compatibility(call.subject(), false);
        store.deleteCompatibility(call.subject());
        return ok(MAPPER.createObjectNode()
                .put("compatibilityLevel", own.map(Enum::name).orElse(null)));
    }

    private RestAnswer putMode(RestCall call) {
        Mode mode;
        try {
            mode = Mode.parse(json(call).path("mode").asText(""));
        } catch (IllegalArgumentException e) {
            throw new BadRequest(
                    422,
                    SchemaRegistryException.INVALID_MODE,
                    "Invalid mode. Valid values are READWRITE, READONLY, READONLY_OVERRIDE and IMPORT");
        }
        if (call.subject() == null) {
            store.setMode(mode);
        } else {
            store.setMode(call.subject(), mode);
        }
        return ok(MAPPER.createObjectNode().put("mode", mode.name()));
    }

    private static RestAnswer ok(JsonNode body) {
        return new RestAnswer(200, body.toString());
    }

    private static JsonNode json(RestCall call) {
        if (call.body() == null || call.body().isBlank()) {
            throw new BadRequest(400, 400, call.display() + ": the request has no JSON body");
        }
        try {
            JsonNode node = MAPPER.readTree(call.body());
            if (!node.isObject()) {
                throw new BadRequest(400, 400, call.display() + ": the body is not a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new BadRequest(400, 400, call.display() + ": malformed JSON body: " + e.getOriginalMessage());
        }
    }

    private static Schema schema(RestCall call) {
        JsonNode body = json(call);
        JsonNode text = body.get("schema");
        if (text == null || !text.isTextual() || text.asText().isBlank()) {
            throw new BadRequest(422, SchemaRegistryException.INVALID_SCHEMA, "Empty schema");
        }
        SchemaType type;
        try {
            type = SchemaType.fromWireName(
                    body.hasNonNull("schemaType") ? body.get("schemaType").asText() : null);
        } catch (IllegalArgumentException e) {
            throw new BadRequest(
                    422,
                    SchemaRegistryException.INVALID_SCHEMA,
                    "Invalid schema type " + body.get("schemaType").asText());
        }
        List<SchemaReference> references = new ArrayList<>();
        for (JsonNode reference : body.path("references")) {
            if (!reference.path("name").isTextual()
                    || !reference.path("subject").isTextual()
                    || !reference.path("version").canConvertToInt()) {
                throw new BadRequest(
                        422,
                        SchemaRegistryException.INVALID_SCHEMA,
                        "Invalid schema: each reference needs a string 'name', a string 'subject' and an integer 'version'");
            }
            try {
                references.add(new SchemaReference(
                        reference.get("name").asText(),
                        reference.get("subject").asText(),
                        reference.get("version").asInt()));
            } catch (IllegalArgumentException e) {
                throw new BadRequest(422, SchemaRegistryException.INVALID_SCHEMA, "Invalid schema: " + e.getMessage());
            }
        }
        return new Schema(type, text.asText(), references);
    }

    private static ObjectNode registered(RegisteredSchema registered) {
        ObjectNode body = MAPPER.createObjectNode()
                .put("subject", registered.subject())
                .put("version", registered.version())
                .put("id", registered.id());
        return withGuid(schemaJson(body, registered.schema()), registered.guid());
    }

    /** Confluent Platform 8 answers carry the schema's GUID beside its id. */
    private static ObjectNode withGuid(ObjectNode body, Optional<UUID> guid) {
        guid.ifPresent(value -> body.put("guid", value.toString()));
        return body;
    }

    private static UUID guid(String text) {
        return schemaKey(text, UUID::fromString);
    }

    /** An id or GUID in a path: one that does not parse names no schema, as on Confluent's server. */
    private static <K> K schemaKey(String text, Function<String, K> parse) {
        try {
            return parse.apply(text);
        } catch (IllegalArgumentException e) {
            throw new BadRequest(404, SchemaRegistryException.SCHEMA_NOT_FOUND, "Schema " + text + " not found");
        }
    }

    private static ObjectNode schemaJson(ObjectNode body, Schema schema) {
        if (schema.type() != SchemaType.AVRO) {
            body.put("schemaType", schema.type().name());
        }
        if (!schema.references().isEmpty()) {
            ArrayNode references = body.putArray("references");
            for (SchemaReference reference : schema.references()) {
                references
                        .addObject()
                        .put("name", reference.name())
                        .put("subject", reference.subject())
                        .put("version", reference.version());
            }
        }
        body.put("schema", schema.text());
        return body;
    }

    private static int id(String text) {
        return schemaKey(text, Integer::parseInt);
    }

    private static int version(String text) {
        try {
            int version = text.equals("latest") || text.equals("-1") ? -1 : Integer.parseInt(text);
            if (version == -1) {
                throw new NumberFormatException("latest has its own endpoint");
            }
            if (version < 1) {
                throw new NumberFormatException("not positive");
            }
            return version;
        } catch (NumberFormatException e) {
            throw new BadRequest(
                    422,
                    SchemaRegistryException.INVALID_VERSION,
                    "The specified version '" + text
                            + "' is not a valid version id. Allowed values are between [1, 2^31-1] and the string \"latest\"");
        }
    }

    /** A request the store never sees: malformed body, bad version, bad level. */
    private static final class BadRequest extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int status;
        final int errorCode;

        BadRequest(int status, int errorCode, String message) {
            super(message, null, false, false);
            this.status = status;
            this.errorCode = errorCode;
        }
    }
}
