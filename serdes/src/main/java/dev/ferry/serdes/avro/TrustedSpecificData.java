package dev.ferry.serdes.avro;

import java.util.HashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;

/**
 * The specific-record model for a reader class the application named itself
 * ({@code specific.avro.value.type}) or Ferry's Maven plugin generated ({@link GeneratedClassListing}):
 * that class and the named types of its own compiled schema are instantiated without Avro's
 * {@code org.apache.avro.SERIALIZABLE_PACKAGES} check, since the names come from the application's
 * code. Every other class name (one a writer's schema brings in, a {@code java-class} property)
 * still goes through Avro's check.
 */
final class TrustedSpecificData extends SpecificData {

    private final Map<String, Class<?>> trusted;

    private TrustedSpecificData(ClassLoader loader, Map<String, Class<?>> trusted) {
        super(loader);
        this.trusted = Map.copyOf(trusted);
    }

    /** The model trusting {@code type} and the generated classes its schema names. */
    static TrustedSpecificData forType(Class<?> type) {
        Schema schema = SpecificData.getForClass(type).getSchema(type);
        Map<String, Class<?>> trusted = new HashMap<>();
        trusted.put(schema.getFullName(), type);
        collect(schema, type.getClassLoader(), trusted);
        TrustedSpecificData model = new TrustedSpecificData(type.getClassLoader(), trusted);
        // The logical type conversions a generated class declares in its MODEL$ (Instant, BigDecimal, ...).
        for (Class<?> generated : trusted.values()) {
            SpecificData.getForClass(generated).getConversions().forEach(model::addLogicalTypeConversion);
        }
        return model;
    }

    /**
     * Avro's fast reader is on for {@code SpecificData} itself but off for any subclass
     * ({@code FastReaderBuilder.isSupportedData} compares the class), and without it a generated record
     * reads through the {@code ResolvingDecoder}: about a quarter slower and 750 B more garbage for the
     * example {@code OrderEvent}. The fast reader instantiates through this model's {@link #getClass}
     * too, so the trust rule holds; the {@code org.apache.avro.fastread} switch is honoured as Avro reads it.
     */
    @Override
    public boolean isFastReaderEnabled() {
        return SpecificData.get().isFastReaderEnabled();
    }

    @Override
    public Class getClass(Schema schema) {
        Class<?> known =
                switch (schema.getType()) {
                    case RECORD, ENUM, FIXED -> trusted.get(schema.getFullName());
                    default -> null;
                };
        return known != null ? known : super.getClass(schema);
    }

    private static void collect(Schema schema, ClassLoader loader, Map<String, Class<?>> trusted) {
        switch (schema.getType()) {
            case RECORD -> schema.getFields().forEach(field -> collectNamed(field.schema(), loader, trusted));
            case ARRAY -> collectNamed(schema.getElementType(), loader, trusted);
            case MAP -> collectNamed(schema.getValueType(), loader, trusted);
            case UNION -> schema.getTypes().forEach(branch -> collectNamed(branch, loader, trusted));
            default -> {}
        }
    }

    private static void collectNamed(Schema schema, ClassLoader loader, Map<String, Class<?>> trusted) {
        switch (schema.getType()) {
            case RECORD, ENUM, FIXED -> {
                if (trusted.containsKey(schema.getFullName())) {
                    return;
                }
                try {
                    // The name comes from the trusted class's own compiled schema, not from a writer.
                    trusted.put(schema.getFullName(), Class.forName(SpecificData.getClassName(schema), false, loader));
                } catch (ClassNotFoundException e) {
                    throw new IllegalArgumentException(
                            "the schema of the configured class names " + schema.getFullName()
                                    + ", whose generated class is not on the class path",
                            e);
                }
                collect(schema, loader, trusted);
            }
            default -> collect(schema, loader, trusted);
        }
    }
}
