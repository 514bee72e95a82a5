package dev.ferry.serdes;

import dev.ferry.registry.SchemaRegistryClient;
import dev.ferry.registry.SchemaRegistryClients;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A {@code mock://} registry scope of a test's own, dropped after the test, so that tests never see
 * each other's schemas: a {@code @RegisterExtension} instance field.
 */
public final class MockRegistry implements AfterEachCallback {
    private final String scope;
    private final SchemaRegistryClient client;

    /** @param name what the scope's name starts with, for reading a failure */
    public MockRegistry(String name) {
        this.scope = name + "-" + UUID.randomUUID();
        this.client = SchemaRegistryClients.create(Map.of("schema.registry.url", url()));
    }

    /** A client on the scope; serializers configured with {@link #url()} share its store. */
    public SchemaRegistryClient client() {
        return client;
    }

    /** The {@code schema.registry.url} of the scope. */
    public String url() {
        return "mock://" + scope;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        SchemaRegistryClients.dropMockScope(scope);
    }
}
