package dev.ferry.registry.spi;

import dev.ferry.registry.SchemaType;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * Finds the {@link SchemaFormat} implementations on the class path with {@link ServiceLoader}.
 *
 * <pre>{@code
 * Optional<SchemaFormat> avro = SchemaFormats.find(SchemaType.AVRO);
 * }</pre>
 *
 * <p>Looked up once per class loader of this class; thread-safe.
 */
public final class SchemaFormats {

    private static final Map<SchemaType, SchemaFormat> FORMATS = load(SchemaFormats.class.getClassLoader());

    private SchemaFormats() {}

    /** The format for a type, or empty when none is on the class path. */
    public static Optional<SchemaFormat> find(SchemaType type) {
        return Optional.ofNullable(FORMATS.get(type));
    }

    /**
     * Loads the formats visible to a class loader; the first found wins for each type.
     *
     * @throws IllegalStateException when an implementation is declared but cannot be instantiated
     */
    public static Map<SchemaType, SchemaFormat> load(ClassLoader loader) {
        Map<SchemaType, SchemaFormat> formats = new EnumMap<>(SchemaType.class);
        try {
            for (SchemaFormat format : ServiceLoader.load(SchemaFormat.class, loader)) {
                formats.putIfAbsent(format.type(), format);
            }
        } catch (ServiceConfigurationError e) {
            throw new IllegalStateException(
                    "cannot load a " + SchemaFormat.class.getName() + " declared in META-INF/services: "
                            + e.getMessage(),
                    e);
        }
        return Map.copyOf(formats);
    }
}
