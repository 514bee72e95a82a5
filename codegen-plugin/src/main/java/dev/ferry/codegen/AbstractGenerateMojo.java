package dev.ferry.codegen;

import dev.ferry.codegen.internal.Parameters;
import dev.ferry.codegen.internal.avro.AvroOptions;
import dev.ferry.codegen.internal.binding.BindingRequest;
import dev.ferry.codegen.internal.binding.RuntimeClasspath;
import dev.ferry.codegen.internal.generate.AvroClassListing;
import dev.ferry.codegen.internal.generate.GenerateRequest;
import dev.ferry.codegen.internal.generate.GenerateResult;
import dev.ferry.codegen.internal.generate.SchemaGenerator;
import dev.ferry.codegen.internal.incremental.BuildStateStore;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.compiler.specific.SpecificCompiler.FieldVisibility;
import org.apache.avro.generic.GenericData.StringType;
import org.apache.maven.artifact.DependencyResolutionRequiredException;
import org.apache.maven.model.Resource;
import org.apache.maven.plugins.annotations.Parameter;
import org.eclipse.aether.RepositorySystem;

/** The generate goals: the same options, main or test sources. */
abstract class AbstractGenerateMojo extends AbstractSourcesMojo {

    /** The Java type of Avro strings: {@code String}, {@code CharSequence} or {@code Utf8}. */
    /** Recorded with the generated files, so that upgrading the plugin regenerates them. */
    @Parameter(defaultValue = "${plugin.version}", readonly = true)
    String pluginVersion;

    @Parameter(property = "ferry.stringType", defaultValue = "String")
    String stringType;

    /** Generate {@code BigDecimal} for Avro's decimal logical type instead of {@code ByteBuffer}. */
    @Parameter(property = "ferry.enableDecimalLogicalType", defaultValue = "false")
    boolean enableDecimalLogicalType;

    /** Visibility of the fields of generated Avro records: {@code PRIVATE} or {@code PUBLIC}. */
    @Parameter(property = "ferry.fieldVisibility", defaultValue = "PRIVATE")
    String fieldVisibility;

    /** Generate setters on Avro records. */
    @Parameter(property = "ferry.createSetters", defaultValue = "true")
    boolean createSetters;

    /** Class names of {@code org.apache.avro.Conversion}s from the project's classpath. */
    @Parameter
    List<String> customConversions;

    AbstractGenerateMojo(RepositorySystem repositorySystem) {
        super(repositorySystem);
    }

    abstract String goal();

    /** Where this goal reads schemas and writes Java and the Avro class listing. */
    abstract Layout layout();

    /**
     * The directories of one generate goal.
     *
     * @param test whether the output joins the test sources and resources instead of the main ones
     * @param resources where the listing of generated Avro classes goes
     */
    record Layout(boolean test, Sources sources, File output, File resources) {}

    /** The topic bindings to generate with the schemas' classes. */
    abstract BindingRequest bindings(ClassLoader projectLoader, List<String> classpath);

    @Override
    void executeGoal() throws DependencyResolutionRequiredException {
        AvroOptions avro = avroOptions();
        Layout layout = layout();
        Path work = workDirectory(goal());
        List<String> classpath =
                layout.test() ? project.getTestClasspathElements() : project.getCompileClasspathElements();
        Path stateFile = Path.of(project.getBuild().getDirectory(), "ferry", goal() + "-state.json");
        try (URLClassLoader projectLoader = projectClassLoader(classpath)) {
            SchemaGenerator generator = new SchemaGenerator(
                    backends(layout.sources(), avro, projectLoader, classpath, work),
                    bindings(projectLoader, classpath));
            GenerateResult result = generator.generate(new GenerateRequest(
                    layout.output().toPath(), stateFile, work, "ferry-maven-plugin " + pluginVersion));
            report(layout, result);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        addRoots(layout, stateFile);
    }

    private void addRoots(Layout layout, Path stateFile) {
        String sources = layout.output().getAbsolutePath();
        if (layout.test()) {
            project.addTestCompileSourceRoot(sources);
        } else {
            project.addCompileSourceRoot(sources);
        }
        // Read back what was recorded, so an up-to-date run lists the classes of earlier runs too.
        if (AvroClassListing.write(
                new BuildStateStore(stateFile).read().state(),
                layout.resources().toPath())) {
            Resource listing = new Resource();
            listing.setDirectory(layout.resources().getAbsolutePath());
            if (layout.test()) {
                project.addTestResource(listing);
            } else {
                project.addResource(listing);
            }
        }
    }

    private void report(Layout layout, GenerateResult result) {
        result.notes().forEach(note -> getLog().warn("ferry: " + note));
        switch (result.status()) {
            case NO_SCHEMAS ->
                getLog().info("ferry: no schemas in " + layout.sources().avro() + " or "
                        + layout.sources().proto() + ", nothing to generate");
            case UP_TO_DATE -> getLog().info("ferry: " + result.schemas() + " schemas up to date, nothing to generate");
            case GENERATED ->
                getLog().info("ferry: generated " + (result.changed() + result.dependents()) + " of "
                        + result.schemas() + " schemas (" + result.changed() + " changed, " + result.dependents()
                        + " dependent, " + result.deleted() + " deleted)"
                        + (result.bindings() > 0
                                ? " and " + result.bindings() + " topic binding" + (result.bindings() == 1 ? "" : "s")
                                : "")
                        + ": " + result.written() + " files written, " + result.removed() + " removed in "
                        + layout.output());
        }
    }

    private AvroOptions avroOptions() {
        List<String> conversions = new ArrayList<>();
        if (customConversions != null) {
            customConversions.forEach(c -> conversions.add(Parameters.className("customConversions", c)));
        }
        return new AvroOptions(
                Parameters.oneOf("stringType", stringType, StringType.class),
                enableDecimalLogicalType,
                Parameters.oneOf("fieldVisibility", fieldVisibility, FieldVisibility.class),
                createSetters,
                conversions,
                importPaths());
    }

    private URLClassLoader projectClassLoader(List<String> classpath) {
        // Parent is the plugin's loader, so a conversion and the compiler share one Avro.
        return new URLClassLoader(RuntimeClasspath.urls(classpath), getClass().getClassLoader());
    }
}
