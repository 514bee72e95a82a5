package dev.ferry.codegen;

import dev.ferry.codegen.internal.binding.BindingRequest;
import dev.ferry.codegen.internal.binding.ClasspathTypes;
import dev.ferry.codegen.internal.binding.RuntimeClasspath;
import dev.ferry.codegen.internal.binding.TopicSpec;
import dev.ferry.codegen.internal.binding.TopicSpecs;
import java.io.File;
import java.util.List;
import javax.inject.Inject;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;
import org.eclipse.aether.RepositorySystem;

/**
 * Generates Java classes from the Avro ({@code .avsc}) and Protobuf ({@code .proto}) schemas of
 * {@code src/main/avro} and {@code src/main/proto}, and adds them to the compile sources.
 *
 * <p>Incremental: a run regenerates only the schemas whose content changed and every schema that
 * uses them, directly or through others (an Avro type defined in another file, a proto import);
 * outputs of deleted schemas are removed. Avro files that use each other's types need no
 * {@code imports}: they are parsed in dependency order. protoc is resolved from the project's
 * repositories, and .proto files on the compile classpath can be imported: inside dependency jars
 * (such as protobuf-java's well-known types) and in a sibling module's {@code target/classes} in a
 * reactor build. A change to their content regenerates every .proto, even in a jar of the same name.
 *
 * <p>With {@code <topics>}, it also generates one typed binding class per topic (see
 * {@link TopicBinding}): {@code OrdersTopic.bind(properties).send(orderEvent)} sends an
 * {@code OrderEvent} to {@code orders}, keyed by the configured field, and nothing else compiles.
 *
 * <pre>{@code
 * <plugin>
 *   <groupId>dev.ferry</groupId>
 *   <artifactId>ferry-maven-plugin</artifactId>
 *   <executions>
 *     <execution>
 *       <goals><goal>generate</goal></goals>
 *     </execution>
 *   </executions>
 * </plugin>
 * }</pre>
 *
 * <p>Maven runs a mojo instance on one thread; instances are not shared.
 */
@Mojo(
        name = "generate",
        defaultPhase = LifecyclePhase.GENERATE_SOURCES,
        requiresDependencyResolution = ResolutionScope.COMPILE,
        threadSafe = true)
public class GenerateMojo extends AbstractGenerateMojo {

    /** Skips this goal only. */
    @Parameter(property = "ferry.generate.skip", defaultValue = "false")
    boolean skipGenerate;

    /** Where the .avsc files are. */
    @Parameter(property = "ferry.avroSourceDirectory", defaultValue = "${project.basedir}/src/main/avro")
    File avroSourceDirectory;

    /** Where the generated Java goes; added to the compile sources. */
    @Parameter(property = "ferry.outputDirectory", defaultValue = "${project.build.directory}/generated-sources/ferry")
    File outputDirectory;

    /** Where the listing of generated Avro classes goes ({@code META-INF/ferry/avro-classes}). */
    @Parameter(
            property = "ferry.resourceDirectory",
            defaultValue = "${project.build.directory}/generated-resources/ferry")
    File resourceDirectory;

    /**
     * Typed topic bindings: per topic, a class that sends values of one type to that topic, with its
     * keys, subject and serializers (see {@link TopicBinding}). The project needs
     * {@code dev.ferry:ferry-serdes} as a dependency.
     */
    @Parameter
    List<TopicBinding> topics;

    @Inject
    public GenerateMojo(RepositorySystem repositorySystem) {
        super(repositorySystem);
    }

    @Override
    boolean goalSkipped() {
        return skipGenerate;
    }

    @Override
    String goal() {
        return "generate";
    }

    @Override
    Layout layout() {
        return new Layout(false, mainSources(avroSourceDirectory), outputDirectory, resourceDirectory);
    }

    @Override
    BindingRequest bindings(ClassLoader projectLoader, List<String> classpath) {
        if (topics == null || topics.isEmpty()) {
            return BindingRequest.none();
        }
        List<TopicSpec> specs = TopicSpecs.validate(topics);
        RuntimeClasspath.requireFerrySerdes(classpath);
        return new BindingRequest(specs, new ClasspathTypes(projectLoader), String.join(File.pathSeparator, classpath));
    }
}
