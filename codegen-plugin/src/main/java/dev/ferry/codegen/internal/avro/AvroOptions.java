package dev.ferry.codegen.internal.avro;

import dev.ferry.codegen.internal.source.SchemaScanner;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.apache.avro.compiler.specific.SpecificCompiler.FieldVisibility;
import org.apache.avro.generic.GenericData.StringType;

/**
 * The avro-maven-plugin options Ferry supports.
 *
 * @param imports files or directories parsed before the others, in this order
 * @param customConversions class names of {@code org.apache.avro.Conversion}s on the project's classpath
 */
public record AvroOptions(
        StringType stringType,
        boolean enableDecimalLogicalType,
        FieldVisibility fieldVisibility,
        boolean createSetters,
        List<String> customConversions,
        List<Path> imports) {

    public AvroOptions {
        Objects.requireNonNull(stringType, "stringType");
        Objects.requireNonNull(fieldVisibility, "fieldVisibility");
        customConversions = List.copyOf(customConversions);
        imports = List.copyOf(imports);
    }

    public static AvroOptions defaults() {
        return new AvroOptions(StringType.String, false, FieldVisibility.PRIVATE, true, List.of(), List.of());
    }

    /** Imports only change the parse order, which does not change generated code: they are left out. */
    public String fingerprint() {
        String shape = "stringType=" + stringType + ";decimal=" + enableDecimalLogicalType
                + ";visibility=" + fieldVisibility + ";setters=" + createSetters
                + ";conversions=" + String.join(",", customConversions);
        return SchemaScanner.sha256(shape.getBytes(StandardCharsets.UTF_8));
    }
}
