package dev.ferry.codegen.internal.generate;

import dev.ferry.codegen.internal.FileTrees;
import dev.ferry.codegen.internal.binding.BindingGenerator;
import dev.ferry.codegen.internal.binding.BindingRequest;
import dev.ferry.codegen.internal.binding.BoundType;
import dev.ferry.codegen.internal.binding.TypeResolver;
import dev.ferry.codegen.internal.incremental.BindingState;
import dev.ferry.codegen.internal.incremental.BuildState;
import dev.ferry.codegen.internal.incremental.BuildStateStore;
import dev.ferry.codegen.internal.incremental.DependencyGraph;
import dev.ferry.codegen.internal.incremental.FileState;
import dev.ferry.codegen.internal.incremental.RegenerationPlan;
import dev.ferry.codegen.internal.incremental.RegenerationPlanner;
import dev.ferry.codegen.internal.source.SchemaFormat;
import dev.ferry.codegen.internal.source.SchemaScanner;
import dev.ferry.codegen.internal.source.SchemaSource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The incremental generator: per schema language, regenerates the files that changed and every file
 * that uses them (transitively), removes the outputs of deleted files, and records the new state.
 * Nothing is installed or recorded unless every language and every topic binding generated
 * successfully, so a failed run is retried in full next time.
 */
public final class SchemaGenerator {
    private static final String BINDINGS = "bindings";

    private final List<SchemaBackend> backends;
    private final BindingRequest bindings;

    public SchemaGenerator(List<SchemaBackend> backends) {
        this(backends, BindingRequest.none());
    }

    /**
     * @param bindings topic bindings to generate next to the schemas' classes; they are regenerated
     *     when their configuration, the classpath or any schema changes
     */
    public SchemaGenerator(List<SchemaBackend> backends, BindingRequest bindings) {
        this.backends = List.copyOf(backends);
        this.bindings = bindings;
    }

    public GenerateResult generate(GenerateRequest request) {
        BuildStateStore store = new BuildStateStore(request.stateFile());
        BuildStateStore.StoredState stored = store.read();
        BuildState previous = stored.state();
        List<String> notes = new ArrayList<>();
        stored.discardedBecause().ifPresent(notes::add);

        List<Work> work = new ArrayList<>();
        for (SchemaBackend backend : backends) {
            work.add(plan(backend, previous, request));
        }
        int schemas = work.stream().mapToInt(w -> w.sources().size()).sum();
        String bindingFingerprint = bindings.isEmpty() ? "" : bindingFingerprint(work);
        boolean bindingsStale = bindings.isEmpty()
                ? !previous.bindings().outputs().isEmpty()
                : !bindingFingerprint.equals(previous.bindings().fingerprint())
                        || anyMissing(previous.bindings().outputs(), request.outputDirectory());
        if (work.stream().allMatch(w -> w.plan().isUpToDate()) && !bindingsStale) {
            boolean nothing = schemas == 0 && bindings.isEmpty();
            return new GenerateResult(
                    nothing ? GenerateResult.Status.NO_SCHEMAS : GenerateResult.Status.UP_TO_DATE,
                    schemas,
                    0,
                    0,
                    0,
                    0,
                    0,
                    0,
                    notes);
        }

        Map<SchemaFormat, GeneratedFiles> generated = new EnumMap<>(SchemaFormat.class);
        for (Work w : work) {
            if (!w.plan().toGenerate().isEmpty()) {
                Path staging = FileTrees.emptyDirectory(
                        stagingOf(request, w.backend().format().name()));
                GeneratedFiles files =
                        w.backend().generate(w.sources(), w.plan().toGenerate(), staging);
                generated.put(w.backend().format(), files);
                notes.addAll(files.warnings());
            }
        }
        Map<Path, FileState> files = fileStates(work, generated, previous);
        BindingState bindingState = bindings.isEmpty() ? BindingState.NONE : previous.bindings();
        if (!bindings.isEmpty() && bindingsStale) {
            Set<String> schemaOutputs =
                    files.values().stream().flatMap(f -> f.outputs().stream()).collect(Collectors.toSet());
            Map<String, String> written = BindingGenerator.generate(
                    bindings.specs(),
                    resolver(work),
                    schemaOutputs,
                    FileTrees.emptyDirectory(stagingOf(request, BINDINGS)));
            bindingState = new BindingState(bindingFingerprint, Set.copyOf(written.values()));
        }
        return install(
                request,
                store,
                previous,
                new BuildState(fingerprints(work), files, bindingState),
                work,
                generated,
                bindingsStale && !bindings.isEmpty(),
                notes);
    }

    private GenerateResult install(
            GenerateRequest request,
            BuildStateStore store,
            BuildState previous,
            BuildState next,
            List<Work> work,
            Map<SchemaFormat, GeneratedFiles> generated,
            boolean bindingsGenerated,
            List<String> notes) {
        int written = 0;
        for (Work w : work) {
            GeneratedFiles fresh = generated.get(w.backend().format());
            if (fresh != null) {
                Set<String> outputs = fresh.outputsBySource().values().stream()
                        .flatMap(Set::stream)
                        .collect(Collectors.toSet());
                written += OutputInstaller.install(
                        stagingOf(request, w.backend().format().name()), outputs, request.outputDirectory());
            }
        }
        if (bindingsGenerated) {
            written += OutputInstaller.install(
                    stagingOf(request, BINDINGS), next.bindings().outputs(), request.outputDirectory());
        }
        Set<String> obsolete = new HashSet<>(previous.bindings().outputs());
        previous.files().values().forEach(state -> obsolete.addAll(state.outputs()));
        next.files().values().forEach(state -> obsolete.removeAll(state.outputs()));
        obsolete.removeAll(next.bindings().outputs());
        int removed = OutputInstaller.remove(obsolete, request.outputDirectory());
        store.write(next);
        FileTrees.deleteRecursively(request.workDirectory().resolve("staging"));

        return new GenerateResult(
                GenerateResult.Status.GENERATED,
                work.stream().mapToInt(w -> w.sources().size()).sum(),
                work.stream().mapToInt(w -> w.plan().changed().size()).sum(),
                work.stream().mapToInt(w -> w.plan().dependents().size()).sum(),
                work.stream().mapToInt(w -> w.plan().deleted().size()).sum(),
                bindingsGenerated ? next.bindings().outputs().size() : 0,
                written,
                removed,
                notes);
    }

    private static Map<Path, FileState> fileStates(
            List<Work> work, Map<SchemaFormat, GeneratedFiles> generated, BuildState previous) {
        Map<Path, FileState> files = new HashMap<>();
        for (Work w : work) {
            GeneratedFiles fresh = generated.get(w.backend().format());
            for (SchemaSource source : w.sources()) {
                Set<String> outputs = fresh != null && fresh.outputsBySource().containsKey(source.file())
                        ? fresh.outputsBySource().get(source.file())
                        : previous.files().get(source.file()).outputs();
                files.put(
                        source.file(),
                        new FileState(
                                w.backend().format(), source.hash(), w.graph().dependenciesOf(source.file()), outputs));
            }
        }
        return files;
    }

    private static Map<SchemaFormat, String> fingerprints(List<Work> work) {
        Map<SchemaFormat, String> fingerprints = new EnumMap<>(SchemaFormat.class);
        work.forEach(w -> fingerprints.put(w.backend().format(), w.fingerprint()));
        return fingerprints;
    }

    // Bindings read types from any schema and from the classpath: a change to either re-renders them,
    // which is cheap, and the installer leaves unchanged files untouched.
    private String bindingFingerprint(List<Work> work) {
        StringBuilder shape = new StringBuilder();
        bindings.specs().forEach(spec -> shape.append(spec.describe()).append('\n'));
        for (Work w : work) {
            shape.append(w.backend().format())
                    .append('=')
                    .append(w.fingerprint())
                    .append('\n');
            w.sources().stream().map(s -> s.file() + "=" + s.hash()).sorted().forEach(line -> shape.append(line)
                    .append('\n'));
        }
        shape.append("classpath=").append(bindings.classpathIdentity());
        return SchemaScanner.sha256(shape.toString().getBytes(StandardCharsets.UTF_8));
    }

    private TypeResolver resolver(List<Work> work) {
        List<Supplier<Map<String, BoundType>>> catalogs = new ArrayList<>();
        for (Work w : work) {
            catalogs.add(() -> w.backend().types(w.sources()));
        }
        return new TypeResolver(catalogs, bindings.classpath());
    }

    private static boolean anyMissing(Set<String> outputs, Path outputDirectory) {
        return outputs.stream().anyMatch(output -> !Files.isRegularFile(outputDirectory.resolve(output)));
    }

    private static Work plan(SchemaBackend backend, BuildState previous, GenerateRequest request) {
        Path outputDirectory = request.outputDirectory();
        List<SchemaSource> sources = backend.scan();
        DependencyGraph graph = new DependencyGraph(backend.dependencies(sources));
        // Another plugin version may generate other code from the same schemas and options (its
        // avro-compiler, its templates), so an upgrade regenerates everything without mvn clean.
        String fingerprint = request.generator() + ";" + backend.fingerprint();
        boolean fingerprintChanged = !fingerprint.equals(previous.fingerprints().get(backend.format()));
        Map<Path, String> hashes =
                sources.stream().collect(Collectors.toMap(SchemaSource::file, SchemaSource::hash, (a, b) -> a));
        Map<Path, FileState> before = previous.filesOf(backend.format());
        RegenerationPlan plan = RegenerationPlanner.plan(
                before, fingerprintChanged && !before.isEmpty(), hashes, graph, outputDirectory);
        return new Work(backend, sources, graph, fingerprint, plan);
    }

    private static Path stagingOf(GenerateRequest request, String part) {
        return request.workDirectory().resolve("staging").resolve(part.toLowerCase(Locale.ROOT));
    }

    private record Work(
            SchemaBackend backend,
            List<SchemaSource> sources,
            DependencyGraph graph,
            String fingerprint,
            RegenerationPlan plan) {}
}
