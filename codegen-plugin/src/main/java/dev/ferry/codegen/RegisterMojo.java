package dev.ferry.codegen;

import dev.ferry.codegen.internal.registry.SubjectRegistrar;
import dev.ferry.codegen.internal.registry.SubjectSpec;
import dev.ferry.registry.SchemaRegistryClient;
import java.util.List;
import javax.inject.Inject;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.eclipse.aether.RepositorySystem;

/**
 * Registers schema files under their subjects in a Confluent-compatible registry, with their
 * references; a subject that already has the schema keeps its version. A listed subject that
 * another one references is registered first, as Confluent's plugin does, so even a pinned
 * {@code <version>} exists on a first deploy; a reference without a version uses the version just
 * registered. A pinned version the registry lacks fails the build naming the version registered.
 *
 * <pre>{@code
 * <execution>
 *   <goals><goal>register</goal></goals>
 *   <configuration>
 *     <schemaRegistryUrl>https://registry:8081</schemaRegistryUrl>
 *     <subjects>
 *       <subject><name>orders-value</name><file>src/main/avro/order.avsc</file></subject>
 *     </subjects>
 *   </configuration>
 * </execution>
 * }</pre>
 *
 * <p>Maven runs a mojo instance on one thread; instances are not shared.
 */
@Mojo(name = "register", defaultPhase = LifecyclePhase.DEPLOY, threadSafe = true)
public class RegisterMojo extends AbstractSubjectsMojo {

    /** Skips this goal only. */
    @Parameter(property = "ferry.register.skip", defaultValue = "false")
    boolean skipRegister;

    /** Ask the registry to normalize each schema first, so equivalent texts get the same id. */
    @Parameter(property = "ferry.normalize", defaultValue = "false")
    boolean normalize;

    @Inject
    public RegisterMojo(RepositorySystem repositorySystem) {
        super(repositorySystem);
    }

    @Override
    boolean goalSkipped() {
        return skipRegister;
    }

    @Override
    void executeGoal(SchemaRegistryClient registry, List<SubjectSpec> specs) {
        for (SubjectRegistrar.Registered registered : new SubjectRegistrar(registry).register(specs, normalize)) {
            getLog().info("ferry: " + registered.subject() + " version " + registered.version() + " has schema id "
                    + registered.id());
        }
    }
}
