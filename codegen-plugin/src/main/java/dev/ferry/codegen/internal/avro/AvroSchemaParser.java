package dev.ferry.codegen.internal.avro;

import dev.ferry.codegen.internal.SchemaProblem;
import dev.ferry.codegen.internal.incremental.DependencyGraph;
import dev.ferry.codegen.internal.source.SchemaSource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;

/**
 * Parses a set of .avsc files that refer to each other's types, each after the files it uses, with
 * one shared {@link Schema.Parser} so names resolve across files. Every problem is collected; a file
 * that uses a broken file is not parsed (its error would only echo the first one).
 */
public final class AvroSchemaParser {

    private AvroSchemaParser() {}

    /** The parsed schema of every file that parsed, and the problems of those that did not. */
    public record Parsed(Map<Path, Schema> schemas, List<SchemaProblem> problems) {}

    /**
     * @param sources the files in priority order (imports first): among files whose dependencies are
     *     parsed, the earlier one goes first
     */
    public static Parsed parse(List<SchemaSource> sources, DependencyGraph graph) {
        Map<Path, Integer> position = new HashMap<>();
        for (int i = 0; i < sources.size(); i++) {
            position.put(sources.get(i).file(), i);
        }
        Map<Path, SchemaSource> byFile =
                sources.stream().collect(Collectors.toMap(SchemaSource::file, s -> s, (a, b) -> a, LinkedHashMap::new));
        Optional<List<Path>> order = graph.topologicalOrder(Comparator.comparing(position::get));
        if (order.isEmpty()) {
            return new Parsed(Map.of(), cycleProblems(graph));
        }
        Map<Path, Schema> schemas = new LinkedHashMap<>();
        List<SchemaProblem> problems = new ArrayList<>();
        Set<Path> broken = new HashSet<>();
        Schema.Parser parser = new Schema.Parser();
        for (Path file : order.get()) {
            if (graph.dependenciesOf(file).stream().anyMatch(broken::contains)) {
                broken.add(file);
                continue;
            }
            SchemaSource source = byFile.get(file);
            try {
                schemas.put(file, parser.parse(source.content()));
            } catch (AvroRuntimeException e) {
                problems.add(AvroProblemLocator.locate(source, e));
                broken.add(file);
                parser = freshParser(schemas.keySet(), byFile);
            }
        }
        return new Parsed(schemas, problems);
    }

    // A failed parse may leave half-registered names behind: start over from the files that parsed.
    private static Schema.Parser freshParser(Set<Path> parsed, Map<Path, SchemaSource> byFile) {
        Schema.Parser parser = new Schema.Parser();
        parsed.forEach(file -> parser.parse(byFile.get(file).content()));
        return parser;
    }

    private static List<SchemaProblem> cycleProblems(DependencyGraph graph) {
        List<Path> cycle = graph.findCycle()
                .orElseThrow(
                        () -> new IllegalStateException("no topological order but no cycle among " + graph.nodes()));
        String description = cycle.stream().map(p -> p.getFileName().toString()).collect(Collectors.joining(" -> "));
        return cycle.subList(0, cycle.size() - 1).stream()
                .map(
                        file -> new SchemaProblem(
                                file,
                                0,
                                0,
                                "schema files use each other's types in a cycle (" + description
                                        + "): Avro resolves names across files only in one direction; move these types into one file"))
                .toList();
    }
}
