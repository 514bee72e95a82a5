package dev.ferry.codegen;

import dev.ferry.codegen.internal.CodegenFailure;
import dev.ferry.codegen.internal.registry.SchemaDownloader;
import dev.ferry.registry.SchemaRegistryClient;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import javax.inject.Inject;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.eclipse.aether.RepositorySystem;

/**
 * Writes the latest schema of every registry subject matching a pattern to
 * {@code <outputDirectory>/<subject>.avsc} (or {@code .proto}, {@code .json}).
 *
 * <pre>{@code
 * <execution>
 *   <goals><goal>download</goal></goals>
 *   <configuration>
 *     <schemaRegistryUrl>https://registry:8081</schemaRegistryUrl>
 *     <subjectPatterns><subjectPattern>orders-.*</subjectPattern></subjectPatterns>
 *     <outputDirectory>src/main/avro</outputDirectory>
 *   </configuration>
 * </execution>
 * }</pre>
 *
 * <p>Maven runs a mojo instance on one thread; instances are not shared.
 */
@Mojo(name = "download", defaultPhase = LifecyclePhase.INITIALIZE, threadSafe = true)
public class DownloadMojo extends AbstractRegistryMojo {

    /** Skips this goal only. */
    @Parameter(property = "ferry.download.skip", defaultValue = "false")
    boolean skipDownload;

    /** Regular expressions; a subject is downloaded when one matches its whole name. */
    @Parameter
    List<String> subjectPatterns;

    /** Where the schema files go. */
    @Parameter(property = "ferry.download.outputDirectory", defaultValue = "${project.build.directory}/ferry/schemas")
    File outputDirectory;

    @Inject
    public DownloadMojo(RepositorySystem repositorySystem) {
        super(repositorySystem);
    }

    @Override
    boolean goalSkipped() {
        return skipDownload;
    }

    @Override
    void executeGoal() {
        List<Pattern> patterns = patterns();
        try (SchemaRegistryClient registry = registryClient()) {
            List<SchemaDownloader.Downloaded> downloaded =
                    new SchemaDownloader(registry).download(patterns, outputDirectory.toPath());
            if (downloaded.isEmpty()) {
                throw new CodegenFailure("no subject of the registry matches " + subjectPatterns);
            }
            downloaded.forEach(d -> getLog().info("ferry: " + d.subject() + " version " + d.version() + " (schema id "
                    + d.id() + ") -> " + d.file()));
        }
    }

    private List<Pattern> patterns() {
        if (subjectPatterns == null || subjectPatterns.isEmpty()) {
            throw new CodegenFailure("<subjectPatterns> is empty: list regular expressions of the subjects to download,"
                    + " such as <subjectPattern>orders-.*</subjectPattern>");
        }
        List<Pattern> patterns = new ArrayList<>();
        for (String pattern : subjectPatterns) {
            try {
                patterns.add(Pattern.compile(pattern == null ? "" : pattern.strip()));
            } catch (PatternSyntaxException e) {
                throw new CodegenFailure(
                        "subjectPatterns: '" + pattern + "' is not a regular expression: " + e.getDescription(), e);
            }
        }
        return patterns;
    }
}
