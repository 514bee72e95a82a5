package dev.ferry.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ApicurioRegistryIT {
    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static ApicurioRegistry registry;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void startRegistry() {
        registry = ApicurioRegistry.start();
    }

    @AfterAll
    static void stopRegistry() {
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void registersAndFetchesASchemaOverTheConfluentApi() throws Exception {
        String schema =
                "{\\\"type\\\":\\\"record\\\",\\\"name\\\":\\\"Ping\\\",\\\"fields\\\":[{\\\"name\\\":\\\"id\\\",\\\"type\\\":\\\"long\\\"}]}";
        HttpResponse<String> registered = http.send(
                HttpRequest.newBuilder(URI.create(registry.url() + "/subjects/ping-value/versions"))
                        .header("Content-Type", CONTENT_TYPE)
                        .POST(HttpRequest.BodyPublishers.ofString("{\"schema\":\"" + schema + "\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(registered.statusCode()).isEqualTo(200);
        String id = registered.body().replaceAll("\\D", "");

        HttpResponse<String> fetched = http.send(
                HttpRequest.newBuilder(URI.create(registry.url() + "/schemas/ids/" + id))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(fetched.statusCode()).isEqualTo(200);
        assertThat(fetched.body()).contains("Ping").contains("\\\"id\\\"");
    }
}
