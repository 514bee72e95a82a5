package dev.ferry.examples.reliability;

import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * WireMock answering Confluent Schema Registry's REST API for the schemas of one subject, each with
 * a fixed id and version: register ({@code POST /subjects/{s}/versions}), look up
 * ({@code POST /subjects/{s}}) and fetch by id ({@code GET /schemas/ids/{id}}), with Confluent's
 * content type and error bodies for what it does not know. It can go down and come back on the
 * same port, as a restarted registry does.
 */
final class RegistryStub implements AutoCloseable {
    static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String subject;
    private final Map<Integer, String> schemasById;
    private WireMockServer server;
    private int port;

    private RegistryStub(String subject, Map<Integer, String> schemasById) {
        this.subject = subject;
        this.schemasById = new LinkedHashMap<>(schemasById);
    }

    /** Starts on a free port; ids are also the versions, in order. */
    static RegistryStub start(String subject, Map<Integer, String> schemasById) {
        RegistryStub stub = new RegistryStub(subject, schemasById);
        stub.up();
        return stub;
    }

    /** Starts (again) on the same port with the same schemas. */
    void up() {
        server = new WireMockServer(
                port == 0 ? wireMockConfig().dynamicPort() : wireMockConfig().port(port));
        server.start();
        port = server.port();
        int version = 1;
        for (Map.Entry<Integer, String> schema : schemasById.entrySet()) {
            stub(schema.getKey(), version++, schema.getValue());
        }
        server.stubFor(get(urlPathMatching("/schemas/ids/.*"))
                .atPriority(10)
                .willReturn(error(404, 40403, "Schema not found")));
        server.stubFor(post(urlEqualTo("/subjects/" + subject))
                .atPriority(10)
                .willReturn(error(404, 40403, "Schema not found")));
    }

    private void stub(int id, int version, String text) {
        String body = JSON.createObjectNode().put("schema", text).toString();
        server.stubFor(post(urlEqualTo("/subjects/" + subject + "/versions"))
                .withRequestBody(equalToJson(body))
                .willReturn(ok(JSON.createObjectNode().put("id", id))));
        server.stubFor(post(urlEqualTo("/subjects/" + subject))
                .withRequestBody(equalToJson(body))
                .willReturn(ok(JSON.createObjectNode()
                        .put("subject", subject)
                        .put("id", id)
                        .put("version", version)
                        .put("schema", text))));
        server.stubFor(get(urlEqualTo("/schemas/ids/" + id))
                .willReturn(ok(JSON.createObjectNode().put("schema", text))));
    }

    private static ResponseDefinitionBuilder ok(ObjectNode body) {
        return WireMock.okForContentType(CONTENT_TYPE, body.toString());
    }

    static ResponseDefinitionBuilder error(int status, int errorCode, String message) {
        return WireMock.aResponse()
                .withStatus(status)
                .withHeader("Content-Type", CONTENT_TYPE)
                .withBody(JSON.createObjectNode()
                        .put("error_code", errorCode)
                        .put("message", message)
                        .toString());
    }

    /** Stops answering: connections are refused until {@link #up()}. */
    void down() {
        server.stop();
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    int port() {
        return port;
    }

    /** Adds a stub to the running server (gone after {@link #down()}). */
    void stubFor(MappingBuilder mapping) {
        server.stubFor(mapping);
    }

    /** How many requests the running server received that match. */
    int count(RequestPatternBuilder pattern) {
        return server.countRequestsMatching(pattern.build()).getCount();
    }

    @Override
    public void close() {
        if (server != null && server.isRunning()) {
            server.stop();
        }
    }
}
