package dev.ferry.registry.spi;

import dev.ferry.common.FerryException;

/**
 * A schema text that its {@link SchemaFormat} cannot accept. The message names the problem and,
 * when known, the field or type; {@link #line()} gives the 1-based line of the text, or {@code -1}.
 */
public class InvalidSchemaException extends FerryException {

    private static final long serialVersionUID = 1L;

    private final int line;

    public InvalidSchemaException(String message, int line, Throwable cause) {
        super(message, cause);
        this.line = line;
    }

    public InvalidSchemaException(String message) {
        this(message, -1, null);
    }

    /** 1-based line of the problem in the schema text, or {@code -1} when unknown. */
    public int line() {
        return line;
    }
}
