package dev.ferry.codegen.internal.protobuf;

import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.FileDescriptor;
import dev.ferry.codegen.internal.CodegenFailure;
import dev.ferry.codegen.internal.SchemaProblem;
import dev.ferry.codegen.internal.SchemaProblemsException;
import dev.ferry.codegen.internal.compat.SchemaReader;
import dev.ferry.codegen.internal.compat.VersionedSchema;
import dev.ferry.codegen.internal.source.SchemaFormat;
import dev.ferry.codegen.internal.source.SchemaScanner;
import dev.ferry.codegen.internal.source.SchemaSource;
import dev.ferry.registry.SchemaType;
import dev.ferry.serdes.protobuf.ProtobufFormat;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reads the .proto files below a directory through protoc (the reference parser; imports resolve
 * within the directory and from the project's dependency jars), keyed by import path.
 */
public record ProtobufSchemaReader(ProtobufOptions options, ProtocLocator protoc, Path workDirectory, boolean baseline)
        implements SchemaReader {

    @Override
    public SchemaType type() {
        return SchemaType.PROTOBUF;
    }

    @Override
    public Map<String, VersionedSchema> read(Path root, String what) {
        List<SchemaSource> sources = SchemaScanner.scan(root, SchemaFormat.PROTOBUF);
        if (sources.isEmpty()) {
            return Map.of();
        }
        FileDescriptorSet set;
        try {
            set = new ProtobufBackend(root, options, protoc, workDirectory).descriptorSet(sources);
        } catch (SchemaProblemsException e) {
            if (!baseline) {
                throw e;
            }
            throw new CodegenFailure(
                    what + " .proto files do not parse: "
                            + e.problems().stream().map(SchemaProblem::format).collect(Collectors.joining("; ")),
                    e);
        }
        Map<String, FileDescriptor> built = build(set, what);
        Map<String, VersionedSchema> schemas = new LinkedHashMap<>();
        for (SchemaSource source : sources) {
            FileDescriptor file = built.get(source.relativePath());
            schemas.put(
                    source.relativePath(),
                    new VersionedSchema(source.relativePath(), source.file(), ProtobufFormat.of(file)));
        }
        return schemas;
    }

    // protoc writes a descriptor set with --include_imports in dependency order.
    private static Map<String, FileDescriptor> build(FileDescriptorSet set, String what) {
        Map<String, FileDescriptor> built = new HashMap<>();
        for (FileDescriptorProto proto : set.getFileList()) {
            List<FileDescriptor> dependencies = new ArrayList<>();
            proto.getDependencyList().forEach(name -> dependencies.add(built.get(name)));
            try {
                built.put(
                        proto.getName(), FileDescriptor.buildFrom(proto, dependencies.toArray(FileDescriptor[]::new)));
            } catch (DescriptorValidationException e) {
                throw new CodegenFailure(
                        what + " " + proto.getName() + " is not a valid Protobuf file: " + e.getMessage(), e);
            }
        }
        return built;
    }
}
