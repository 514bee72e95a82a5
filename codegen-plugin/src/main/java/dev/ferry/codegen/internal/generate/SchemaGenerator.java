package dev.ferry.codegen.internal.generate;

import dev.ferry.codegen.internal.FileTrees;
import dev.ferry.codegen.internal.incremental.BuildState;
import dev.ferry.codegen.internal.incremental.BuildStateStore;
import dev.ferry.codegen.internal.incremental.DependencyGraph;
import dev.ferry.codegen.internal.incremental.FileState;
import dev.ferry.codegen.internal.incremental.RegenerationPlan;
import dev.ferry.codegen.internal.incremental.RegenerationPlanner;
import dev.ferry.codegen.internal.source.SchemaFormat;
import dev.ferry.codegen.internal.source.SchemaSource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The incremental generator: per schema language, regenerates the files that changed and every file
 * that uses them (transitively), removes the outputs of deleted files, and records the new state.
 * Nothing is installed or recorded unless every language generated successfully, so a failed run
 * is retried in full next time.
 */
public final class SchemaGenerator {
  private final List<SchemaBackend> backends;

  public SchemaGenerator(List<SchemaBackend> backends) {
    this.backends = List.copyOf(backends);
  }

  public GenerateResult generate(GenerateRequest request) {
    BuildStateStore store = new BuildStateStore(request.stateFile());
    BuildStateStore.StoredState stored = store.read();
    BuildState previous = stored.state();
    List<String> notes = new ArrayList<>();
    stored.discardedBecause().ifPresent(notes::add);

    List<Work> work = new ArrayList<>();
    for (SchemaBackend backend : backends) {
      work.add(plan(backend, previous, request.outputDirectory()));
    }
    int schemas = work.stream().mapToInt(w -> w.sources().size()).sum();
    if (work.stream().allMatch(w -> w.plan().isUpToDate())) {
      return new GenerateResult(schemas == 0 ? GenerateResult.Status.NO_SCHEMAS : GenerateResult.Status.UP_TO_DATE,
          schemas, 0, 0, 0, 0, 0, notes);
    }

    Map<SchemaFormat, GeneratedFiles> generated = new EnumMap<>(SchemaFormat.class);
    for (Work w : work) {
      if (!w.plan().toGenerate().isEmpty()) {
        Path staging = FileTrees.emptyDirectory(stagingOf(request, w.backend().format()));
        GeneratedFiles files = w.backend().generate(w.sources(), w.plan().toGenerate(), staging);
        generated.put(w.backend().format(), files);
        notes.addAll(files.warnings());
      }
    }
    return install(request, store, previous, work, generated, notes);
  }

  private GenerateResult install(GenerateRequest request, BuildStateStore store, BuildState previous,
      List<Work> work, Map<SchemaFormat, GeneratedFiles> generated, List<String> notes) {
    int written = 0;
    Map<Path, FileState> files = new HashMap<>();
    Map<SchemaFormat, String> fingerprints = new EnumMap<>(SchemaFormat.class);
    for (Work w : work) {
      SchemaFormat format = w.backend().format();
      fingerprints.put(format, w.fingerprint());
      GeneratedFiles fresh = generated.get(format);
      if (fresh != null) {
        Set<String> outputs = fresh.outputsBySource().values().stream()
            .flatMap(Set::stream).collect(Collectors.toSet());
        written += OutputInstaller.install(stagingOf(request, format), outputs, request.outputDirectory());
      }
      for (SchemaSource source : w.sources()) {
        Set<String> outputs = fresh != null && fresh.outputsBySource().containsKey(source.file())
            ? fresh.outputsBySource().get(source.file())
            : previous.files().get(source.file()).outputs();
        files.put(source.file(), new FileState(format, source.hash(), w.graph().dependenciesOf(source.file()), outputs));
      }
    }
    Set<String> obsolete = new HashSet<>();
    previous.files().values().forEach(state -> obsolete.addAll(state.outputs()));
    files.values().forEach(state -> obsolete.removeAll(state.outputs()));
    int removed = OutputInstaller.remove(obsolete, request.outputDirectory());
    store.write(new BuildState(fingerprints, files));
    FileTrees.deleteRecursively(request.workDirectory().resolve("staging"));

    return new GenerateResult(GenerateResult.Status.GENERATED,
        work.stream().mapToInt(w -> w.sources().size()).sum(),
        work.stream().mapToInt(w -> w.plan().changed().size()).sum(),
        work.stream().mapToInt(w -> w.plan().dependents().size()).sum(),
        work.stream().mapToInt(w -> w.plan().deleted().size()).sum(),
        written, removed, notes);
  }

  private static Work plan(SchemaBackend backend, BuildState previous, Path outputDirectory) {
    List<SchemaSource> sources = backend.scan();
    DependencyGraph graph = new DependencyGraph(backend.dependencies(sources));
    String fingerprint = backend.fingerprint();
    boolean fingerprintChanged = !fingerprint.equals(previous.fingerprints().get(backend.format()));
    Map<Path, String> hashes = sources.stream()
        .collect(Collectors.toMap(SchemaSource::file, SchemaSource::hash, (a, b) -> a));
    Map<Path, FileState> before = previous.filesOf(backend.format());
    RegenerationPlan plan = RegenerationPlanner.plan(before,
        fingerprintChanged && !before.isEmpty(), hashes, graph, outputDirectory);
    return new Work(backend, sources, graph, fingerprint, plan);
  }

  private static Path stagingOf(GenerateRequest request, SchemaFormat format) {
    return request.workDirectory().resolve("staging").resolve(format.name().toLowerCase(Locale.ROOT));
  }

  private record Work(SchemaBackend backend, List<SchemaSource> sources, DependencyGraph graph,
      String fingerprint, RegenerationPlan plan) {}
}
