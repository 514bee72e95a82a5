package dev.ferry.codegen;

import dev.ferry.codegen.internal.CodegenFailure;
import dev.ferry.codegen.internal.Parameters;
import dev.ferry.codegen.internal.avro.AvroSchemaReader;
import dev.ferry.codegen.internal.compat.Baseline;
import dev.ferry.codegen.internal.compat.BaselineResolver;
import dev.ferry.codegen.internal.compat.CompatibilityChecker;
import dev.ferry.codegen.internal.compat.CompatibilityReport;
import dev.ferry.codegen.internal.compat.Incompatibility;
import dev.ferry.codegen.internal.protobuf.ProtobufOptions;
import dev.ferry.codegen.internal.protobuf.ProtobufSchemaReader;
import dev.ferry.codegen.internal.protobuf.ProtocLocator;
import dev.ferry.registry.CompatibilityLevel;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import javax.inject.Inject;
import org.apache.maven.artifact.DependencyResolutionRequiredException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;
import org.eclipse.aether.RepositorySystem;

/**
 * Fails the build when a schema change would break readers or writers of earlier versions, without
 * a registry: compares every .avsc and .proto with its earlier version in a baseline (a directory,
 * or the schemas packaged in an earlier release of an artifact) at a Confluent compatibility level,
 * with the same rules the serdes and the registry apply (Avro's {@code SchemaCompatibility};
 * Ferry's Protobuf rules). Each breaking change is one line naming the file, the type and the field.
 *
 * <pre>{@code
 * <execution>
 *   <goals><goal>check-compatibility</goal></goals>
 *   <configuration>
 *     <baselineArtifact>com.acme:order-schemas:1.4.0</baselineArtifact>   <!-- or <baselineDirectory> -->
 *     <compatibilityLevel>FULL</compatibilityLevel>                       <!-- default BACKWARD -->
 *   </configuration>
 * </execution>
 * }</pre>
 *
 * <p>Avro schemas are paired with their earlier versions by full name, so files may move; .proto
 * files by import path. A baseline schema without a counterpart fails the build naming it and the
 * project's new schemas (a rename the registry would compare under the same subject) unless
 * {@code failOnRemovedSchema} is false. In a baseline, .avsc files may be anywhere and .proto files sit at their
 * import paths, at the root or below {@code proto/}. A version range ({@code [1.0,2.0)}) checks the
 * newest version in it, or every version for a transitive level. {@code imports} are read as generate
 * reads them, so the project's .avsc files may use their types; a baseline without an imported type is
 * completed with the import's current version.
 *
 * <p>Maven runs a mojo instance on one thread; instances are not shared.
 */
@Mojo(
        name = "check-compatibility",
        defaultPhase = LifecyclePhase.PROCESS_SOURCES,
        requiresDependencyResolution = ResolutionScope.COMPILE,
        threadSafe = true)
public class CheckCompatibilityMojo extends AbstractFerryMojo {

    /** Skips this goal only. */
    @Parameter(property = "ferry.check-compatibility.skip", defaultValue = "false")
    boolean skipCheckCompatibility;

    @Parameter(property = "ferry.avroSourceDirectory", defaultValue = "${project.basedir}/src/main/avro")
    File avroSourceDirectory;

    @Parameter(property = "ferry.protoSourceDirectory", defaultValue = "${project.basedir}/src/main/proto")
    File protoSourceDirectory;

    /**
     * .avsc files or directories parsed before the others, as generate's {@code imports}: the project's
     * schemas may use their types, and they are compared too. A baseline that lacks an imported type (an
     * artifact packaging src/main/avro only) is completed with the import's current version.
     */
    @Parameter
    List<File> imports;

    /** A directory holding the earlier schemas. Excludes {@code baselineArtifact}. */
    @Parameter(property = "ferry.baselineDirectory")
    File baselineDirectory;

    /**
     * An artifact holding the earlier schemas, {@code groupId:artifactId:version} (or
     * {@code groupId:artifactId:extension:classifier:version}); the version may be a range. Excludes
     * {@code baselineDirectory}.
     */
    @Parameter(property = "ferry.baselineArtifact")
    String baselineArtifact;

    /**
     * NONE, BACKWARD, BACKWARD_TRANSITIVE, FORWARD, FORWARD_TRANSITIVE, FULL or FULL_TRANSITIVE, as the
     * registry's levels.
     */
    @Parameter(property = "ferry.compatibilityLevel", defaultValue = "BACKWARD")
    String compatibilityLevel;

    /**
     * Whether a schema of the (newest) baseline that the project no longer has fails the build. On by
     * default: such a schema is usually one renamed or moved, which the registry still compares under
     * its unchanged subject while this goal, pairing Avro schemas by full name and .proto files by
     * import path, cannot. Turn it off once a schema is really gone; it is then a warning.
     */
    @Parameter(property = "ferry.failOnRemovedSchema", defaultValue = "true")
    boolean failOnRemovedSchema;

    @Inject
    public CheckCompatibilityMojo(RepositorySystem repositorySystem) {
        super(repositorySystem);
    }

    @Override
    boolean goalSkipped() {
        return skipCheckCompatibility;
    }

    @Override
    void executeGoal() throws DependencyResolutionRequiredException {
        CompatibilityLevel level = Parameters.oneOf("compatibilityLevel", compatibilityLevel, CompatibilityLevel.class);
        if (level == CompatibilityLevel.NONE) {
            getLog().info("ferry: compatibilityLevel is NONE, nothing to check");
            return;
        }
        List<Baseline> baselines = baselines(level);
        Path work = workDirectory("check-compatibility");
        List<Path> importPaths =
                imports == null ? List.of() : imports.stream().map(File::toPath).toList();
        ProtobufOptions options = protobufOptions(List.of(), project.getCompileClasspathElements());
        ProtocLocator protoc = protocLocator(work);
        CompatibilityChecker checker = new CompatibilityChecker(List.of(
                new CompatibilityChecker.Language(
                        avroSourceDirectory.toPath(),
                        new AvroSchemaReader(false, importPaths),
                        new AvroSchemaReader(true, importPaths),
                        root -> root),
                new CompatibilityChecker.Language(
                        protoSourceDirectory.toPath(),
                        new ProtobufSchemaReader(options, protoc, work.resolve("current"), false),
                        new ProtobufSchemaReader(options, protoc, work.resolve("baseline"), true),
                        root -> Files.isDirectory(root.resolve("proto")) ? root.resolve("proto") : root)));
        CompatibilityReport report = checker.check(level, baselines, failOnRemovedSchema);
        String against = baselines.stream().map(Baseline::description).collect(Collectors.joining(", "));
        report.added().forEach(file -> getLog().info("ferry: " + file + " is new (not in " + against + ")"));
        if (!failOnRemovedSchema) {
            report.removed().forEach(file -> getLog().warn("ferry: " + file + " of " + against
                    + " has no counterpart in the project: its readers and writers lose their schema"));
        }
        if (!report.compatible()) {
            report.incompatibilities().forEach(problem -> getLog().error(problem.format()));
            throw new CodegenFailure(report.incompatibilities().size() + " breaking change"
                    + (report.incompatibilities().size() == 1 ? "" : "s") + " at " + level + " against " + against + ":"
                    + System.lineSeparator()
                    + report.incompatibilities().stream()
                            .map(Incompatibility::format)
                            .collect(Collectors.joining(System.lineSeparator())));
        }
        getLog().info("ferry: " + report.checked() + " schemas compatible at " + level + " with " + against
                + (report.added().isEmpty() ? "" : ", " + report.added().size() + " new"));
    }

    private List<Baseline> baselines(CompatibilityLevel level) {
        boolean hasArtifact = baselineArtifact != null && !baselineArtifact.isBlank();
        if (baselineDirectory != null && hasArtifact) {
            throw new CodegenFailure("baselineDirectory and baselineArtifact exclude each other: set one");
        }
        if (baselineDirectory != null) {
            Path root = baselineDirectory.toPath().toAbsolutePath().normalize();
            if (!Files.isDirectory(root)) {
                throw new CodegenFailure("baselineDirectory " + root + " is not a directory");
            }
            return List.of(new Baseline(root.toString(), root));
        }
        if (!hasArtifact) {
            throw new CodegenFailure("check-compatibility needs a baseline: set baselineDirectory (a directory of the"
                    + " earlier schemas) or baselineArtifact (groupId:artifactId:version of an earlier release)");
        }
        return new BaselineResolver(
                        repositorySystem,
                        session.getRepositorySession(),
                        project.getRemoteProjectRepositories(),
                        workDirectory("check-compatibility").resolve("baselines"))
                .resolve(baselineArtifact, !level.isTransitive());
    }
}
