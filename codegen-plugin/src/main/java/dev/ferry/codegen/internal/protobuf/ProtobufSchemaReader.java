package dev.ferry.codegen.internal.protobuf;

import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.FileDescriptor;
import dev.ferry.codegen.internal.CodegenFailure;
import dev.ferry.codegen.internal.SchemaProblemsException;
import dev.ferry.codegen.internal.compat.SchemaReader;
import dev.ferry.codegen.internal.compat.VersionedSchema;
import dev.ferry.codegen.internal.source.SchemaFormat;
import dev.ferry.codegen.internal.source.SchemaSource;
import dev.ferry.serdes.protobuf.ProtobufFormat;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the .proto files below a directory through protoc (the reference parser; imports resolve
 * within the directory and from the project's dependency jars), keyed by import path.
 */
public record ProtobufSchemaReader(ProtobufOptions options, ProtocLocator protoc, Path workDirectory, boolean baseline)
        implements SchemaReader {

    @Override
    public SchemaFormat format() {
        return SchemaFormat.PROTOBUF;
    }

    @Override
    public Map<String, VersionedSchema> read(Path root, List<SchemaSource> sources, String what) {
        FileDescriptorSet set;
        try {
            set = new ProtobufBackend(root, options, protoc, workDirectory).descriptorSet(sources);
        } catch (SchemaProblemsException e) {
            throw SchemaReader.unparsable(baseline, what, ".proto files", e);
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
