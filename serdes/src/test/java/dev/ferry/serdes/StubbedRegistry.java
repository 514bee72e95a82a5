package dev.ferry.serdes;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import dev.ferry.registry.CachedSchemaRegistryClient;
import dev.ferry.registry.SchemaRegistryConfig;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * WireMock answering exactly the Confluent REST JSON a test stubs, and a real
 * {@link CachedSchemaRegistryClient} pointed at it: for the byte-exact frame tests, whose expected
 * ids and GUIDs come from the stubs. Register it on a static field; it runs before the class's
 * own {@code @BeforeAll}, so that can stub at once.
 */
public final class StubbedRegistry implements BeforeAllCallback, AfterAllCallback {

    public static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private WireMockServer server;
    private CachedSchemaRegistryClient client;

    @Override
    public void beforeAll(ExtensionContext context) {
        server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        client = new CachedSchemaRegistryClient(
                SchemaRegistryConfig.builder().urls(server.baseUrl()).build());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        client.close();
        server.stop();
    }

    public WireMockServer server() {
        return server;
    }

    public CachedSchemaRegistryClient client() {
        return client;
    }

    /** Answers the request with 200 and this JSON text. */
    public void stub(MappingBuilder request, String json) {
        server.stubFor(request.willReturn(aResponse()
                .withStatus(200)
                .withHeader("Content-Type", CONTENT_TYPE)
                .withBody(json)));
    }

    /** Answers the request with 200 and this map as JSON. */
    public void stub(MappingBuilder request, Map<String, Object> body) {
        stub(request, JSON.valueToTree(body).toString());
    }

    /** Answers the request with this status and Confluent's error body. */
    public void stubError(MappingBuilder request, int status, String errorJson) {
        server.stubFor(request.willReturn(aResponse()
                .withStatus(status)
                .withHeader("Content-Type", CONTENT_TYPE)
                .withBody(errorJson)));
    }
}
