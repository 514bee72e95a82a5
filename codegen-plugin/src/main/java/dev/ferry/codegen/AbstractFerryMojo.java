package dev.ferry.codegen;

import dev.ferry.codegen.internal.CodegenFailure;
import dev.ferry.codegen.internal.Parameters;
import dev.ferry.codegen.internal.SchemaProblemsException;
import dev.ferry.codegen.internal.protobuf.MavenProtocResolver;
import dev.ferry.codegen.internal.protobuf.ProtobufOptions;
import dev.ferry.codegen.internal.protobuf.ProtocLocator;
import dev.ferry.codegen.internal.protobuf.ProtocPlatform;
import dev.ferry.registry.SchemaRegistryException;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.apache.maven.artifact.DependencyResolutionRequiredException;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;
import org.eclipse.aether.RepositorySystem;

/**
 * What every Ferry goal shares: skipping, protoc, and turning the logic's outcome into Maven's
 * verdict (a problem the user can fix fails the build; anything else is an execution error).
 */
abstract class AbstractFerryMojo extends AbstractMojo {
    private static final Duration PROTOC_TIMEOUT = Duration.ofMinutes(10);

    final RepositorySystem repositorySystem;

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    MavenProject project;

    @Parameter(defaultValue = "${session}", readonly = true, required = true)
    MavenSession session;

    /** Skips every Ferry goal. */
    @Parameter(property = "ferry.skip", defaultValue = "false")
    boolean skip;

    /**
     * The protoc version, resolved as {@code com.google.protobuf:protoc:<version>:exe:<platform>} from
     * the project's repositories.
     */
    @Parameter(property = "ferry.protocVersion", defaultValue = "4.36.2")
    String protocVersion;

    /** A local protoc to use instead of resolving one (for platforms protoc is not published for). */
    @Parameter(property = "ferry.protocExecutable")
    File protocExecutable;

    AbstractFerryMojo(RepositorySystem repositorySystem) {
        this.repositorySystem = repositorySystem;
    }

    /** The goal's own skip switch. */
    abstract boolean goalSkipped();

    abstract void executeGoal() throws DependencyResolutionRequiredException;

    @Override
    public final void execute() throws MojoExecutionException, MojoFailureException {
        if (skip || goalSkipped()) {
            getLog().info("ferry: skipped");
            return;
        }
        try {
            executeGoal();
        } catch (SchemaProblemsException e) {
            e.problems().forEach(problem -> getLog().error(problem.format()));
            throw new MojoFailureException(e.getMessage(), e);
        } catch (CodegenFailure e) {
            throw new MojoFailureException(e.getMessage(), e);
        } catch (SchemaRegistryException e) {
            // The registry answered and refused (4xx): the request is the user's to fix. No answer or a
            // server error is the environment's.
            if (!e.isRetriable()) {
                throw new MojoFailureException("ferry: " + e.getMessage(), e);
            }
            throw new MojoExecutionException("ferry: the registry is unavailable: " + e.getMessage(), e);
        } catch (DependencyResolutionRequiredException | RuntimeException e) {
            throw new MojoExecutionException("ferry: unexpected failure: " + e.getMessage(), e);
        }
    }

    Path workDirectory(String goal) {
        return Path.of(project.getBuild().getDirectory(), "ferry", goal);
    }

    ProtocLocator protocLocator(Path workDirectory) {
        if (protocExecutable != null) {
            Path local = protocExecutable.toPath().toAbsolutePath();
            return () -> {
                if (!Files.isExecutable(local)) {
                    throw new CodegenFailure("protocExecutable " + local + " is not an executable file");
                }
                return local;
            };
        }
        String version = Parameters.version("protocVersion", protocVersion);
        return () -> new MavenProtocResolver(
                        repositorySystem,
                        session.getRepositorySession(),
                        project.getRemoteProjectRepositories(),
                        version,
                        ProtocPlatform.currentClassifier(),
                        workDirectory.resolve("protoc"))
                .locate();
    }

    /**
     * @param classpath the project's classpath elements; its own output directories are left out: their
     *     .proto files are copies of its sources (already protoc's import roots), and copied there after
     *     generation, so counting them would change the fingerprint on the build after every edit
     */
    ProtobufOptions protobufOptions(List<Path> importDirectories, List<String> classpath) {
        String identity = protocExecutable != null
                ? "path:" + protocExecutable.getAbsolutePath()
                : "version:" + Parameters.version("protocVersion", protocVersion);
        List<Path> own = Stream.of(
                        project.getBuild().getOutputDirectory(),
                        project.getBuild().getTestOutputDirectory())
                .filter(Objects::nonNull)
                .map(directory -> Path.of(directory).toAbsolutePath().normalize())
                .toList();
        List<Path> dependencies = classpath.stream()
                .map(element -> Path.of(element).toAbsolutePath().normalize())
                .filter(element -> !own.contains(element))
                .toList();
        return new ProtobufOptions(identity, importDirectories, dependencies, PROTOC_TIMEOUT);
    }
}
