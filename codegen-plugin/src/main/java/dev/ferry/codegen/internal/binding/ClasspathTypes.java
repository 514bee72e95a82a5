package dev.ferry.codegen.internal.binding;

import dev.ferry.codegen.internal.CodegenFailure;
import dev.ferry.codegen.internal.source.SchemaFormat;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Avro records and Protobuf messages compiled elsewhere (a schema jar the project depends on), found
 * by class name on the project's classpath and read by reflection without initializing them, so a
 * class generated for another Avro or Protobuf runtime version is still described.
 */
public final class ClasspathTypes {
    private static final String AVRO_RECORD = "org.apache.avro.specific.SpecificRecord";
    private static final String PROTOBUF_MESSAGE = "com.google.protobuf.Message";
    private static final String PROTOBUF_ENUM = "com.google.protobuf.ProtocolMessageEnum";
    private static final String BYTE_STRING = "com.google.protobuf.ByteString";

    private static final Set<String> NOT_FIELDS = Set.of(
            "getSchema",
            "getSpecificData",
            "getDefaultInstanceForType",
            "getParserForType",
            "getSerializedSize",
            "getUnknownFields",
            "getDescriptorForType",
            "getAllFields");

    private final ClassLoader loader;

    /** @param loader the project's classpath, able to load Avro and Protobuf runtime classes */
    public ClasspathTypes(ClassLoader loader) {
        this.loader = loader;
    }

    /** The type named by a Java class name, or empty when no such class is on the classpath. */
    public Optional<BoundType> find(String className) {
        Class<?> type = load(className).orElse(null);
        if (type == null) {
            return Optional.empty();
        }
        SchemaFormat format;
        if (isA(type, AVRO_RECORD)) {
            format = SchemaFormat.AVRO;
        } else if (isA(type, PROTOBUF_MESSAGE)) {
            format = SchemaFormat.PROTOBUF;
        } else {
            throw new CodegenFailure(type.getName() + " is on the compile classpath but is neither a generated Avro"
                    + " record nor a generated Protobuf message");
        }
        Map<String, Method> getters = new LinkedHashMap<>();
        Arrays.stream(type.getMethods())
                .filter(m -> m.getParameterCount() == 0 && !Modifier.isStatic(m.getModifiers()))
                .filter(m -> m.getName().startsWith("get") && m.getName().length() > 3)
                .filter(m -> m.getDeclaringClass() == type)
                .sorted(Comparator.comparing(Method::getName))
                .forEach(m -> getters.put(m.getName(), m));
        Map<String, FieldAccess> fields = new LinkedHashMap<>();
        getters.values().stream().filter(m -> isFieldGetter(m, getters)).forEach(m -> {
            String field =
                    Character.toLowerCase(m.getName().charAt(3)) + m.getName().substring(4);
            fields.putIfAbsent(field, access(field, m, format));
        });
        String origin = "the compile classpath ("
                + Optional.ofNullable(type.getProtectionDomain().getCodeSource())
                        .map(source -> String.valueOf(source.getLocation()))
                        .orElse("unknown location")
                + ")";
        return Optional.of(new BoundType(format, type.getCanonicalName(), type.getPackageName(), origin, fields));
    }

    private Optional<Class<?>> load(String className) {
        // A nested class is named a.b.Outer.Inner in source and a.b.Outer$Inner by the class loader.
        String binary = className;
        while (true) {
            try {
                return Optional.of(Class.forName(binary, false, loader));
            } catch (ClassNotFoundException e) {
                int dot = binary.lastIndexOf('.');
                if (dot < 0) {
                    return Optional.empty();
                }
                binary = binary.substring(0, dot) + "$" + binary.substring(dot + 1);
            } catch (LinkageError e) {
                throw new CodegenFailure("cannot load " + className + " from the compile classpath: " + e, e);
            }
        }
    }

    /** Leaves out the getters generated code has besides one per field. */
    private static boolean isFieldGetter(Method getter, Map<String, Method> getters) {
        String name = getter.getName();
        if (NOT_FIELDS.contains(name) || name.endsWith("OrBuilder")) {
            return false;
        }
        Class<?> type = getter.getReturnType();
        if (name.endsWith("Case") && type.isEnum()) {
            return false;
        }
        // Protobuf's companions of a field x: getXBytes() of a string, getXValue() of an enum.
        if (name.endsWith("Bytes") && getters.containsKey(name.substring(0, name.length() - 5))) {
            return getters.get(name.substring(0, name.length() - 5)).getReturnType() != String.class;
        }
        if (name.endsWith("Value") && getters.containsKey(name.substring(0, name.length() - 5))) {
            return !getters.get(name.substring(0, name.length() - 5))
                    .getReturnType()
                    .isEnum();
        }
        return true;
    }

    private static FieldAccess access(String field, Method getter, SchemaFormat format) {
        Class<?> type = getter.getReturnType();
        String read = "value." + getter.getName() + "()";
        if (type == String.class) {
            return FieldAccess.usable(field, KeyKind.STRING, read);
        }
        if (CharSequence.class.isAssignableFrom(type) || type.isEnum() && format == SchemaFormat.AVRO) {
            return FieldAccess.usable(field, KeyKind.STRING, "java.util.Objects.toString(" + read + ", null)");
        }
        if (type.isEnum() && isA(type, PROTOBUF_ENUM)) {
            return FieldAccess.usable(field, KeyKind.STRING, read + ".name()");
        }
        if (type == int.class || type == Integer.class) {
            return FieldAccess.usable(field, KeyKind.INT, read);
        }
        if (type == long.class || type == Long.class) {
            return FieldAccess.usable(field, KeyKind.LONG, read);
        }
        if (type == ByteBuffer.class) {
            return FieldAccess.usable(field, KeyKind.BYTES, "bytesOf(" + read + ")");
        }
        if (type.getName().equals(BYTE_STRING)) {
            return FieldAccess.usable(field, KeyKind.BYTES, read + ".toByteArray()");
        }
        if (format == SchemaFormat.AVRO && isA(type, AVRO_RECORD)) {
            return FieldAccess.schemaKey(field, KeyKind.AVRO, type.getCanonicalName(), read);
        }
        if (format == SchemaFormat.PROTOBUF && isA(type, PROTOBUF_MESSAGE)) {
            return FieldAccess.schemaKey(field, KeyKind.PROTOBUF, type.getCanonicalName(), read);
        }
        return FieldAccess.unusable(field, "its Java type " + type.getTypeName() + " has no key serializer");
    }

    // By name, so that a class loaded against another copy of the runtime is still recognized.
    private static boolean isA(Class<?> type, String name) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            if (c.getName().equals(name) || Arrays.stream(c.getInterfaces()).anyMatch(i -> isA(i, name))) {
                return true;
            }
        }
        return false;
    }
}
