package dev.ferry.registry.spi;

import dev.ferry.registry.Schema;
import dev.ferry.registry.SchemaType;
import java.util.List;

/**
 * A schema parsed by its {@link SchemaFormat}. The format returns its own implementation, holding
 * the language's model (an Avro {@code Schema}, a Protobuf descriptor), and receives it back in
 * {@link SchemaFormat#checkCompatibility}.
 *
 * <p>Implementations are immutable and thread-safe.
 */
public interface ParsedSchema {

    /** The schema as given to {@link SchemaFormat#parse}. */
    Schema schema();

    /** Its language. */
    default SchemaType type() {
        return schema().type();
    }

    /**
     * The canonical text: the same for texts that differ only in formatting (whitespace, JSON key
     * order where the language ignores it). Registries identify schemas registered without
     * {@code normalize} by this form.
     */
    String canonical();

    /**
     * The normalized text: also the same for semantically equal schemas written differently (for
     * example reordered Protobuf options or Avro defaults spelled differently). Registries identify
     * schemas registered with {@code normalize=true} by this form.
     */
    String normalized();

    /** The full names of the records, enums or messages this schema defines, top-level first. */
    List<String> definedNames();

    /**
     * The names under which this schema refers to other schemas: Protobuf imports, Avro named types
     * defined elsewhere, JSON Schema {@code $ref} URLs. Each must match a
     * {@link dev.ferry.registry.SchemaReference#name()}.
     */
    List<String> declaredReferences();
}
