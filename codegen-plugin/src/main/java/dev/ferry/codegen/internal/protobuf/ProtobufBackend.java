package dev.ferry.codegen.internal.protobuf;

import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import dev.ferry.codegen.internal.CodegenFailure;
import dev.ferry.codegen.internal.FileTrees;
import dev.ferry.codegen.internal.SchemaProblemsException;
import dev.ferry.codegen.internal.binding.BoundType;
import dev.ferry.codegen.internal.generate.GeneratedFiles;
import dev.ferry.codegen.internal.generate.SchemaBackend;
import dev.ferry.codegen.internal.source.SchemaFormat;
import dev.ferry.codegen.internal.source.SchemaScanner;
import dev.ferry.codegen.internal.source.SchemaSource;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * .proto files to Java through protoc, run once for every file to generate. protoc writes
 * {@code // source: <file>} into each generated file, which tells which schema owns it.
 */
public final class ProtobufBackend implements SchemaBackend {
    private static final String SOURCE_HEADER = "// source: ";
    private static final int HEADER_LINES = 10;

    private final Path sourceDirectory;
    private final ProtobufOptions options;
    private final ProtocLocator protoc;
    private final Path workDirectory;

    public ProtobufBackend(Path sourceDirectory, ProtobufOptions options, ProtocLocator protoc, Path workDirectory) {
        this.sourceDirectory = sourceDirectory.toAbsolutePath().normalize();
        this.options = options;
        this.protoc = protoc;
        this.workDirectory = workDirectory;
    }

    @Override
    public SchemaFormat format() {
        return SchemaFormat.PROTOBUF;
    }

    @Override
    public List<SchemaSource> scan() {
        return SchemaScanner.scan(sourceDirectory, SchemaFormat.PROTOBUF);
    }

    @Override
    public String fingerprint() {
        // The content, not the entry names: a SNAPSHOT dependency keeps its file name when its .proto changes.
        String classpathProtos = ProtoIncludeExtractor.fingerprint(options.classpath());
        // Files of import directories are not generated here, so they have no edges: any change to
        // them regenerates every file of this set.
        String imports = options.importDirectories().stream()
                .flatMap(d -> SchemaScanner.scan(d, SchemaFormat.PROTOBUF).stream())
                .map(s -> s.file() + "=" + s.hash())
                .collect(Collectors.joining(","));
        return SchemaScanner.sha256(
                ("protoc=" + options.protocIdentity() + ";imports=" + imports + ";classpath=" + classpathProtos)
                        .getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public Map<Path, Set<Path>> dependencies(List<SchemaSource> sources) {
        Map<String, Path> byImportPath =
                sources.stream().collect(Collectors.toMap(SchemaSource::relativePath, SchemaSource::file, (a, b) -> a));
        Map<Path, Set<Path>> edges = new HashMap<>();
        for (SchemaSource source : sources) {
            Set<Path> deps = new TreeSet<>();
            for (String imported : ProtoImportScanner.imports(source.content())) {
                Optional.ofNullable(byImportPath.get(imported))
                        .filter(p -> !p.equals(source.file()))
                        .ifPresent(deps::add);
            }
            edges.put(source.file(), deps);
        }
        return edges;
    }

    @Override
    public GeneratedFiles generate(List<SchemaSource> sources, Set<Path> targets, Path stagingDirectory) {
        createDirectories(stagingDirectory);
        List<String> arguments = protoPathArguments();
        arguments.add("--java_out=" + stagingDirectory);
        targets.stream().sorted().map(this::importPath).forEach(arguments::add);
        List<String> warnings = runOrFail(arguments);

        Map<String, Path> byImportPath =
                sources.stream().collect(Collectors.toMap(SchemaSource::relativePath, SchemaSource::file, (a, b) -> a));
        Map<Path, Set<String>> outputs = new HashMap<>();
        targets.forEach(t -> outputs.put(t, new TreeSet<>()));
        for (String output : FileTrees.relativeFiles(stagingDirectory)) {
            Path owner = sourceHeader(stagingDirectory.resolve(output))
                    .map(byImportPath::get)
                    .orElse(null);
            if (owner != null && outputs.containsKey(owner)) {
                outputs.get(owner).add(output);
            } else {
                // Not attributable: every target owns it, so it stays while any of them exists.
                targets.forEach(t -> outputs.get(t).add(output));
            }
        }
        return new GeneratedFiles(outputs, warnings);
    }

    @Override
    public void validate(List<SchemaSource> sources) {
        if (sources.isEmpty()) {
            return;
        }
        List<String> arguments = protoPathArguments();
        arguments.add("--descriptor_set_out=" + workDirectory.resolve("validate.desc"));
        sources.stream().map(SchemaSource::file).sorted().map(this::importPath).forEach(arguments::add);
        runOrFail(arguments);
    }

    @Override
    public Map<String, BoundType> types(List<SchemaSource> sources) {
        if (sources.isEmpty()) {
            return Map.of();
        }
        Map<String, Path> byImportPath =
                sources.stream().collect(Collectors.toMap(SchemaSource::relativePath, SchemaSource::file, (a, b) -> a));
        return ProtobufTypes.describe(
                descriptorSet(sources), importPath -> Optional.ofNullable(byImportPath.get(importPath))
                        .map(Path::toString)
                        .orElse(importPath));
    }

    /**
     * protoc's descriptors of {@code sources} and of every file they import, in dependency order.
     *
     * @throws SchemaProblemsException if a file does not parse
     */
    public FileDescriptorSet descriptorSet(List<SchemaSource> sources) {
        Path descriptors = workDirectory.resolve("types.desc");
        List<String> arguments = protoPathArguments();
        arguments.add("--include_imports");
        arguments.add("--descriptor_set_out=" + descriptors);
        sources.stream().map(SchemaSource::file).sorted().map(this::importPath).forEach(arguments::add);
        runOrFail(arguments);
        try {
            return FileDescriptorSet.parseFrom(Files.readAllBytes(descriptors));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read protoc's descriptor set " + descriptors, e);
        }
    }

    private List<String> protoPathArguments() {
        Path includes = workDirectory.resolve("proto-includes");
        ProtoIncludeExtractor.extract(options.classpath(), includes);
        List<String> arguments = new ArrayList<>();
        arguments.add("--proto_path=" + sourceDirectory);
        options.importDirectories().stream()
                .filter(Files::isDirectory)
                .forEach(d -> arguments.add("--proto_path=" + d.toAbsolutePath().normalize()));
        arguments.add("--proto_path=" + includes);
        return arguments;
    }

    private static void createDirectories(Path directory) {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + directory, e);
        }
    }

    private String importPath(Path file) {
        return sourceDirectory.relativize(file).toString().replace('\\', '/');
    }

    private List<String> runOrFail(List<String> arguments) {
        ProtocRunner.Outcome outcome =
                new ProtocRunner(protoc.locate(), workDirectory, options.timeout()).run(arguments);
        ProtocReport report = ProtocReport.parse(outcome.output(), resolver());
        if (outcome.exitCode() == 0) {
            return report.warnings();
        }
        if (!report.errors().isEmpty()) {
            throw new SchemaProblemsException(report.errors());
        }
        throw new CodegenFailure("protoc failed with exit code " + outcome.exitCode() + ": "
                + outcome.output().strip());
    }

    // With absolute proto paths protoc prints disk paths; a file it could not find keeps its import path.
    private Function<String, Path> resolver() {
        return printed -> {
            Path path = Path.of(printed);
            return path.isAbsolute() ? path : sourceDirectory.resolve(path);
        };
    }

    private static Optional<String> sourceHeader(Path generated) {
        try (BufferedReader reader = Files.newBufferedReader(generated, StandardCharsets.UTF_8)) {
            for (int i = 0; i < HEADER_LINES; i++) {
                String line = reader.readLine();
                if (line == null) {
                    break;
                }
                if (line.startsWith(SOURCE_HEADER)) {
                    return Optional.of(line.substring(SOURCE_HEADER.length()).strip());
                }
            }
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read generated file " + generated, e);
        }
    }
}
