package dev.ferry.codegen.internal.avro;

import dev.ferry.codegen.internal.CodegenFailure;
import dev.ferry.codegen.internal.FileTrees;
import dev.ferry.codegen.internal.SchemaProblemsException;
import dev.ferry.codegen.internal.binding.BoundType;
import dev.ferry.codegen.internal.generate.GeneratedFiles;
import dev.ferry.codegen.internal.generate.SchemaBackend;
import dev.ferry.codegen.internal.incremental.DependencyGraph;
import dev.ferry.codegen.internal.source.SchemaFormat;
import dev.ferry.codegen.internal.source.SchemaScanner;
import dev.ferry.codegen.internal.source.SchemaSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.avro.Schema;
import org.apache.avro.compiler.specific.SpecificCompiler;

/**
 * .avsc files to Java through Avro's {@link SpecificCompiler}.
 *
 * @param projectClassLoader where {@link AvroOptions#customConversions()} are loaded from
 */
public record AvroBackend(Path sourceDirectory, AvroOptions options, ClassLoader projectClassLoader)
        implements SchemaBackend {

    @Override
    public SchemaFormat format() {
        return SchemaFormat.AVRO;
    }

    @Override
    public List<SchemaSource> scan() {
        return SchemaScanner.scan(options.imports(), sourceDirectory, SchemaFormat.AVRO);
    }

    @Override
    public String fingerprint() {
        return options.fingerprint();
    }

    @Override
    public Map<Path, Set<Path>> dependencies(List<SchemaSource> sources) {
        Map<Path, AvroDeclarations> declarations = new HashMap<>();
        Map<String, Path> definedIn = new HashMap<>();
        for (SchemaSource source : sources) {
            AvroDeclarations found = AvroNameScanner.scan(source.content());
            declarations.put(source.file(), found);
            found.defined().forEach(name -> definedIn.putIfAbsent(name, source.file()));
        }
        Map<Path, Set<Path>> edges = new HashMap<>();
        declarations.forEach((file, found) -> {
            Set<Path> deps = new TreeSet<>();
            for (List<String> candidates : found.references()) {
                candidates.stream()
                        .filter(definedIn::containsKey)
                        .findFirst()
                        .map(definedIn::get)
                        .filter(definer -> !definer.equals(file))
                        .ifPresent(deps::add);
            }
            edges.put(file, deps);
        });
        return edges;
    }

    @Override
    public GeneratedFiles generate(List<SchemaSource> sources, Set<Path> targets, Path stagingDirectory) {
        Map<Path, Schema> parsed = parseOrFail(sources);
        List<Schema> toCompile = new ArrayList<>();
        for (Path target : new TreeSet<>(targets)) {
            toCompile.add(parsed.get(target));
        }
        SpecificCompiler compiler = configuredCompiler(toCompile);
        try {
            // A null source file makes the compiler write every class, never skipping by timestamp.
            compiler.compileToDestination(null, stagingDirectory.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write generated Avro classes to " + stagingDirectory, e);
        }
        return new GeneratedFiles(attribute(stagingDirectory, targets, parsed), List.of());
    }

    @Override
    public void validate(List<SchemaSource> sources) {
        parseOrFail(sources);
    }

    @Override
    public Map<String, BoundType> types(List<SchemaSource> sources) {
        if (sources.isEmpty()) {
            return Map.of();
        }
        Map<Path, Schema> parsed = parseOrFail(sources);
        return AvroTypes.describe(parsed, configuredCompiler(List.copyOf(parsed.values())));
    }

    private Map<Path, Schema> parseOrFail(List<SchemaSource> sources) {
        AvroSchemaParser.Parsed parsed = AvroSchemaParser.parse(sources, new DependencyGraph(dependencies(sources)));
        if (!parsed.problems().isEmpty()) {
            throw new SchemaProblemsException(parsed.problems());
        }
        return parsed.schemas();
    }

    private SpecificCompiler configuredCompiler(List<Schema> schemas) {
        SpecificCompiler compiler = new SpecificCompiler(schemas);
        CachedTemplates.enable(compiler);
        compiler.setStringType(options.stringType());
        compiler.setEnableDecimalLogicalType(options.enableDecimalLogicalType());
        compiler.setFieldVisibility(options.fieldVisibility());
        compiler.setCreateSetters(options.createSetters());
        for (String conversion : options.customConversions()) {
            compiler.addCustomConversion(loadConversion(conversion));
        }
        return compiler;
    }

    private Class<?> loadConversion(String className) {
        try {
            return Class.forName(className, true, projectClassLoader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new CodegenFailure(
                    "customConversion " + className
                            + " is not on the project's classpath: add the module that defines it as a dependency",
                    e);
        }
    }

    /**
     * Every generated class belongs to the file that defines its type; a class the compiler made for a
     * type that no file defines by that path (should a mangling rule change) belongs to every target,
     * so it is never deleted while one of them exists. Only targets' classes are returned.
     */
    private static Map<Path, Set<String>> attribute(Path staging, Set<Path> targets, Map<Path, Schema> parsed) {
        Map<String, Path> ownerByOutput = new HashMap<>();
        parsed.forEach((file, schema) ->
                namedTypes(schema).forEach(named -> ownerByOutput.putIfAbsent(outputPathOf(named), file)));
        Map<Path, Set<String>> outputs = new HashMap<>();
        targets.forEach(t -> outputs.put(t, new TreeSet<>()));
        for (String output : FileTrees.relativeFiles(staging)) {
            Path owner = ownerByOutput.get(output);
            if (owner != null) {
                // A class of a file that is not regenerated came along as a used type: it is unchanged.
                if (outputs.containsKey(owner)) {
                    outputs.get(owner).add(output);
                }
            } else {
                targets.forEach(t -> outputs.get(t).add(output));
            }
        }
        return outputs;
    }

    /**
     * Every named type reachable from a file's schema, including the ones other files define: files
     * come in dependency order, so a type's own file claims it first.
     */
    static List<Schema> namedTypes(Schema schema) {
        List<Schema> found = new ArrayList<>();
        collect(schema, found, new HashSet<>());
        return found;
    }

    private static void collect(Schema schema, List<Schema> found, Set<String> seen) {
        switch (schema.getType()) {
            case RECORD, ENUM, FIXED -> {
                if (!seen.add(schema.getFullName())) {
                    return;
                }
                found.add(schema);
                if (schema.getType() == Schema.Type.RECORD) {
                    schema.getFields().forEach(f -> collect(f.schema(), found, seen));
                }
            }
            case ARRAY -> collect(schema.getElementType(), found, seen);
            case MAP -> collect(schema.getValueType(), found, seen);
            case UNION -> schema.getTypes().forEach(t -> collect(t, found, seen));
            default -> {
                // primitives generate no class
            }
        }
    }

    static String outputPathOf(Schema named) {
        String name = SpecificCompiler.mangleTypeIdentifier(named.getName()) + ".java";
        String namespace = named.getNamespace();
        if (namespace == null || namespace.isEmpty()) {
            return name;
        }
        return SpecificCompiler.mangle(namespace).replace('.', '/') + "/" + name;
    }
}
