package dev.ferry.codegen;

import dev.ferry.codegen.internal.CodegenFailure;
import dev.ferry.common.ConfigException;
import dev.ferry.registry.SchemaRegistryClient;
import dev.ferry.registry.SchemaRegistryClients;
import dev.ferry.registry.SchemaRegistryConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.maven.plugins.annotations.Parameter;
import org.eclipse.aether.RepositorySystem;

/** What the goals that talk to a schema registry share: how to reach it. */
abstract class AbstractRegistryMojo extends AbstractFerryMojo {

    /** The registry's base URL(s), comma-separated; {@code schema.registry.url} in the registry client's keys. */
    @Parameter(property = "schema.registry.url")
    String schemaRegistryUrl;

    /**
     * More of the registry client's keys: {@code basic.auth.credentials.source},
     * {@code basic.auth.user.info}, {@code bearer.auth.token}, {@code schema.registry.ssl.*},
     * {@code http.read.timeout.ms}, ... Secrets are best given as {@code ${env.NAME}}.
     */
    @Parameter
    Map<String, String> registryProperties;

    AbstractRegistryMojo(RepositorySystem repositorySystem) {
        super(repositorySystem);
    }

    SchemaRegistryClient registryClient() {
        Map<String, Object> properties = new LinkedHashMap<>();
        if (registryProperties != null) {
            properties.putAll(registryProperties);
        }
        if (schemaRegistryUrl != null && !schemaRegistryUrl.isBlank()) {
            properties.put(SchemaRegistryConfig.URL, schemaRegistryUrl.strip());
        }
        Object url = properties.get(SchemaRegistryConfig.URL);
        if (url == null || url.toString().isBlank()) {
            throw new CodegenFailure("schemaRegistryUrl is missing: set <schemaRegistryUrl> (or -Dschema.registry.url),"
                    + " such as http://localhost:8081");
        }
        // Both steps reject settings the user can fix (a malformed URL, an unreadable trust store) with
        // the key's name; neither message carries a secret.
        try {
            SchemaRegistryConfig config = SchemaRegistryConfig.fromProperties(properties);
            getLog().debug("ferry: registry " + config);
            return SchemaRegistryClients.create(config);
        } catch (ConfigException e) {
            throw new CodegenFailure("registry configuration: " + e.getMessage(), e);
        }
    }
}
