package dev.ferry.codegen.internal.binding;

import dev.ferry.codegen.internal.CodegenFailure;
import dev.ferry.codegen.internal.source.SchemaFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Resolves every topic binding's types and writes one class per topic. */
public final class BindingGenerator {

    private BindingGenerator() {}

    /**
     * Writes the bindings into {@code staging}.
     *
     * @param schemaOutputs the files the schemas generate, which a binding must not overwrite
     * @return the generated file of each binding, by topic, relative to {@code staging}
     * @throws CodegenFailure when a type or field cannot be resolved or two classes collide
     */
    public static Map<String, String> generate(
            List<TopicSpec> specs, TypeResolver resolver, Set<String> schemaOutputs, Path staging) {
        List<BindingModel> models = new ArrayList<>();
        for (TopicSpec spec : specs) {
            models.add(resolve(spec, resolver));
        }
        checkCollisions(models, schemaOutputs);
        Map<String, String> outputs = new LinkedHashMap<>();
        for (BindingModel model : models) {
            Path file = staging.resolve(model.outputPath());
            try {
                Files.createDirectories(file.getParent());
                Files.writeString(file, BindingRenderer.render(model), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write topic binding " + file, e);
            }
            outputs.put(model.topic(), model.outputPath());
        }
        return outputs;
    }

    static BindingModel resolve(TopicSpec spec, TypeResolver resolver) {
        String where = "topic '" + spec.topic() + "'";
        BoundType value = resolver.resolve(spec.valueType(), where + ": <valueType>");
        String packageName = spec.className()
                .map(name -> name.contains(".") ? name.substring(0, name.lastIndexOf('.')) : "")
                .orElse(value.packageName());
        KeySpec key = spec.key();
        if (key instanceof KeySpec.Primitive primitive) {
            return new BindingModel(
                    spec.topic(), packageName, spec.simpleName(), value, primitive.kind(), null, null, null);
        }
        if (key instanceof KeySpec.Schema schema) {
            BoundType keyType = resolver.resolve(schema.typeName(), where + ": <keyType>");
            KeyKind kind = keyType.format() == SchemaFormat.AVRO ? KeyKind.AVRO : KeyKind.PROTOBUF;
            return new BindingModel(
                    spec.topic(), packageName, spec.simpleName(), value, kind, keyType.javaClass(), null, null);
        }
        if (key instanceof KeySpec.Field field) {
            FieldAccess access = value.field(field.name())
                    .orElseThrow(() -> new CodegenFailure(where + ": <keyField> is '"
                            + field.name() + "', but " + value.javaClass() + " has no such field; its fields: "
                            + String.join(", ", value.fields().keySet())));
            if (!access.isUsable()) {
                throw new CodegenFailure(where + ": <keyField> " + value.javaClass() + "." + access.field()
                        + " cannot be a key: " + access.problem() + "; keys may be strings, enums, int, long, bytes,"
                        + " or records/messages");
            }
            return new BindingModel(
                    spec.topic(),
                    packageName,
                    spec.simpleName(),
                    value,
                    access.kind(),
                    access.schemaClass(),
                    access.field(),
                    access.expression());
        }
        return new BindingModel(spec.topic(), packageName, spec.simpleName(), value, KeyKind.NONE, null, null, null);
    }

    private static void checkCollisions(List<BindingModel> models, Set<String> schemaOutputs) {
        Map<String, String> byClass = new HashMap<>();
        for (BindingModel model : models) {
            String other = byClass.putIfAbsent(model.className(), model.topic());
            if (other != null) {
                throw new CodegenFailure("topics '" + other + "' and '" + model.topic() + "' would both generate "
                        + model.className() + ": set <className> on one of them");
            }
            if (schemaOutputs.contains(model.outputPath())) {
                throw new CodegenFailure("topic '" + model.topic() + "': the binding class " + model.className()
                        + " is also generated from a schema: set <className> to another name");
            }
        }
    }
}
