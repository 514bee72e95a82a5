package dev.ferry.registry.spi;

import dev.ferry.registry.CompatibilityLevel;
import dev.ferry.registry.Schema;
import dev.ferry.registry.SchemaType;
import java.util.List;
import java.util.Map;

/**
 * The rules of one schema language: parsing, canonical and normalized forms, compatibility.
 *
 * <p>Implementations are registered for {@link java.util.ServiceLoader} in
 * {@code META-INF/services/dev.ferry.registry.spi.SchemaFormat}, have a public no-argument
 * constructor, and are found with {@link SchemaFormats#find(SchemaType)}:
 *
 * <pre>{@code
 * public final class AvroFormat implements SchemaFormat {
 *     public SchemaType type() { return SchemaType.AVRO; }
 *     public ParsedSchema parse(Schema schema, Map<String, String> references) { ... }
 *     public List<String> checkCompatibility(CompatibilityLevel level, ParsedSchema candidate,
 *             List<ParsedSchema> previousNewestFirst) { ... }
 * }
 * }</pre>
 *
 * <p>Implementations must be thread-safe and stateless between calls.
 */
public interface SchemaFormat {

    /** The language this format handles. */
    SchemaType type();

    /**
     * Parses and validates a schema.
     *
     * @param schema     the schema; its {@link Schema#type()} is {@link #type()}
     * @param references the texts of all schemas it references, directly or transitively, by
     *                   reference name ({@link dev.ferry.registry.SchemaReference#name()})
     * @throws InvalidSchemaException when the text is not a valid schema or a reference is missing
     */
    ParsedSchema parse(Schema schema, Map<String, String> references);

    /**
     * Judges whether a candidate may follow earlier versions under a compatibility level.
     *
     * @param level               the level; {@link CompatibilityLevel#NONE} always answers compatible
     * @param candidate           the new schema, parsed by this format
     * @param previousNewestFirst the earlier live versions, newest first, parsed by this format; a
     *                            non-transitive level looks only at the first
     * @return human-readable reasons, each naming the field or type concerned (for example
     *         {@code "Order.amount: reader field has no default and is missing in the writer schema"});
     *         empty when compatible
     */
    List<String> checkCompatibility(
            CompatibilityLevel level, ParsedSchema candidate, List<ParsedSchema> previousNewestFirst);
}
