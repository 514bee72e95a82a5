package dev.ferry.serdes.internal;

import dev.ferry.registry.Schema;
import dev.ferry.registry.spi.ParsedSchema;
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
