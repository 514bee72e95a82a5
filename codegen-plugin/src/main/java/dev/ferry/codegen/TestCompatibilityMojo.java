package dev.ferry.codegen;

import dev.ferry.codegen.internal.CodegenFailure;
import dev.ferry.codegen.internal.registry.CompatibilityTester;
import dev.ferry.codegen.internal.registry.SubjectSpec;
import dev.ferry.registry.SchemaRegistryClient;
import java.util.ArrayList;
import java.util.List;
import javax.inject.Inject;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.eclipse.aether.RepositorySystem;

/**
 * Asks a Confluent-compatible registry whether each schema file may be registered under its subject,
 * and fails listing every incompatibility the registry names. It asks the check registering makes
 * ({@code POST /compatibility/subjects/{subject}/versions}): at the subject's own compatibility level,
 * against every version for a {@code *_TRANSITIVE} level. Confluent's plugin compares with the latest
 * version only, so a candidate compatible with it but not with an older version passes there and is
 * refused at register. A subject the registry does not have yet passes.
 *
 * <pre>{@code
 * <execution>
 *   <goals><goal>test-compatibility</goal></goals>
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
@Mojo(name = "test-compatibility", defaultPhase = LifecyclePhase.VERIFY, threadSafe = true)
public class TestCompatibilityMojo extends AbstractSubjectsMojo {

    /** Skips this goal only. */
    @Parameter(property = "ferry.test-compatibility.skip", defaultValue = "false")
    boolean skipTestCompatibility;

    @Inject
    public TestCompatibilityMojo(RepositorySystem repositorySystem) {
        super(repositorySystem);
    }

    @Override
    boolean goalSkipped() {
        return skipTestCompatibility;
    }

    @Override
    void executeGoal(SchemaRegistryClient registry, List<SubjectSpec> specs) {
        List<String> problems = new ArrayList<>();
        int incompatible = 0;
        for (CompatibilityTester.Verdict verdict : new CompatibilityTester(registry).test(specs)) {
            String subject = verdict.spec().subject() + " (" + verdict.spec().file() + ")";
            if (verdict.isNew()) {
                getLog().info("ferry: " + subject + ": new subject, nothing to be compatible with");
            } else if (verdict.compatible()) {
                getLog().info("ferry: " + subject + ": compatible");
            } else {
                incompatible++;
                List<String> messages = verdict.result().messages().isEmpty()
                        ? List.of("incompatible (the registry gave no reasons)")
                        : verdict.result().messages();
                messages.forEach(message -> problems.add(subject + ": " + message));
            }
        }
        if (!problems.isEmpty()) {
            problems.forEach(problem -> getLog().error(problem));
            throw new CodegenFailure(incompatible + " of " + specs.size() + " subjects incompatible:"
                    + System.lineSeparator() + String.join(System.lineSeparator(), problems));
        }
    }
}
