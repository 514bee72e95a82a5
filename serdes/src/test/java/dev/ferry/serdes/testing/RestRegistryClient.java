package dev.ferry.serdes.testing;

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
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A test-only client speaking Confluent's REST API (the subset serdes use), so golden-frame tests
 * run against WireMock stubs of the real API while the module's own HTTP client is built elsewhere.
 */
public final class RestRegistryClient implements SchemaRegistryClient {

    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String baseUrl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public RestRegistryClient(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    @Override
    public int register(String subject, Schema schema, boolean normalize) {
        String path = "/subjects/" + encode(subject) + "/versions" + (normalize ? "?normalize=true" : "");
        return send("POST", path, body(schema)).get("id").asInt();
    }

    @Override
    public RegisteredSchema lookup(String subject, Schema schema, boolean normalize) {
        String path = "/subjects/" + encode(subject) + (normalize ? "?normalize=true" : "");
        JsonNode answer = send("POST", path, body(schema));
        return new RegisteredSchema(subject, answer.get("id").asInt(), answer.get("version").asInt(), schema);
    }

    @Override
    public Schema schemaById(int id) {
        return schema(send("GET", "/schemas/ids/" + id, null));
    }

    @Override
    public RegisteredSchema schema(String subject, int version) {
        return registered(send("GET", "/subjects/" + encode(subject) + "/versions/" + version, null));
    }

    @Override
    public RegisteredSchema latest(String subject) {
        return registered(send("GET", "/subjects/" + encode(subject) + "/versions/latest", null));
    }

    private static RegisteredSchema registered(JsonNode answer) {
        return new RegisteredSchema(answer.get("subject").asText(), answer.get("id").asInt(),
                answer.get("version").asInt(), schema(answer));
    }

    private static Schema schema(JsonNode answer) {
        List<SchemaReference> references = new ArrayList<>();
        for (JsonNode reference : answer.path("references")) {
            references.add(new SchemaReference(reference.get("name").asText(), reference.get("subject").asText(),
                    reference.get("version").asInt()));
        }
        JsonNode type = answer.get("schemaType");
        return new Schema(SchemaType.fromWireName(type == null ? null : type.asText()), answer.get("schema").asText(),
                references);
    }

    private static String body(Schema schema) {
        ObjectNode body = JSON.createObjectNode();
        body.put("schema", schema.text());
        if (schema.type() != SchemaType.AVRO) {
            body.put("schemaType", schema.type().name());
        }
        if (!schema.references().isEmpty()) {
            ArrayNode references = body.putArray("references");
            for (SchemaReference reference : schema.references()) {
                references.addObject().put("name", reference.name()).put("subject", reference.subject())
                        .put("version", reference.version());
            }
        }
        return body.toString();
    }

    private JsonNode send(String method, String path, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(10)).header("Accept", CONTENT_TYPE);
        if (body != null) {
            request.header("Content-Type", CONTENT_TYPE).method(method, HttpRequest.BodyPublishers.ofString(body));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode answer = response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
            if (response.statusCode() >= 400) {
                throw new SchemaRegistryException(method + " " + path, response.statusCode(),
                        answer.path("error_code").asInt(-1), answer.path("message").asText(""), null);
            }
            return answer;
        } catch (IOException e) {
            throw new SchemaRegistryException(method + " " + path, 0, -1, e.toString(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaRegistryException(method + " " + path, 0, -1, "interrupted", e);
        }
    }

    private static String encode(String subject) {
        return URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Override
    public List<Integer> versions(String subject, boolean includeDeleted) {
        throw new UnsupportedOperationException("not needed by the serdes tests");
    }

    @Override
    public List<String> subjects(boolean includeDeleted) {
        throw new UnsupportedOperationException("not needed by the serdes tests");
    }

    @Override
    public List<Integer> deleteSubject(String subject, boolean permanent) {
        throw new UnsupportedOperationException("not needed by the serdes tests");
    }

    @Override
    public int deleteVersion(String subject, int version, boolean permanent) {
        throw new UnsupportedOperationException("not needed by the serdes tests");
    }

    @Override
    public CompatibilityResult testCompatibility(String subject, Schema schema) {
        throw new UnsupportedOperationException("not needed by the serdes tests");
    }

    @Override
    public CompatibilityResult testCompatibility(String subject, int version, Schema schema) {
        throw new UnsupportedOperationException("not needed by the serdes tests");
    }

    @Override
    public CompatibilityLevel globalCompatibility() {
        throw new UnsupportedOperationException("not needed by the serdes tests");
    }

    @Override
    public void setGlobalCompatibility(CompatibilityLevel level) {
        throw new UnsupportedOperationException("not needed by the serdes tests");
    }

    @Override
    public Optional<CompatibilityLevel> compatibility(String subject, boolean defaultToGlobal) {
        throw new UnsupportedOperationException("not needed by the serdes tests");
    }

    @Override
    public void setCompatibility(String subject, CompatibilityLevel level) {
        send("PUT", "/config/" + encode(subject), "{\"compatibility\":\"" + level.name() + "\"}");
    }

    @Override
    public void deleteCompatibility(String subject) {
        throw new UnsupportedOperationException("not needed by the serdes tests");
    }

    @Override
    public Mode mode() {
        throw new UnsupportedOperationException("not needed by the serdes tests");
    }

    @Override
    public void setMode(Mode mode) {
        throw new UnsupportedOperationException("not needed by the serdes tests");
    }

    @Override
    public Mode mode(String subject) {
        throw new UnsupportedOperationException("not needed by the serdes tests");
    }

    @Override
    public void setMode(String subject, Mode mode) {
        throw new UnsupportedOperationException("not needed by the serdes tests");
    }

    @Override
    public void preload(String... subjects) {
    }

    @Override
    public void close() {
    }
}
