package dev.ferry.serdes.internal;

import dev.ferry.registry.Schema;
import dev.ferry.registry.spi.ParsedSchema;
import dev.ferry.registry.spi.SchemaFormat;
import java.util.List;

/**
 * What every format's parsed schema holds once parsing is done: the schema as given, its canonical
 * and normalized texts and the names it defines and refers to, all computed once by the format. The
 * subclasses add the format's own parsed form (Avro schema, Protobuf descriptor, JSON tree).
 */
public abstract class BaseParsedSchema implements ParsedSchema {

    private final Schema schema;
    private final String canonical;
    private final String normalized;
    private final List<String> definedNames;
    private final List<String> declaredReferences;

    protected BaseParsedSchema(
            Schema schema,
            String canonical,
            String normalized,
            List<String> definedNames,
            List<String> declaredReferences) {
        this.schema = schema;
        this.canonical = canonical;
        this.normalized = normalized;
        this.definedNames = List.copyOf(definedNames);
        this.declaredReferences = List.copyOf(declaredReferences);
    }

    /**
     * A parsed schema as the class of the format that parsed it, which holds the format's own form.
     *
     * @throws IllegalArgumentException if another format parsed it
     */
    public static <P extends BaseParsedSchema> P parsedBy(
            Class<? extends SchemaFormat> format, Class<P> type, ParsedSchema parsed) {
        if (type.isInstance(parsed)) {
            return type.cast(parsed);
        }
        throw new IllegalArgumentException(
                "not parsed by " + format.getSimpleName() + ": " + parsed.type() + " schema");
    }

    @Override
    public Schema schema() {
        return schema;
    }

    @Override
    public String canonical() {
        return canonical;
    }

    @Override
    public String normalized() {
        return normalized;
    }

    @Override
    public List<String> definedNames() {
        return definedNames;
    }

    @Override
    public List<String> declaredReferences() {
        return declaredReferences;
    }
}
